"""The lessons: one folder per lesson (`NN-slug/` with `en.md`, `zh.md`,
`preset.json`), collected in folder order. See docs/lessons.md."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from app.i18n import LANGS, T

HERE = Path(__file__).parent
FOLDER = re.compile(r"(\d{2})-([a-z0-9-]+)")

PARTS = {
    0: T("Foundations", "基础"),
    1: T("Models", "模型"),
    2: T("Layers", "网络层"),
    3: T("Data preprocessing", "数据预处理"),
    4: T("Optimizers", "优化器"),
    5: T("Callbacks", "回调函数"),
    6: T("Losses", "损失函数"),
    7: T("Metrics", "评估指标"),
    8: T("Datasets", "数据集"),
    9: T("Utilities and backend", "工具与后端"),
    10: T("Keras today", "现代 Keras"),
}


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not match:
        raise ValueError("a lesson file must start with front matter between --- lines")
    return yaml.safe_load(match.group(1)) or {}, text[match.end():]


@dataclass(eq=False)  # identity: a lesson is a cache key
class Lesson:
    order: int
    slug: str
    folder: Path
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)  # lang -> front matter
    body: dict[str, str] = field(default_factory=dict)  # lang -> Markdown

    @classmethod
    def load(cls, folder: Path) -> Lesson:
        match = FOLDER.fullmatch(folder.name)
        lesson = cls(int(match.group(1)), match.group(2), folder)
        for lang in LANGS:
            meta, body = split_front_matter((folder / f"{lang}.md").read_text(encoding="utf-8"))
            lesson.meta[lang], lesson.body[lang] = meta, body
        return lesson

    def title(self, lang: str) -> str:
        return self.meta[lang]["title"]

    @property
    def part(self) -> int:
        return int(self.meta["en"]["part"])

    @cached_property
    def preset(self) -> dict[str, Any] | None:
        path = self.folder / "preset.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    @cached_property
    def exercises(self) -> list[dict[str, Any]]:
        """Its exercises (`exercises.yaml`, app/lessons/exercises.py), answers included."""
        from app.lessons.exercises import load

        return load(self.folder)

    def summary(self, lang: str) -> dict[str, Any]:
        return {"slug": self.slug, "title": self.title(lang), "part": self.part, "order": self.order}


class LessonRegistry:
    def __init__(self, root: Path = HERE):
        # A folder becomes a lesson once both languages are written (a test checks that none is left half done).
        folders = [p for p in sorted(root.iterdir()) if p.is_dir() and FOLDER.fullmatch(p.name)]
        self.lessons = [Lesson.load(p) for p in folders if all((p / f"{lang}.md").exists() for lang in LANGS)]
        self._by_slug = {lesson.slug: lesson for lesson in self.lessons}

    def get(self, slug: str) -> Lesson | None:
        return self._by_slug.get(slug)

    def neighbours(self, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
        i = self.lessons.index(lesson)
        return (self.lessons[i - 1] if i > 0 else None, self.lessons[i + 1] if i + 1 < len(self.lessons) else None)

    def by_part(self) -> list[tuple[int, T, list[Lesson]]]:
        parts: dict[int, list[Lesson]] = {}
        for lesson in self.lessons:
            parts.setdefault(lesson.part, []).append(lesson)
        return [(n, PARTS[n], items) for n, items in sorted(parts.items())]

    def __iter__(self):
        return iter(self.lessons)

    def __len__(self) -> int:
        return len(self.lessons)
