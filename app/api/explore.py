"""The calculators of the loss, metric and optimizer lessons (see app/explore/explore.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException
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


WIDGET_TASKS = ("network", "gradient", "activation", "windows", "augment", "tokenize", "callbacks", "config", "plot", "epsilon")


@router.post("/{widget}")
async def widget(widget: str, raw: Annotated[Any, Body()], state: StateDep) -> dict:
    """The numbers a lesson widget shows, computed by Keras (see app/explore/explore.md)."""
    if widget not in WIDGET_TASKS:
        raise HTTPException(404, detail=f"no widget calculator {widget!r}; expected one of {', '.join(WIDGET_TASKS)}")
    return await run_in_threadpool(service.widget, state.backend, widget, raw, state.settings.inspect_timeout)
