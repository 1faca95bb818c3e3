"""Request bodies read with a bound: past it, 413 before the rest is read."""

from __future__ import annotations

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse

from app.accounts.errors import AccountError
from app.api.deps import get_lang


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise AccountError(413, "too_large", max=_size(limit))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise AccountError(413, "too_large", max=_size(limit))
        chunks.append(chunk)
    return b"".join(chunks)


def _size(n: int) -> str:
    return f"{n / 2**20:g} MiB" if n >= 2**20 else f"{n / 1024:g} KiB"


class BodyTooLarge(HTTPException):
    """Raised from inside a read body (FastAPI passes HTTPExceptions through its body parsing)."""


class BodyLimit:
    """Every request body is bounded while it streams in (`KP_MAX_BODY_KB`): a declared
    Content-Length past the bound is answered 413 at once, a longer stream as soon as
    it passes the bound. Routes that take larger bodies (`own`) read them with their
    own bound (`read_body`)."""

    def __init__(self, app, limit: int, own: tuple[str, ...] = ()):
        self.app, self.limit, self.own = app, limit, own

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith(self.own) and scope["method"] == "POST":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            return await JSONResponse({"detail": self._message(scope)}, status_code=413)(scope, receive, send)
        seen = 0

        async def bounded():
            nonlocal seen
            event = await receive()
            if event["type"] == "http.request":
                seen += len(event.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(413, detail=self._message(scope))
            return event

        await self.app(scope, bounded, send)

    def _message(self, scope) -> str:
        """Said only to a request past the bound, in its language."""
        return AccountError(413, "too_large", max=_size(self.limit)).detail(get_lang(Request(scope)))
