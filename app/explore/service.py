"""What the handlers call: validate a calculator request, ask the fast lane,
and turn the worker's located issues into a SpecError (a 422)."""

from __future__ import annotations

from typing import Any

from app.explore import models
from app.jobs.backend import InspectTimeout, JobBackend, unexpected
from app.spec.errors import Loc, SpecError, SpecIssue


def loss(backend: JobBackend, raw: Any, timeout: float) -> dict[str, Any]:
    """{"value", "per_sample"} of a catalog loss on y_true and y_pred."""
    payload = models.validate_loss(raw)
    return _ask(backend, "explore_loss", payload, timeout, ("y_pred",), {"en": "array", "zh": "数组"})


def metric(backend: JobBackend, raw: Any, timeout: float) -> dict[str, Any]:
    """{"results"}: a catalog metric's result() after each of its updates."""
    payload = models.validate_metric(raw)
    return _ask(backend, "explore_metric", payload, timeout, ("updates",), {"en": "number of updates", "zh": "更新次数"})


def optimizer(backend: JobBackend, raw: Any, timeout: float) -> dict[str, Any]:
    """{"trajectory", "losses"} of a catalog optimizer on a test function."""
    payload = models.validate_optimizer(raw)
    return _ask(backend, "explore_optimizer", payload, timeout, ("steps",), {"en": "number of steps", "zh": "步数"})


def widget(backend: JobBackend, name: str, raw: Any, timeout: float) -> dict[str, Any]:
    """What a lesson widget shows, computed by Keras: `name` is its task (app/widgets/)."""
    from app.explore.widgets import check_request
    from app.widgets import TASKS

    payload = check_request(TASKS[name], raw)
    return _ask(backend, TASKS[name].lane_task, payload, timeout, (), {"en": "request", "zh": "请求"})


def _ask(backend: JobBackend, task: str, payload: dict[str, Any], timeout: float, costly: Loc, what: dict[str, str]) -> dict[str, Any]:
    try:
        reply = backend.ask({"task": task, **payload})
    except InspectTimeout:
        raise SpecError([SpecIssue(costly, "explore_timeout", {"seconds": f"{timeout:g}", "what": what})]) from None
    if "error" in reply:  # the worker is alive but failed on this request: a 422 that names its log entry
        reply = unexpected({"task": task, **payload}, reply, list(costly), code="explore_failed")
    if not reply["ok"]:
        raise SpecError([SpecIssue(tuple(i["loc"]), i["code"], i["ctx"]) for i in reply["issues"]])
    return reply["result"]
