from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.concurrency import run_in_threadpool

from app.api.deps import StateDep
from app.spec.validate import validate_spec

router = APIRouter(prefix="/api", tags=["inspect"])


@router.post("/inspect")
async def inspect(raw: Annotated[Any, Body()], state: StateDep) -> dict:
    """Keras's own summary of a spec's model (checked against its data and loss when given)."""
    spec = validate_spec(raw)
    return await run_in_threadpool(state.inspector.inspect, spec, check=True)
