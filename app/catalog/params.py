"""Typed, bounded, bilingual parameters: the rows of every catalog entry.

A parameter checks a value the learner typed and either returns it (cleaned)
or raises `ParamError` with a message code and its context (see
`app.i18n.messages`). Nothing here imports Keras.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from app.i18n import T
from app.i18n.messages import show


class ParamError(ValueError):
    """A value outside what a parameter allows."""

    def __init__(self, code: str, **ctx: Any):
        super().__init__(code)
        self.code = code
        self.ctx = ctx


def _num(x: float) -> str:
    return f"{x:g}" if isinstance(x, float) else f"{x:,}".replace(",", "")


@dataclass(frozen=True, kw_only=True)
class Param:
    name: str
    default: Any
    help: T
    nullable: bool = False
    advanced: bool = False
    required: bool = False  # Keras has no default: the spec must give it (the form fills `default` in)
    kind: ClassVar[str] = "param"

    def check(self, value: Any) -> Any:
        if value is None:
            if self.nullable:
                return None
            raise ParamError("not_null")
        return self._check(value)

    def _check(self, value: Any) -> Any:  # pragma: no cover - every kind overrides
        raise NotImplementedError

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "default": self.default,
            "nullable": self.nullable,
            "advanced": self.advanced,
            "required": self.required,
            "help": self.help.to_json(),
        }


@dataclass(frozen=True, kw_only=True)
class Int(Param):
    lo: int
    hi: int
    kind: ClassVar[str] = "int"

    def range(self) -> dict[str, str]:
        return T(f"from {_num(self.lo)} to {_num(self.hi)}", f"{_num(self.lo)} 到 {_num(self.hi)} 之间").to_json()

    def _check(self, value: Any) -> int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        if isinstance(value, float) and value.is_integer():
            value, ok = int(value), True
        if not ok or not self.lo <= value <= self.hi:
            what = T("an integer", "整数").to_json()
            raise ParamError("number", what=what, range=self.range(), value=show(value))
        return value

    def to_json(self) -> dict[str, Any]:
        return super().to_json() | {"min": self.lo, "max": self.hi}


@dataclass(frozen=True, kw_only=True)
class Float(Param):
    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False
    step: float | None = None
    kind: ClassVar[str] = "float"

    def range(self) -> dict[str, str]:
        lo, hi = _num(float(self.lo)), _num(float(self.hi))
        en = f"from {lo}{' (excluded)' if self.lo_open else ''} to {hi}{' (excluded)' if self.hi_open else ''}"
        zh = f"{lo}{'（不含）' if self.lo_open else ''} 到 {hi}{'（不含）' if self.hi_open else ''} 之间"
        return T(en, zh).to_json()

    def _check(self, value: Any) -> float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        number = float(value) if ok else math.nan
        ok = (
            ok
            and math.isfinite(number)
            and (number > self.lo if self.lo_open else number >= self.lo)
            and (number < self.hi if self.hi_open else number <= self.hi)
        )
        if not ok:
            what = T("a number", "数").to_json()
            shown = str(value) if isinstance(value, float) and not math.isfinite(value) else show(value)
            raise ParamError("number", what=what, range=self.range(), value=shown)
        return number

    def to_json(self) -> dict[str, Any]:
        return super().to_json() | {
            "min": self.lo,
            "max": self.hi,
            "min_open": self.lo_open,
            "max_open": self.hi_open,
            "step": self.step,
        }


@dataclass(frozen=True, kw_only=True)
class Bool(Param):
    kind: ClassVar[str] = "bool"

    def _check(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise ParamError("bool", value=show(value))
        return value


@dataclass(frozen=True, kw_only=True)
class Choice(Param):
    choices: tuple[str, ...]
    kind: ClassVar[str] = "choice"

    def _check(self, value: Any) -> str:
        if value not in self.choices:
            raise ParamError("choice", choices=", ".join(self.choices), value=show(value))
        return value

    def to_json(self) -> dict[str, Any]:
        return super().to_json() | {"choices": list(self.choices)}


@dataclass(frozen=True, kw_only=True)
class Shape(Param):
    """A tuple of dimension sizes, such as an input shape or Reshape's target."""

    min_len: int = 1
    max_len: int = 4
    lo: int = 1
    hi: int = 4096
    allow_minus_one: bool = False
    allow_none: bool = False  # null (Python None): an axis of any size, as keras.Input(shape=(None, 2)) has
    kind: ClassVar[str] = "shape"

    def describe(self) -> dict[str, str]:
        extra_en = ", one of which may be -1 (inferred)" if self.allow_minus_one else ""
        extra_zh = "，其中一个可以是 -1（自动推断）" if self.allow_minus_one else ""
        if self.allow_none:
            return T(
                f"a list of {self.min_len} to {self.max_len} integers from {self.lo} to {self.hi} or nulls (null: any size){extra_en}",
                f"由 {self.min_len} 到 {self.max_len} 个整数或 null 组成的列表，整数在 {self.lo} 到 {self.hi} 之间（null 表示大小不限）{extra_zh}",
            ).to_json()
        return T(
            f"a list of {self.min_len} to {self.max_len} integers from {self.lo} to {self.hi}{extra_en}",
            f"由 {self.min_len} 到 {self.max_len} 个整数组成的列表，每个在 {self.lo} 到 {self.hi} 之间{extra_zh}",
        ).to_json()

    def _check(self, value: Any) -> list[int | None]:
        def fits(d: Any) -> bool:
            if d is None:
                return self.allow_none
            if isinstance(d, bool) or not isinstance(d, int):
                return False
            return self.lo <= d <= self.hi or (self.allow_minus_one and d == -1)

        ok = (
            isinstance(value, list | tuple)
            and self.min_len <= len(value) <= self.max_len
            and all(fits(d) for d in value)
            and list(value).count(-1) <= 1
        )
        if not ok:
            raise ParamError("shape", what=self.describe(), value=show(value))
        return list(value)

    def to_json(self) -> dict[str, Any]:
        return super().to_json() | {
            "min_len": self.min_len,
            "max_len": self.max_len,
            "min": self.lo,
            "max": self.hi,
            "allow_minus_one": self.allow_minus_one,
            "allow_none": self.allow_none,
        }


