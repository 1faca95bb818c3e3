"""Read-only share links: `/shared/<token>` shows a run to anyone who has the link."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from app.api.deps import StateDep, not_found
from app.api.openapi import errors
from app.api.runs import _iso
from app.api.schemas import RunPublic

router = APIRouter(prefix="/api/shared", tags=["runs"])


@router.get("/{token}", response_model=RunPublic, response_model_exclude_unset=True, responses=errors(404))
async def shared_run(token: str, state: StateDep) -> dict:
    """The run a share link names: its spec, status, times and per-epoch logs."""
    run_id = await run_in_threadpool(state.store.run_for_share, token)
    if run_id is None:
        raise not_found("shared run", token)
    run = await run_in_threadpool(state.runs.view, run_id)
    return run | {key: _iso(run[key]) for key in ("created_at", "started_at", "finished_at")}
