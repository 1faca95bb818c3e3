"""Classes: create, join, roster, sign-in links, the dashboard."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Request
from fastapi.concurrency import run_in_threadpool

from app.accounts.errors import NOUNS, AccountError
from app.api.auth import start_session
from app.api.bodies import AssignmentCreate, ClassCreate, ClassJoin
from app.api.deps import StateDep, TeacherDep, UserDep
from app.api.limits import read_body
from app.api.openapi import Documented, body, errors, links, required_body
from app.api.schemas import (
    AssignmentPublic,
    ClassCreated,
    ClassPublic,
    Dashboard,
    Roster,
    SignedIn,
    SignInLink,
)
from app.classroom import assignments
from app.classroom.classes import MAX_ROSTER_BYTES, dashboard, roster_names
from app.i18n.messages import show

router = APIRouter(prefix="/api/classes", tags=["classes"])


# What a class's id leads to (classroom mode)
CLASS_LINKS = links("get_class", "class_dashboard", "upload_roster", "create_assignment", class_id="$response.body#/id")


@router.post("", status_code=201, response_model=ClassCreated, responses={201: CLASS_LINKS} | errors(403, 422), openapi_extra=required_body())
async def create_class(state: StateDep, teacher: TeacherDep, raw: Annotated[Documented[ClassCreate], Body()] = None) -> dict:
    """A new class of this teacher, with its join code."""
    name = raw.get("name") if isinstance(raw, dict) else None
    return await run_in_threadpool(state.accounts.create_class, teacher, name)


@router.post("/join", response_model=SignedIn, responses=errors(404, 409, 422), openapi_extra=required_body())
async def join_class(request: Request, state: StateDep, raw: Annotated[Documented[ClassJoin], Body()] = None) -> dict:
    """Join a class with its code and a name: a new student, signed in."""
    if not state.settings.classroom:
        raise AccountError(404, "classroom_only")
    body = raw if isinstance(raw, dict) else {}
    user = await run_in_threadpool(state.accounts.join, body.get("code"), body.get("name"))
    start_session(request, user)
    return {"user": user.public()}


@router.get("/{class_id}", response_model=ClassPublic, responses={200: links("student_link", class_id="$response.body#/id", student_id="$response.body#/students/0/id")} | errors(404))
async def get_class(class_id: str, state: StateDep, user: UserDep) -> dict:
    """A class of yours: its join code and students."""
    return await run_in_threadpool(assignments.own_class, state, user, class_id)


@router.post(
    "/{class_id}/roster", status_code=201, response_model=Roster,
    responses={201: links("student_link", class_id="$request.path.class_id", student_id="$response.body#/students/0/id")} | errors(404, 413, 422),
    openapi_extra=body("text/csv", {"type": "string"}, "name\nAda\nAlan\n"),
)  # fmt: skip
async def upload_roster(class_id: str, request: Request, state: StateDep, user: UserDep) -> dict:
    """Students from a CSV body with a `name` column, each with a one-time sign-in link."""
    await run_in_threadpool(assignments.own_class, state, user, class_id)
    names = roster_names(await read_body(request, MAX_ROSTER_BYTES))
    return {"students": await run_in_threadpool(state.accounts.roster, class_id, names)}


@router.post("/{class_id}/students/{student_id}/link", response_model=SignInLink, responses=errors(404))
async def student_link(class_id: str, student_id: str, state: StateDep, user: UserDep) -> dict:
    """A one-time sign-in link (valid 7 days) for a student of this class."""
    found = await run_in_threadpool(assignments.own_class, state, user, class_id)
    if student_id not in {s["id"] for s in found["students"]}:
        raise AccountError(404, "no_such", what=NOUNS["student"], key=show(student_id))
    return {"link": await run_in_threadpool(state.accounts.new_link, student_id)}


@router.get("/{class_id}/dashboard", response_model=Dashboard, responses=errors(404))
async def class_dashboard(class_id: str, state: StateDep, user: UserDep) -> dict:
    """Every student's current run and best result on the current assignment."""
    return await run_in_threadpool(dashboard, state, user, class_id)


@router.post(
    "/{class_id}/assignments", status_code=201, response_model=AssignmentPublic,
    responses={201: links("get_assignment", "progress", "progress_csv", assignment_id="$response.body#/id")} | errors(404, 422),
    openapi_extra=required_body(),
)  # fmt: skip
async def create_assignment(class_id: str, state: StateDep, user: UserDep, raw: Annotated[Documented[AssignmentCreate], Body()] = None) -> dict:
    """A lesson's playground for the class, some fields locked, with a goal."""
    return await run_in_threadpool(assignments.create, state, user, class_id, raw)
