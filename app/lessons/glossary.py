"""The bilingual glossary (`glossary.yaml`): one rendering per term, the
variants no lesson may use instead, and the quotation marks of each language.
A test holds every lesson's prose to it; see docs/lessons.md."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

HERE = Path(__file__).parent
CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
WIDE = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
LOOSE = re.compile(f"[{WIDE}] +[“‘]|[”’] +[{WIDE}]")  # 的 “accuracy”, “not” 会


@dataclass(frozen=True)
class Term:
    en: str
    zh: str
    variants: tuple[str, ...] = ()  # renderings to avoid, in the language they are written in
    allow: tuple[str, ...] = ()  # longer phrases that contain a variant and are right (批量归一化 holds 批量)
    note: str = ""

    def misuses(self, text: str, lang: str) -> list[str]:
        """The variants of this term that `text` (prose in `lang`) uses."""
        for phrase in self.allow:
            text = text.replace(phrase, "\x00")
        return [v for v in self.variants if language(v) == lang and v in text]


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]
    quotes: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> {"use": ..., "avoid": ...}

    def misuses(self, text: str, lang: str) -> list[tuple[Term, str]]:
        return [(term, variant) for term in self.terms for variant in term.misuses(text, lang)]

    def wrong_quotes(self, text: str, lang: str) -> list[str]:
        """Quotation marks `text` uses that its language's style avoids, and (where the
        style is `tight`) a quotation mark set off by a space from the Chinese beside it."""
        wrong = {mark for mark in self.quotes[lang]["avoid"] if mark in text}
        if self.quotes[lang].get("tight"):
            wrong |= {m.group(0) for m in LOOSE.finditer(text)}
        return sorted(wrong)


def language(text: str) -> str:
    return "zh" if CJK.search(text) else "en"


@cache
def load(path: Path = HERE / "glossary.yaml") -> Glossary:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    terms = tuple(
        Term(t["en"], t["zh"], tuple(t.get("variants", ())), tuple(t.get("allow", ())), t.get("note", "")) for t in data["terms"]
    )
    return Glossary(terms, data["quotes"])


@cache
def _parser() -> MarkdownIt:
    # the renderer's syntax (app/lessons/render.py), so that math and code are recognised alike
    return MarkdownIt("commonmark").enable("table").use(dollarmath_plugin, allow_space=True, double_inline=True)


def prose(markdown: str, lang: str) -> str:
    """The text a reader reads as prose: no code blocks, inline code or math.
    A line break inside a paragraph is a space in English and nothing in
    Chinese (as the page shows it), so a term split across two lines is found."""
    joint = " " if lang == "en" else ""
    parts = []
    for token in _parser().parse(markdown):
        if token.type == "inline":
            parts.append("".join(child.content if child.type == "text" else joint if "break" in child.type else "" for child in token.children or []))
    return "\n".join(parts)
