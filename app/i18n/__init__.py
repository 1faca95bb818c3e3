"""Both languages everywhere: bilingual text pairs and the UI string tables.

UI strings live in `en.json` and `zh.json` beside this file; a test fails when
a key is missing from either or when a template or script uses a key that
neither has.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LANGS = ("en", "zh")
DEFAULT_LANG = "en"
_HERE = Path(__file__).parent


@dataclass(frozen=True)
class T:
    """A text in English and Chinese."""

    en: str
    zh: str

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def to_json(self) -> dict[str, str]:
        return {"en": self.en, "zh": self.zh}


def normalize_lang(value: str | None) -> str:
    """The supported language closest to `value` (`zh-CN` → `zh`)."""
    if value and value.lower().startswith("zh"):
        return "zh"
    return DEFAULT_LANG


@cache
def ui_strings(lang: str) -> dict[str, str]:
    """The page's strings: the JSON table, and why runs end (`why_<code>`, app/runs/reasons.py)."""
    from app.runs import reasons  # it builds on T, defined above

    return json.loads((_HERE / f"{lang}.json").read_text(encoding="utf-8")) | reasons.ui_strings(lang)


def t(key: str, lang: str) -> str:
    """The UI string `key` in `lang`; a missing key is a bug, so it raises."""
    return ui_strings(normalize_lang(lang))[key]
