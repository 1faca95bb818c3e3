"""Request bodies read with a bound: past it, 413 before the rest is read."""

from __future__ import annotations

from fastapi import Request

from app.accounts.errors import AccountError


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
