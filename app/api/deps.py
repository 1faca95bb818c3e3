"""Typed dependencies shared by the routers."""

from __future__ import annotations

import re
from functools import cache, partial
from typing import Annotated

import anyio
from fastapi import Depends, HTTPException, Request
from starlette.requests import HTTPConnection

from app.accounts.access import can_see
from app.accounts.errors import AccountError
from app.accounts.users import ANONYMOUS, User
from app.i18n import normalize_lang
from app.state import AppState


def get_state(request: Request) -> AppState:
    return request.app.state.kp


def get_lang(request: Request) -> str:
    """`?lang=` wins; then the browser's Accept-Language; then English."""
    return normalize_lang(request.query_params.get("lang") or request.headers.get("accept-language"))


RUN_ID = re.compile(r"[0-9a-f]{16}")

StateDep = Annotated[AppState, Depends(get_state)]
LangDep = Annotated[str, Depends(get_lang)]


def not_found(what: str, key: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"no {what} {key!r}")


def get_user(request: HTTPConnection) -> User:
    """Who is asking (set by app.accounts.guard.Guard): the personal user in personal
    mode; in classroom mode the signed-in user, or ANONYMOUS on the public pages."""
    return getattr(request.state, "user", None) or ANONYMOUS


def get_teacher(user: Annotated[User, Depends(get_user)]) -> User:
    if not user.teacher:
        raise AccountError(403, "teachers_only")
    return user


def get_admin(user: Annotated[User, Depends(get_user)]) -> User:
    if not user.admin:
        raise AccountError(403, "admins_only")
    return user


UserDep = Annotated[User, Depends(get_user)]
TeacherDep = Annotated[User, Depends(get_teacher)]
AdminDep = Annotated[User, Depends(get_admin)]


def seen_run(state: AppState, user: User, run_id: str) -> dict:
    """The run if `user` may see it; otherwise exactly what an unknown run gets (404)."""
    run = state.store.get_run(run_id) if RUN_ID.fullmatch(run_id) else None
    if run is None or not can_see(state.accounts, user, run["owner_id"]):
        raise not_found("run", run_id)
    return run


@cache
def _fast_lane() -> anyio.CapacityLimiter:
    return anyio.CapacityLimiter(64)  # made on first use, inside the event loop


async def in_fast_lane(fn, *args):
    """Run `fn` (which waits for an inspector) on threads of its own: requests waiting
    for a busy inspector must not take the threads every other route runs on."""
    return await anyio.to_thread.run_sync(partial(fn, *args), limiter=_fast_lane())
