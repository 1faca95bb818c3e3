"""Classes: create, join, roster, sign-in links, the dashboard."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from fastapi.concurrency import run_in_threadpool

from app.accounts.errors import AccountError
from app.api.auth import start_session
from app.api.deps import StateDep, TeacherDep, UserDep
from app.api.limits import read_body
from app.classroom import assignments
from app.classroom.classes import MAX_ROSTER_BYTES, dashboard, roster_names
from app.i18n.messages import show

router = APIRouter(prefix="/api/classes", tags=["classes"])


@router.post("", status_code=201)
async def create_class(state: StateDep, teacher: TeacherDep, raw: Annotated[Any, Body()] = None) -> dict:
    """A new class of this teacher, with its join code."""
    name = raw.get("name") if isinstance(raw, dict) else None
    return await run_in_threadpool(state.accounts.create_class, teacher, name)


@router.post("/join")
async def join_class(request: Request, state: StateDep, raw: Annotated[Any, Body()] = None) -> dict:
    """Join a class with its code and a name: a new student, signed in."""
    if not state.settings.classroom:
        raise AccountError(404, "classroom_only")
    body = raw if isinstance(raw, dict) else {}
    user = await run_in_threadpool(state.accounts.join, body.get("code"), body.get("name"))
    start_session(request, user)
    return {"user": user.public()}


@router.get("/{class_id}")
async def get_class(class_id: str, state: StateDep, user: UserDep) -> dict:
    """A class of yours: its join code and students."""
    return await run_in_threadpool(assignments.own_class, state, user, class_id)


@router.post("/{class_id}/roster", status_code=201)
async def upload_roster(class_id: str, request: Request, state: StateDep, user: UserDep) -> dict:
    """Students from a CSV body with a `name` column, each with a one-time sign-in link."""
    await run_in_threadpool(assignments.own_class, state, user, class_id)
    names = roster_names(await read_body(request, MAX_ROSTER_BYTES))
    return {"students": await run_in_threadpool(state.accounts.roster, class_id, names)}


@router.post("/{class_id}/students/{student_id}/link")
async def student_link(class_id: str, student_id: str, state: StateDep, user: UserDep) -> dict:
    """A one-time sign-in link (valid 7 days) for a student of this class."""
    found = await run_in_threadpool(assignments.own_class, state, user, class_id)
    if student_id not in {s["id"] for s in found["students"]}:
        raise AccountError(404, "no_such", what="student", key=show(student_id))
    return {"link": await run_in_threadpool(state.accounts.new_link, student_id)}


@router.get("/{class_id}/dashboard")
async def class_dashboard(class_id: str, state: StateDep, user: UserDep) -> dict:
    """Every student's current run and best result on the current assignment."""
    return await run_in_threadpool(dashboard, state, user, class_id)


@router.post("/{class_id}/assignments", status_code=201)
async def create_assignment(class_id: str, state: StateDep, user: UserDep, raw: Annotated[Any, Body()] = None) -> dict:
    """A lesson's playground for the class, some fields locked, with a goal."""
    return await run_in_threadpool(assignments.create, state, user, class_id, raw)
