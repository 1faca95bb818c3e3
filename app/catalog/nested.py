"""Parameters whose value is itself a catalog object: a wrapper's inner layer,
an RNN's cells, a learning-rate schedule, a Lambda's named expression.

Nested values use the same shape as everything else in the spec,
`{"class_name": ..., "config": {...}}`, and are checked against their own
registry, so a problem deep inside is still reported at its exact field
(`["model", "layers", 2, "config", "layer", "config", "units"]`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from app.catalog.params import Float, Param, ParamError
from app.i18n import T
from app.i18n.messages import show


class NestedError(ParamError):
    """Problems inside a nested object, each located relative to the parameter."""

    def __init__(self, issues: list):
        super().__init__("invalid", detail="nested")
        self.issues = issues


def registry(name: str):
    from app.catalog import REGISTRIES  # late: the registries import this module

    return REGISTRIES[name]


def check_object(registry_name: str, value: Any, allowed: tuple[str, ...] | None) -> dict[str, Any]:
    """A checked {"class_name", "config"} of `registry_name`, or NestedError."""
    from app.catalog.registry import Issue

    reg = registry(registry_name)
    if not (isinstance(value, dict) and isinstance(value.get("class_name"), str) and isinstance(value.get("config", {}), dict) and set(value) <= {"class_name", "config"}):
        raise NestedError([Issue((), "keras_object", {"value": show(value)})])
    names = allowed if allowed is not None else tuple(reg.entries)
    entry = reg.get(value["class_name"]) if value["class_name"] in names else None
    if entry is None:
        raise NestedError([Issue(("class_name",), **_unknown(reg, value["class_name"], names))])
    clean, issues = entry.check_config(value.get("config", {}))
    if issues:
        raise NestedError([Issue(("config", *i.loc), i.code, i.ctx) for i in issues])
    return {"class_name": entry.class_name, "config": clean}


def _unknown(reg, value: Any, names) -> dict[str, Any]:
    found = reg.unknown(value, names)
    return {"code": found.code, "ctx": found.ctx | {"hint": T(f" ({', '.join(names)})", f"（{'、'.join(names)}）").to_json()}}


@dataclass(frozen=True, kw_only=True)
class Nested(Param):
    """One object of another registry (or, with `many`, a list of them)."""

    registry: str
    allowed: tuple[str, ...] | None = None
    many: bool = False
    min_len: int = 1
    max_len: int = 4
    kind: ClassVar[str] = "nested"

    def _check(self, value: Any) -> Any:
        if not self.many:
            return check_object(self.registry, value, self.allowed)
        from app.catalog.registry import Issue

        if isinstance(value, dict):
            value = [value]  # one cell is a stack of one, as Keras's RNN(cell) accepts
        if not isinstance(value, list) or not self.min_len <= len(value) <= self.max_len:
            count = len(value) if isinstance(value, list) else show(value)
            raise NestedError([Issue((), "too_long" if isinstance(value, list) and len(value) > self.max_len else "too_short", {"max": self.max_len, "min": self.min_len, "count": count})])
        out, issues = [], []
        for i, item in enumerate(value):
            try:
                out.append(check_object(self.registry, item, self.allowed))
            except NestedError as e:
                issues += [Issue((i, *x.loc), x.code, x.ctx) for x in e.issues]
        if issues:
            raise NestedError(issues)
        return out

    def to_json(self) -> dict[str, Any]:
        names = list(self.allowed) if self.allowed is not None else list(registry(self.registry).entries)
        return super().to_json() | {"registry": self.registry, "allowed": names, "many": self.many, "min_len": self.min_len, "max_len": self.max_len}


@dataclass(frozen=True, kw_only=True)
class RateOrSchedule(Float):
    """A learning rate: a number, or a schedule object that changes it per step."""

    kind: ClassVar[str] = "rate"

    def _check(self, value: Any) -> Any:
        if isinstance(value, dict):
            return check_object("schedules", value, None)
        return super()._check(value)

    def to_json(self) -> dict[str, Any]:
        return super().to_json() | {"registry": "schedules", "allowed": list(registry("schedules").entries)}


@dataclass(frozen=True, kw_only=True)
class Kwargs(Param):
    """Keyword arguments from a fixed set of numeric parameters (Lambda's `arguments`)."""

    params: tuple[Float, ...] = field(default_factory=tuple)
    # Which of them each value of a sibling choice takes (Lambda: the expression's
    # arguments): the form shows only those, and drops the others when it changes.
    depends_on: str | None = None
    by_choice: dict[str, tuple[str, ...]] = field(default_factory=dict)
    kind: ClassVar[str] = "kwargs"

    def _check(self, value: Any) -> dict[str, Any]:
        from app.catalog.registry import Entry

        if not isinstance(value, dict):
            raise ParamError("object", value=show(value))
        clean, issues = Entry(self.name, "kwargs", self.help, self.params).check_config(value)
        if issues:
            raise NestedError(issues)
        return clean

    def to_json(self) -> dict[str, Any]:
        extra = {"depends_on": self.depends_on, "by_choice": {k: list(v) for k, v in self.by_choice.items()}} if self.depends_on else {}
        return super().to_json() | {"params": [p.to_json() for p in self.params]} | extra
