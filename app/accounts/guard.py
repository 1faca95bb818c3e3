"""The check every request passes before a handler sees it (pure ASGI, so it
covers websockets too):

1. Origin: a state-changing request or a websocket handshake from a page of
   another site is refused (403), in both modes. A request that carries the
   session cookie must prove where it came from (`Origin`, else `Referer`);
   a cookie-less one (curl, a script) may omit both.
2. Who: in classroom mode, the session cookie names a user; without one, a
   page redirects to the login page, the API answers 401 and a websocket is
   refused. In personal mode everyone is the one personal user.

The user lands in `scope["state"]["user"]` (`request.state.user`).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.responses import JSONResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from app.accounts.errors import MESSAGES
from app.accounts.users import PERSONAL, User
from app.i18n import normalize_lang

SESSION_COOKIE = "kp_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Reachable without a session in classroom mode
PUBLIC_EXACT = frozenset({"/login", "/join", "/api/health", "/api/classes/join", "/favicon.ico"})
PUBLIC_PREFIXES = ("/static/", "/api/auth/", "/join/", "/shared/", "/api/shared/", "/ws/shared/")
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def _netloc(scheme: str, host: str | None, port: int | None) -> str:
    port = port or DEFAULT_PORTS.get(scheme)
    return f"{(host or '').lower()}:{port}"


def origin_of(value: str) -> str | None:
    """`scheme://host:port` of an Origin or Referer header, or None if it has none."""
    try:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        return f"{parts.scheme}://{_netloc(parts.scheme, parts.hostname, parts.port)}"
    except ValueError:
        return None


def is_public(path: str) -> bool:
    return path in PUBLIC_EXACT or path.startswith(PUBLIC_PREFIXES)


class Guard:
    def __init__(self, app: ASGIApp, *, classroom: bool, allowed_origins: tuple[str, ...], load_user: Callable[[dict], User | None]):
        self.app = app
        self.classroom = classroom
        self.allowed = {o for o in (origin_of(x) for x in allowed_origins) if o}
        self.load_user = load_user

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or scope["path"].startswith("/static/"):
            return await self.app(scope, receive, send)  # static files need no one (and no database lookup)
        headers = Headers(scope=scope)
        foreign = self._foreign_origin(scope, headers)
        if foreign is not None:
            return await self._refuse(scope, receive, send, 403, "foreign_origin", origin=foreign or "?")
        user = PERSONAL
        if self.classroom:
            session = scope.get("session") or {}
            user = await run_in_threadpool(self.load_user, session) if session.get("uid") else None
            if user is None and not is_public(scope["path"]):
                return await self._refuse(scope, receive, send, 401, "sign_in")
        scope.setdefault("state", {})["user"] = user
        await self.app(scope, receive, send)

    def _foreign_origin(self, scope: Scope, headers: Headers) -> str | None:
        """The foreign origin that sent this request ("" when it should have said and
        did not), or None when it may go on."""
        if scope["type"] == "http" and scope["method"] in SAFE_METHODS:
            return None
        claimed = headers.get("origin")
        source = origin_of(claimed) if claimed and claimed != "null" else None
        if claimed == "null":
            return "null"
        if source is None and not claimed and headers.get("referer"):
            source = origin_of(headers["referer"])
        if source is None:
            has_cookie = SESSION_COOKIE + "=" in headers.get("cookie", "")
            return "" if has_cookie or claimed else None
        host = headers.get("host", "")
        scheme = "https" if scope.get("scheme") in ("https", "wss") else "http"
        own = origin_of(f"{scheme}://{host}")
        if own and source.split("://", 1)[1] == own.split("://", 1)[1]:
            return None  # same host and port: a TLS proxy in front may change the scheme only
        return None if source in self.allowed else source

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, status: int, code: str, **ctx) -> None:
        headers = Headers(scope=scope)
        if scope["type"] == "websocket":
            # closing before accept: the client sees the handshake refused (HTTP 403)
            await send({"type": "websocket.close", "code": 4403 if status == 403 else 4401})
            return
        path = scope["path"]
        if status == 401 and not path.startswith("/api/") and scope["method"] in SAFE_METHODS:
            query = scope.get("query_string", b"").decode("latin-1")
            target = path + (f"?{query}" if query else "")
            response = RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        else:
            query = dict(p.split("=", 1) for p in scope.get("query_string", b"").decode("latin-1").split("&") if "=" in p)
            lang = normalize_lang(query.get("lang") or headers.get("accept-language"))
            response = JSONResponse({"detail": MESSAGES[code](lang).format(**ctx)}, status_code=status)
        await response(scope, receive, send)