@dataclass(frozen=True, kw_only=True)
class Permutation(Param):
    """Permute's `dims`: the axes 1..n, each once, in a new order."""

    max_len: int = 4
    kind: ClassVar[str] = "permutation"

    def _check(self, value: Any) -> list[int]:
        n = len(value) if isinstance(value, list | tuple) else 0
        ok = (
            1 <= n <= self.max_len
            and all(isinstance(d, int) and not isinstance(d, bool) for d in value)
            and sorted(value) == list(range(1, n + 1))
        )
        if not ok:
            n = max(n, 2) if n <= self.max_len else self.max_len
            example = show(list(range(n, 0, -1)))
            raise ParamError("permutation", n=n, example=example, value=show(value))
        return list(value)

    def to_json(self) -> dict[str, Any]:
        return super().to_json() | {"max_len": self.max_len}


@dataclass(frozen=True, kw_only=True)
class Text(Param):
    """A short string matching a pattern (a metric name to monitor, say)."""

    pattern: str
    what: T
    max_len: int = 64
    kind: ClassVar[str] = "text"

    def _check(self, value: Any) -> str:
        if (
            not isinstance(value, str)
            or len(value) > self.max_len
            or not re.fullmatch(self.pattern, value)
        ):
            raise ParamError("text", what=self.what.to_json(), value=show(value))
        return value

    def to_json(self) -> dict[str, Any]:
        return super().to_json() | {"pattern": self.pattern, "max_len": self.max_len}


@dataclass(frozen=True, kw_only=True)
class Ints(Param):
    """A size per spatial axis: one integer for all axes, or one per axis
    (kernel_size=3 or (3, 3)). With `pairs`, also one (before, after) pair
    per axis, as Cropping2D's ((2, 2), (4, 4))."""

    n: int
    lo: int
    hi: int
    pairs: bool = False
    kind: ClassVar[str] = "ints"

    def describe(self) -> dict[str, str]:
        per_axis = f"a list of {self.n}" if self.n > 1 else "a list of 1"
        en = f"an integer from {self.lo} to {self.hi}, or {per_axis} such integers (one per axis)"
        zh = f"一个 {self.lo} 到 {self.hi} 之间的整数，或由 {self.n} 个这样的整数组成的列表（每个轴一个）"
        if self.pairs:
            en += f", or {self.n} [before, after] pairs"
            zh += f"，或 {self.n} 个 [前, 后] 数对"
        return T(en, zh).to_json()

    def _check(self, value: Any) -> int | list:
        def fits(d: Any) -> bool:
            return isinstance(d, int) and not isinstance(d, bool) and self.lo <= d <= self.hi

        if fits(value):
            return value
        if isinstance(value, list | tuple) and len(value) == self.n:
            if all(fits(d) for d in value):
                return list(value)
            if self.pairs and all(isinstance(p, list | tuple) and len(p) == 2 and all(fits(d) for d in p) for p in value):
                return [list(p) for p in value]
        raise ParamError("shape", what=self.describe(), value=show(value))

    def to_json(self) -> dict[str, Any]:
        return super().to_json() | {"n": self.n, "min": self.lo, "max": self.hi, "pairs": self.pairs}


