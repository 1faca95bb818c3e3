"""Assignments as students and teachers read them."""

from __future__ import annotations

import csv
import io

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from app.accounts.errors import NOUNS, AccountError
from app.api.deps import StateDep, UserDep
from app.api.openapi import errors, file
from app.api.schemas import AssignmentList, AssignmentPublic, Progress
from app.classroom import assignments
from app.i18n.messages import show

router = APIRouter(prefix="/api/assignments", tags=["assignments"])


@router.get("", response_model=AssignmentList)
async def list_assignments(state: StateDep, user: UserDep) -> dict:
    """A student's open assignments (a teacher's: those of their classes)."""
    full = await run_in_threadpool(state.accounts.with_classes, user)
    found = await run_in_threadpool(assignments.of_classes, state, [c["id"] for c in full.classes])
    return {"assignments": [{k: a[k] for k in ("id", "title", "lesson", "locked", "goal", "class_id")} for a in found]}


@router.get("/{assignment_id}", response_model=AssignmentPublic, responses=errors(404))
async def get_assignment(assignment_id: str, state: StateDep, user: UserDep) -> dict:
    """One assignment with its spec (what the lesson's playground loads)."""
    task = await run_in_threadpool(assignments.visible, state, user, assignment_id)
    if task is None:
        raise AccountError(404, "no_such", what=NOUNS["assignment"], key=show(assignment_id))
    return task


@router.get("/{assignment_id}/progress", response_model=Progress, responses=errors(404))
async def progress(assignment_id: str, state: StateDep, user: UserDep) -> dict:
    """Each student's best value of the goal's metric, and whether they reached it."""
    return await run_in_threadpool(assignments.progress, state, user, assignment_id)


@router.get("/{assignment_id}/progress.csv", response_class=Response, responses=file("text/csv") | errors(404))
async def progress_csv(assignment_id: str, state: StateDep, user: UserDep) -> Response:
    """The progress table as CSV (name, best, reached, run)."""
    table = await run_in_threadpool(assignments.progress, state, user, assignment_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", table["assignment"]["goal"]["metric"], "reached", "run"])
    for row in table["students"]:
        # a leading =, +, - or @ would make a spreadsheet run the cell as a formula
        name = "'" + row["name"] if row["name"][:1] in "=+-@\t" else row["name"]
        writer.writerow([name, "" if row["best"] is None else f"{row['best']:.6g}", "yes" if row["reached"] else "no", row["run"] or ""])
    filename = f"assignment-{assignment_id}-progress.csv"
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8", headers={"Content-Disposition": f'attachment; filename="{filename}"'})
