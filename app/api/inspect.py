from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.concurrency import run_in_threadpool

from app.api.deps import LangDep, StateDep
from app.spec.validate import validate_spec

router = APIRouter(prefix="/api", tags=["inspect"])


@router.post("/inspect")
async def inspect(raw: Annotated[Any, Body()], state: StateDep, lang: LangDep) -> dict:
    """Keras's own summary of a spec's model, and any way it does not fit its data and loss."""
    spec = validate_spec(raw)
    return await run_in_threadpool(state.inspector.inspect, spec, lang)
