from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from app.api.deps import StateDep, not_found
from app.spec.validate import validate_spec
from app.store.runs import TERMINAL

router = APIRouter(prefix="/api/runs", tags=["runs"])


def _iso(t: float | None) -> str | None:
    return datetime.fromtimestamp(t, UTC).isoformat() if t else None


@router.post("", status_code=201)
async def create_run(raw: Annotated[Any, Body()], state: StateDep) -> dict:
    """Validate a spec, check it builds, and queue it for training."""
    spec = validate_spec(raw, for_run=True)
    await run_in_threadpool(state.inspector.check_run, spec)
    run_id = await run_in_threadpool(state.runs.create, spec)
    return {"id": run_id, "status": "queued"}


@router.get("/{run_id}")
async def get_run(run_id: str, state: StateDep) -> dict:
    """A run: its spec, status, times, per-epoch logs and error."""
    run = await run_in_threadpool(state.runs.view, run_id)
    if run is None:
        raise not_found("run", run_id)
    return run | {key: _iso(run[key]) for key in ("created_at", "started_at", "finished_at")}


@router.post("/{run_id}/cancel", status_code=202)
async def cancel_run(run_id: str, state: StateDep) -> Any:
    """Stop a queued or running run (gracefully; by force after a grace period)."""
    run = await run_in_threadpool(state.store.get_run, run_id)
    if run is None:
        raise not_found("run", run_id)
    if run["status"] in TERMINAL:
        raise HTTPException(409, detail=f"run {run_id!r} has already ended ({run['status']})")
    accepted = await run_in_threadpool(state.runs.cancel, run_id)
    if not accepted:
        return JSONResponse({"id": run_id, "status": run["status"], "cancelling": False}, status_code=409)
    return {"id": run_id, "status": run["status"], "cancelling": True}
