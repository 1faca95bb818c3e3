"""Spec errors: located problems, rendered as FastAPI-style 422 details."""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from app.i18n.messages import MESSAGES, render, show

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class SpecIssue:
    loc: Loc
    code: str
    ctx: dict[str, Any] = field(default_factory=dict)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        return {"loc": ["body", *self.loc], "msg": render(self.code, self.ctx, lang), "type": self.code}


class SpecError(ValueError):
    """A spec the app cannot accept; carries every problem found."""

    def __init__(self, issues: list[SpecIssue]):
        super().__init__("; ".join(f"{'.'.join(map(str, i.loc))}: {render(i.code, i.ctx, 'en')}" for i in issues))
        self.issues = issues

    def detail(self, lang: str = "en") -> list[dict[str, Any]]:
        return [i.to_json(lang) for i in self.issues]


_PYDANTIC_CODES = {
    "missing": "required",
    "model_type": "object",
    "dict_type": "object",
    "model_attributes_type": "object",
    "list_type": "list",
    "string_type": "string",
    "too_long": "too_long",
    "too_short": "too_short",
    "literal_error": "choice",
    "extra_forbidden": "unknown_field",
}


def _model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The pydantic model that owns the field at `loc` (for its field names)."""
    current: Any = root
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = info.annotation
        while typing.get_args(current):
            models = [a for a in typing.get_args(current) if isinstance(a, type) and issubclass(a, BaseModel)]
            current = models[0] if models else typing.get_args(current)[0]
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def from_pydantic(error: ValidationError, root: type[BaseModel]) -> SpecError:
    issues = []
    for e in error.errors(include_url=False):
        # pydantic names the member of a tagged union in the location; the spec does not
        loc = tuple(p for i, p in enumerate(e["loc"]) if not (i == 1 and e["loc"][0] == "model" and p in ("sequential", "functional")))
        kind = e["type"]
        ctx = dict(e.get("ctx") or {})
        code = _PYDANTIC_CODES.get(kind, kind)
        value = show(e.get("input"))
        if code == "unknown_field":
            owner = _model_at(root, loc)
            ctx = {"names": ", ".join(owner.model_fields) if owner else "?", "value": show(loc[-1])}
        elif kind == "too_long":
            ctx = {"max": ctx.get("max_length"), "count": ctx.get("actual_length")}
        elif kind == "too_short":
            ctx = {"min": ctx.get("min_length"), "count": ctx.get("actual_length")}
        elif kind == "literal_error":
            ctx = {"choices": ctx.get("expected", ""), "value": value}
        elif kind in _PYDANTIC_CODES and code != "required":
            ctx = {"value": value}
        elif code not in MESSAGES:
            code, ctx = "invalid", {"detail": f"{e['msg']}; received {value}"}
        issues.append(SpecIssue(loc, code, ctx))
    return SpecError(issues)
