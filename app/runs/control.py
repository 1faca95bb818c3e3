"""Live controls of a running run: the body of `POST /api/runs/{id}/control`
and its checks (app/runs/events.md).

The worker applies a control between batches (`app/worker/controls.py`) and
reports it as a `control` event. Bad bodies get the same located, bilingual
422 as a bad spec; the learning rate has the bounds the form gives it (the
catalog's optimizer parameter).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ValidationError

from app.catalog import OPTIMIZERS
from app.catalog.common import LEARNING_RATE
from app.catalog.params import Choice, Float, ParamError
from app.i18n import T
from app.i18n.messages import render, show
from app.spec.errors import SpecError, SpecIssue, from_pydantic
from app.spec.models import Strict, bounded

ACTION = Choice(
    name="action",
    default="pause",
    choices=("pause", "resume", "step", "set"),
    help=T(
        "pause: wait after the batch in progress; resume: go on; step: train to the end of the epoch, then pause; set: change the learning rate.",
        "pause：当前批次结束后暂停；resume：继续；step：训练到本轮结束后再暂停；set：修改学习率。",
    ),
)
# The action as the 409 names it
DOING = {
    "pause": T("Pausing", "暂停"),
    "resume": T("Resuming", "继续"),
    "step": T("Stepping", "单步训练"),
    "set": T("Setting the learning rate", "设置学习率"),
}


class RunControl(Strict):
    action: Annotated[str, bounded(ACTION)]
    learning_rate: Any = None  # checked against the run's optimizer


class NotRunning(RuntimeError):
    """The run is not training (queued or ended), so there is nothing to control."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


def parse_control(raw: Any, spec: dict[str, Any]) -> dict[str, Any]:
    """The command to send the worker, or SpecError located at the body's field."""
    if not isinstance(raw, dict):
        raise SpecError([SpecIssue((), "object", {"value": show(raw)})])
    try:
        control = RunControl.model_validate(raw)
    except ValidationError as e:
        raise from_pydantic(e, RunControl) from None
    given = "learning_rate" in control.model_fields_set
    if control.action != "set":
        if given:
            raise SpecError([SpecIssue(("learning_rate",), "control_rate_action", {"value": show(control.action)})])
        return {"action": control.action}
    if not given:
        raise SpecError([SpecIssue(("learning_rate",), "required")])
    optimizer = (spec.get("compile") or {}).get("optimizer")
    schedule = scheduled_rate(optimizer)
    if schedule is not None:
        raise SpecError([SpecIssue(("learning_rate",), "control_scheduled", {"value": show(schedule)})])
    try:
        rate = rate_param(optimizer).check(control.learning_rate)
    except ParamError as e:
        raise SpecError([SpecIssue(("learning_rate",), e.code, e.ctx)]) from None
    return {"action": "set", "learning_rate": rate}


def scheduled_rate(optimizer: Any) -> str | None:
    """The class name of the schedule the optimizer's learning rate follows, if it follows one."""
    rate = optimizer.get("config", {}).get("learning_rate") if isinstance(optimizer, dict) else None
    return rate.get("class_name", "?") if isinstance(rate, dict) else None


def rate_param(optimizer: Any) -> Float:
    """The optimizer's learning_rate parameter from the catalog, for a number only
    (the catalog's also takes a schedule, which cannot replace a running one)."""
    name = optimizer.get("class_name") if isinstance(optimizer, dict) else optimizer
    entry = (OPTIMIZERS.get(name) or OPTIMIZERS.by_alias(name)) if isinstance(name, str) else None
    p = (entry.param("learning_rate") if entry else None) or LEARNING_RATE
    return Float(name=p.name, default=p.default, help=p.help, lo=p.lo, hi=p.hi, lo_open=p.lo_open, hi_open=p.hi_open, step=p.step)


def not_running(run_id: str, status: str, action: str, lang: str) -> str:
    """The 409's message: controls reach only a run that is training."""
    return render("control_not_running", {"action": DOING[action].to_json(), "run": show(run_id), "status": status}, lang)
