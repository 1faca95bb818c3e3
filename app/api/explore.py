"""The calculators of the loss, metric and optimizer lessons (see app/explore/explore.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.concurrency import run_in_threadpool

from app.api.deps import StateDep
from app.explore import service

router = APIRouter(prefix="/api/explore", tags=["explore"])


@router.post("/loss")
async def loss(raw: Annotated[Any, Body()], state: StateDep) -> dict:
    """A loss of the catalog computed by Keras: its value and one loss per sample."""
    return await run_in_threadpool(service.loss, state.backend, raw, state.settings.inspect_timeout)


@router.post("/metric")
async def metric(raw: Annotated[Any, Body()], state: StateDep) -> dict:
    """A metric of the catalog updated by Keras batch by batch: its result after each update."""
    return await run_in_threadpool(service.metric, state.backend, raw, state.settings.inspect_timeout)


@router.post("/optimizer")
async def optimizer(raw: Annotated[Any, Body()], state: StateDep) -> dict:
    """An optimizer of the catalog stepping down a test function: the points it visits and their losses."""
    return await run_in_threadpool(service.optimizer, state.backend, raw, state.settings.inspect_timeout)
