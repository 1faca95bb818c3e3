"""The calculators' requests: structure and bounds as pydantic models, Keras
identifiers checked against the catalog, arrays checked number by number.

Every problem becomes a `SpecIssue` at its field (`["updates", 1, "y_pred",
0]`), so a request that reaches the worker is one Keras may be given.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, Field, ValidationError

from app.catalog import LOSSES, METRICS, OPTIMIZERS, Registry
from app.catalog.params import ParamError
from app.explore import limits
from app.i18n.messages import show
from app.spec.errors import Loc, SpecError, SpecIssue, from_pydantic
from app.spec.models import KerasRef, Strict, bounded
from app.spec.validate import _check_ref

M = TypeVar("M", bound=BaseModel)


class LossRequest(Strict):
    loss: KerasRef
    y_true: Any
    y_pred: Any


class MetricUpdate(Strict):
    y_true: Any
    y_pred: Any
    sample_weight: Any = None


class MetricRequest(Strict):
    metric: KerasRef
    updates: list[MetricUpdate] = Field(min_length=1, max_length=limits.MAX_UPDATES)


class OptimizerRequest(Strict):
    optimizer: KerasRef
    function: Annotated[str, bounded(limits.FUNCTION)]
    start: list[Annotated[float, bounded(limits.START)]] = Field(min_length=1, max_length=limits.MAX_COORDS)
    steps: Annotated[int, bounded(limits.STEPS)]


def _parse(model: type[M], raw: Any) -> M:
    if not isinstance(raw, dict):
        raise SpecError([SpecIssue((), "object", {"value": show(raw)})])
    try:
        return model.model_validate(raw)
    except ValidationError as e:
        error = from_pydantic(e, model)
        # from_pydantic renders a missing field as "invalid"; say it is required
        kinds = [found["type"] for found in e.errors(include_url=False)]
        issues = [SpecIssue(i.loc, "required") if kind == "missing" else i for i, kind in zip(error.issues, kinds, strict=True)]
        raise SpecError(issues) from None


def check_ref(registry: Registry, value: Any, loc: Loc) -> tuple[Any, list[SpecIssue]]:
    """The catalog object `{"class_name", "config"}` for an alias, a class name
    or an object; an alias becomes its class with Keras's defaults."""
    ref, issues = _check_ref(registry, value, loc)
    if isinstance(ref, str) and not issues:
        ref = {"class_name": registry.by_alias(ref).class_name, "config": {}}
    return ref, issues


def array_shape(value: Any) -> list[int]:
    """The shape of a rectangular nested list, read along its first items."""
    shape = []
    while isinstance(value, list):
        shape.append(len(value))
        if not value:
            break
        value = value[0]
    return shape


def check_array(value: Any, loc: Loc) -> tuple[list[int], list[SpecIssue]]:
    """The shape of a rectangular list of finite numbers nested 1 to MAX_DEPTH
    deep, or the first problem found, located at the item."""
    if not isinstance(value, list):
        return [], [SpecIssue(loc, "explore_array", {"depth": limits.MAX_DEPTH, "value": show(value)})]
    shape = array_shape(value)
    if len(shape) > limits.MAX_DEPTH:
        return shape, [SpecIssue(loc, "explore_depth", {"max": limits.MAX_DEPTH, "depth": len(shape)})]
    count = math.prod(shape)
    if count > limits.MAX_NUMBERS:
        return shape, [SpecIssue(loc, "explore_size", {"max": f"{limits.MAX_NUMBERS:,}", "count": f"{count:,}"})]
    problem = _walk(value, shape, loc)
    return shape, [problem] if problem else []


def _walk(value: Any, shape: list[int], loc: Loc) -> SpecIssue | None:
    if not shape:  # a leaf: one number
        try:
            limits.VALUE.check(value)
        except ParamError as e:
            if isinstance(value, float) and not math.isfinite(value):
                e.ctx["value"] = str(value)
            return SpecIssue(loc, e.code, e.ctx)
        return None
    if not isinstance(value, list) or len(value) != shape[0]:
        return SpecIssue(loc, "explore_ragged", {"expected": shape[0], "value": show(value)})
    if not value:
        return SpecIssue(loc, "explore_empty", {})
    for i, item in enumerate(value):
        problem = _walk(item, shape[1:], (*loc, i))
        if problem:
            return problem
    return None


def validate_loss(raw: Any) -> dict[str, Any]:
    """The worker's payload for a loss request, or SpecError at the fields."""
    request = _parse(LossRequest, raw)
    loss, issues = check_ref(LOSSES, request.loss, ("loss",))
    for name in ("y_true", "y_pred"):
        issues += check_array(getattr(request, name), (name,))[1]
    if issues:
        raise SpecError(issues)
    return {"loss": loss, "y_true": request.y_true, "y_pred": request.y_pred}


def validate_metric(raw: Any) -> dict[str, Any]:
    """The worker's payload for a metric request, or SpecError at the fields."""
    request = _parse(MetricRequest, raw)
    metric, issues = check_ref(METRICS, request.metric, ("metric",))
    total = 0
    updates = []
    for i, update in enumerate(request.updates):
        for name in ("y_true", "y_pred", "sample_weight"):
            value = getattr(update, name)
            if name == "sample_weight" and value is None:
                continue
            shape, found = check_array(value, ("updates", i, name))
            issues += found
            total += math.prod(shape) if shape else 0
        updates.append(update.model_dump(exclude_none=True))
    if total > limits.MAX_TOTAL_NUMBERS and not issues:
        issues.append(SpecIssue(("updates",), "explore_total", {"max": f"{limits.MAX_TOTAL_NUMBERS:,}", "count": f"{total:,}"}))
    if issues:
        raise SpecError(issues)
    return {"metric": metric, "updates": updates}


def validate_optimizer(raw: Any) -> dict[str, Any]:
    """The worker's payload for an optimizer request, or SpecError at the fields."""
    request = _parse(OptimizerRequest, raw)
    optimizer, issues = check_ref(OPTIMIZERS, request.optimizer, ("optimizer",))
    if request.function in limits.TWO_D and len(request.start) != 2:
        issues.append(SpecIssue(("start",), "explore_coords", {"n": 2, "function": request.function, "count": len(request.start)}))
    if issues:
        raise SpecError(issues)
    return {"optimizer": optimizer, "function": request.function, "start": request.start, "steps": request.steps}
