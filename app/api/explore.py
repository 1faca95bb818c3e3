"""The calculators of the loss, metric and optimizer lessons (see app/explore/explore.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Path

from app.api.bodies import WidgetRequest
from app.api.deps import StateDep, in_fast_lane
from app.api.openapi import Documented, errors
from app.api.schemas import LossResult, MetricResult, OptimizerResult, WidgetResult
from app.explore import service
from app.explore.models import LossRequest, MetricRequest, OptimizerRequest
from app.widgets import TASKS

router = APIRouter(prefix="/api/explore", tags=["explore"])


FAST_LANE_ERRORS = errors(422, 503)


@router.post("/loss", response_model=LossResult, responses=FAST_LANE_ERRORS)
async def loss(raw: Annotated[Documented[LossRequest], Body(examples=[{"loss": "binary_crossentropy", "y_true": [[0, 1], [0, 0]], "y_pred": [[0.6, 0.4], [0.4, 0.6]]}])], state: StateDep) -> dict:
    """A loss of the catalog computed by Keras: its value and one loss per sample."""
    return await in_fast_lane(service.loss, state.backend, raw, state.settings.inspect_timeout)


@router.post("/metric", response_model=MetricResult, responses=FAST_LANE_ERRORS)
async def metric(raw: Annotated[Documented[MetricRequest], Body(examples=[{"metric": "mae", "updates": [{"y_true": [[1.0], [2.0]], "y_pred": [[1.5], [2.0]]}]}])], state: StateDep) -> dict:
    """A metric of the catalog updated by Keras batch by batch: its result after each update."""
    return await in_fast_lane(service.metric, state.backend, raw, state.settings.inspect_timeout)


@router.post("/optimizer", response_model=OptimizerResult, responses=FAST_LANE_ERRORS)
async def optimizer(raw: Annotated[Documented[OptimizerRequest], Body(examples=[{"optimizer": "adam", "function": "quadratic", "start": [10.0], "steps": 3}])], state: StateDep) -> dict:
    """An optimizer of the catalog stepping down a test function: the points it visits and their losses."""
    return await in_fast_lane(service.optimizer, state.backend, raw, state.settings.inspect_timeout)


WIDGET_TASKS = tuple(TASKS)  # the widgets' own tasks (app/widgets/)


@router.post("/{widget}", response_model=WidgetResult, responses=errors(404) | FAST_LANE_ERRORS)
async def widget(widget: Annotated[str, Path(examples=list(WIDGET_TASKS))], raw: Annotated[Documented[WidgetRequest], Body()], state: StateDep) -> dict:
    """The numbers a lesson widget shows, computed by Keras (see app/explore/explore.md)."""
    if widget not in WIDGET_TASKS:
        raise HTTPException(404, detail=f"no widget calculator {widget!r}; expected one of {', '.join(WIDGET_TASKS)}")
    return await in_fast_lane(service.widget, state.backend, widget, raw, state.settings.inspect_timeout)
