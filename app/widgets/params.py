"""The parameters of widget requests: the catalog's kinds (app/catalog/params.py),
short constructors for them, and the one kind only widgets take."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from app.catalog.params import Bool, Choice, Float, Int, Numbers, Param, ParamError
from app.i18n import T
from app.i18n.messages import show

__all__ = ["Bool", "Choice", "Float", "Int", "Numbers", "Strings", "choice", "integer", "number"]


@dataclass(frozen=True, kw_only=True)
class Strings(Param):
    """A short list of short texts (what a learner types into the tokenizer)."""

    max_items: int = 20
    max_chars: int = 500
    kind: ClassVar[str] = "strings"

    def _check(self, value: Any) -> list[str]:
        ok = isinstance(value, list) and 1 <= len(value) <= self.max_items and all(isinstance(v, str) and len(v) <= self.max_chars for v in value)
        if not ok:
            what = T(f"a list of 1 to {self.max_items} texts of at most {self.max_chars} characters", f"由 1 到 {self.max_items} 段文本组成的列表，每段最多 {self.max_chars} 个字符")
            raise ParamError("text", what=what.to_json(), value=show(value))
        return value


def number(name: str, default, lo, hi, en: str, zh: str, **kw) -> Float:
    return Float(name=name, default=default, lo=lo, hi=hi, help=T(en, zh), **kw)


def integer(name: str, default, lo, hi, en: str, zh: str, **kw) -> Int:
    return Int(name=name, default=default, lo=lo, hi=hi, help=T(en, zh), **kw)


def choice(name: str, default, choices, en: str, zh: str) -> Choice:
    return Choice(name=name, default=default, choices=choices, help=T(en, zh))
