"""Sign in, sign out, and who am I."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Request, Response
from fastapi.concurrency import run_in_threadpool

from app.accounts.errors import AccountError
from app.accounts.users import User
from app.api.bodies import Login
from app.api.deps import StateDep, UserDep
from app.api.openapi import Documented, errors, required_body
from app.api.schemas import Me, SignedIn
from app.i18n.messages import show

router = APIRouter(prefix="/api", tags=["auth"])


def start_session(request: Request, user: User) -> None:
    if "session" not in request.scope:
        raise AccountError(404, "classroom_only")
    request.session.clear()
    request.session.update({"uid": user.id, "sv": user.session_version})


@router.post("/auth/login", response_model=SignedIn, responses=errors(401, 404, 422, 429), openapi_extra=required_body())
async def login(request: Request, state: StateDep, raw: Annotated[Documented[Login], Body()] = None) -> dict:
    """Sign a teacher in: sets the session cookie."""
    if not state.settings.classroom:
        raise AccountError(404, "classroom_only")
    body = raw if isinstance(raw, dict) else {}
    name, password = body.get("username"), body.get("password")
    for field, value in (("username", name), ("password", password)):
        if not isinstance(value, str) or not value or len(value) > 256:
            raise AccountError(422, "text", (field,), what=field, value=show(value if field == "username" else "…"))
    wait = state.throttle.wait(name)
    if wait:
        raise AccountError(429, "login_throttled", headers={"Retry-After": str(wait)}, name=show(name), seconds=wait)
    user = await run_in_threadpool(state.accounts.authenticate, name, password)
    if user is None:
        state.throttle.failed(name)
        raise AccountError(401, "bad_login")
    state.throttle.succeeded(name)
    start_session(request, user)
    return {"user": user.public()}


@router.post("/auth/logout", status_code=204)
async def logout(request: Request) -> Response:
    """End this browser's session."""
    if "session" in request.scope:
        request.session.clear()
    return Response(status_code=204)


@router.get("/me", response_model=Me)
async def me(state: StateDep, user: UserDep) -> dict:
    """Who is asking: their role, whether they administer the server, their classes."""
    full = await run_in_threadpool(state.accounts.with_classes, user)
    return {"id": full.id, "name": full.name, "role": full.role, "admin": full.admin, "classes": list(full.classes)}
