"""Requests of the lesson widgets' own tasks: every field a bounded parameter
of the widget's entry (app/widgets/<folder>/__init__.py), checked in the web
process before Keras sees anything."""

from __future__ import annotations

from typing import Any

from app.catalog.registry import Entry
from app.i18n import T
from app.i18n.messages import show
from app.spec.errors import SpecError, SpecIssue
from app.spec.validate import validate_spec
from app.widgets import TASKS
from app.widgets.registry import Widget


def validate(task: str, raw: Any) -> dict[str, Any]:
    """The checked request of the widget whose task is `task`, or SpecError at its field."""
    return check_request(TASKS[task], raw)


def check_request(widget: Widget, raw: Any) -> dict[str, Any]:
    """`raw` checked against `widget`'s request, every default filled in (and its
    "model" when it takes the playground's spec), or SpecError at the field."""
    if not isinstance(raw, dict):
        raise SpecError([SpecIssue((), "object", {"value": show(raw)})])
    body = dict(raw)
    spec = body.pop("spec", None)
    clean, issues = Entry(widget.task, "widget", T(widget.task, widget.task), widget.request).check_config(body)
    if issues:
        raise SpecError([SpecIssue(i.loc, i.code, i.ctx) for i in issues])
    full = {p.name: p.default for p in widget.request} | clean
    found = widget.check(full) if widget.check else []
    if found:
        raise SpecError(found)
    if widget.takes_model:
        try:
            checked = validate_spec(spec)  # a model the playground can build
        except SpecError as e:
            raise SpecError([SpecIssue(("spec", *i.loc), i.code, i.ctx) for i in e.issues]) from None
        full["model"] = checked.model.model_dump(mode="json")
    return full