@dataclass(frozen=True, kw_only=True)
class Numbers(Param):
    """A short list of numbers, such as PiecewiseConstantDecay's boundaries."""

    min_len: int = 1
    max_len: int = 16
    lo: float
    hi: float
    integer: bool = False
    increasing: bool = False
    kind: ClassVar[str] = "numbers"

    def describe(self) -> dict[str, str]:
        what_en, what_zh = ("integers", "整数") if self.integer else ("numbers", "数")
        order_en, order_zh = (", in increasing order", "，且严格递增") if self.increasing else ("", "")
        return T(
            f"a list of {self.min_len} to {self.max_len} {what_en} from {_num(self.lo)} to {_num(self.hi)}{order_en}",
            f"由 {self.min_len} 到 {self.max_len} 个 {_num(self.lo)} 到 {_num(self.hi)} 之间的{what_zh}组成的列表{order_zh}",
        ).to_json()

    def _check(self, value: Any) -> list:
        def fits(d: Any) -> bool:
            if isinstance(d, bool) or not isinstance(d, int | float):
                return False
            if self.integer and not float(d).is_integer():
                return False
            return math.isfinite(d) and self.lo <= d <= self.hi

        ok = isinstance(value, list | tuple) and self.min_len <= len(value) <= self.max_len and all(fits(d) for d in value)
        if ok and self.increasing:
            ok = all(a < b for a, b in zip(value, value[1:], strict=False))
        if not ok:
            raise ParamError("shape", what=self.describe(), value=show(value))
        return [int(d) if self.integer else float(d) for d in value]

    def to_json(self) -> dict[str, Any]:
        return super().to_json() | {"min_len": self.min_len, "max_len": self.max_len, "min": self.lo, "max": self.hi, "integer": self.integer}


@dataclass(frozen=True, kw_only=True)
class Factor(Float):
    """A random augmentation's range: one number f (Keras makes it a range
    around 0, such as (-f, f)) or a [lower, upper] pair, each within bounds."""

    kind: ClassVar[str] = "factor"

    def _check(self, value: Any) -> float | list[float]:
        if isinstance(value, list | tuple):
            try:
                if len(value) == 2:
                    return [super(Factor, self)._check(v) for v in value]
            except ParamError:
                pass
            what = T("a number or a [lower, upper] pair of numbers", "数，或由两个数组成的 [下限, 上限]").to_json()
            raise ParamError("number", what=what, range=self.range(), value=show(value))
        return super()._check(value)


@dataclass(frozen=True, kw_only=True)
class Words(Param):
    """A vocabulary: a list of distinct short strings. Also read from one
    string of comma-separated words (what the form's text field sends)."""

    max_len: int = 1000
    max_chars: int = 40
    kind: ClassVar[str] = "words"

    def describe(self) -> dict[str, str]:
        return T(
            f"a list of 1 to {self.max_len} different words of 1 to {self.max_chars} characters (or one text of words separated by commas)",
            f"由 1 到 {self.max_len} 个互不相同的词组成的列表，每个词 1 到 {self.max_chars} 个字符（也可以是一段用逗号分隔的文字）",
        ).to_json()

    def _check(self, value: Any) -> list[str]:
        if isinstance(value, str):
            value = [w.strip() for w in value.replace("，", ",").split(",") if w.strip()]
        ok = (
            isinstance(value, list | tuple)
            and 1 <= len(value) <= self.max_len
            and all(isinstance(w, str) and 1 <= len(w) <= self.max_chars for w in value)
            and len(set(value)) == len(value)
        )
        if not ok:
            raise ParamError("shape", what=self.describe(), value=show(value))
        return list(value)

    def to_json(self) -> dict[str, Any]:
        return super().to_json() | {"max_len": self.max_len, "max_chars": self.max_chars}
