"""The server's administrator: workers, the queue with owners, teachers, storage, clean-up."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.concurrency import run_in_threadpool

from app.api.bodies import Cleanup
from app.api.deps import AdminDep, StateDep
from app.api.openapi import Documented, errors, required_body
from app.api.schemas import AdminOverview, Cleaned
from app.classroom.storage import storage_by_class
from app.i18n.messages import show
from app.spec.errors import SpecError, SpecIssue

router = APIRouter(prefix="/api/admin", tags=["admin"])
MAX_DAYS = 3650


def overview(state) -> dict:
    waiting = state.backend.waiting()
    owners = {w["owner"] for w in waiting if w["owner"]}
    users = {o: state.accounts.get(o) for o in owners}
    names = {o: (u.name if u else None) for o, u in users.items()}
    health = state.deployment.health()  # every web process's workers
    return {
        "workers": health["workers"],
        "inspector": health.get("inspector"),
        "queue": [w | {"owner_name": names.get(w["owner"])} for w in waiting],
        "teachers": [{k: t[k] for k in ("id", "name", "admin")} for t in state.accounts.teachers()],
        "storage": storage_by_class(state),
    }


@router.get("", response_model=AdminOverview, responses=errors(403))
async def admin_overview(state: StateDep, admin: AdminDep) -> dict:
    """Workers (state, run, memory), the queue in order with owners, teachers, storage per class."""
    return await run_in_threadpool(overview, state)


@router.post("/cleanup", response_model=Cleaned, responses=errors(403, 422), openapi_extra=required_body())
async def cleanup(state: StateDep, admin: AdminDep, raw: Annotated[Documented[Cleanup], Body()] = None) -> dict:
    """Delete every finished run older than `days` days, with its events and files."""
    days = raw.get("days") if isinstance(raw, dict) else None
    if not isinstance(days, int | float) or isinstance(days, bool) or not 0 <= days <= MAX_DAYS:
        raise SpecError([SpecIssue(("days",), "number", {"what": {"en": "a number of days", "zh": "天数"}, "range": f"from 0 to {MAX_DAYS}", "value": show(days)})])
    old = await run_in_threadpool(state.store.finished_before, time.time() - days * 86400)
    await run_in_threadpool(state.runs.forget, old)
    return {"deleted": len(old)}
