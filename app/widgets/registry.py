"""What a widget's folder declares, and how the folders are found.

A widget is one folder `app/widgets/<folder>/` (its name with `-` for `_`):

- `__init__.py` declares `WIDGET = Widget(...)`: its title in both languages,
  and either its own fast-lane task (`task`, with the bounded `request` the
  web process checks) or the calculators it asks (`uses`);
- `compute.py`, when it has a task: `run(request, config)`, the Keras
  computation. Only the worker imports it (app/worker/fast.py), at the task's
  first request; the web process never does;
- `widget.js`, its front end, served at /static/js/widgets/<name>.js
  (app/api/static.py) and exporting `mount(body, context)`.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.catalog.params import Param
from app.i18n import T
from app.spec.errors import SpecIssue

FOLDER = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
CALCULATORS = ("loss", "metric", "optimizer")  # /api/explore/<calculator> (app/explore/explore.md)
PARTS = {"entry": "__init__.py", "compute": "compute.py", "front end": "widget.js"}


@dataclass(frozen=True, kw_only=True)
class Widget:
    title: T
    task: str | None = None  # its own fast-lane task, answered at /api/explore/<task> by compute.py
    request: tuple[Param, ...] = ()  # the task's request: every field bounded, checked before Keras sees it
    takes_model: bool = False  # the request also carries the playground's spec ("spec")
    check: Callable[[dict[str, Any]], list[SpecIssue]] | None = None  # checks across fields, after each field's own
    uses: tuple[str, ...] = ()  # what else under /api/explore/ it asks: a calculator or another widget's task
    # filled in from the folder by discover()
    name: str = ""
    module: str = ""
    folder: Path = Path()

    @property
    def lane_task(self) -> str:
        """The fast-lane task's name in the worker's TASKS (app/worker/fast.py)."""
        return f"widget_{self.task}"

    @property
    def compute(self) -> str:
        """The module of its Keras computation (imported by the worker only)."""
        return f"{self.module}.compute"

    def run(self, request: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
        """Its task, answered: compute.run, imported at the first request. Only
        the worker calls this (app/worker/fast.py); the web process never does."""
        return importlib.import_module(self.compute).run(request, config)

    @property
    def script(self) -> Path:
        return self.folder / "widget.js"

    @property
    def api(self) -> str:
        """The endpoint that computes what it shows (its own task's, else the first it uses)."""
        return f"/api/explore/{self.task or self.uses[0]}"


class WidgetFolderError(ValueError):
    """A widget folder that lacks a part, or has one it should not."""


def discover(package: str, root: Path) -> dict[str, Widget]:
    """Every widget folder under `root` (the package `package`), by name."""
    found: dict[str, Widget] = {}
    for folder in sorted(p for p in root.iterdir() if (p / "__init__.py").is_file()):
        if not FOLDER.fullmatch(folder.name):
            raise WidgetFolderError(f"{folder}: expected a folder name of lowercase words joined by '_' (the widget's name with '-'); received {folder.name!r}")
        name, module = folder.name.replace("_", "-"), f"{package}.{folder.name}"
        entry = getattr(importlib.import_module(module), "WIDGET", None)
        if not isinstance(entry, Widget):
            raise WidgetFolderError(f"{folder / '__init__.py'}: expected WIDGET = Widget(...); received {entry!r}")
        found[name] = _checked(dataclasses.replace(entry, name=name, module=module, folder=folder))
    tasks = [w.task for w in found.values() if w.task]
    taken = sorted({t for t in tasks if tasks.count(t) > 1 or t in CALCULATORS})
    if taken:
        raise WidgetFolderError(f"expected each task name once, none of them a calculator's ({', '.join(CALCULATORS)}); received {', '.join(taken)} twice")
    answered = set(tasks) | set(CALCULATORS)
    for w in found.values():
        if set(w.uses) - answered:
            raise WidgetFolderError(f"{w.folder}: `uses` names {sorted(set(w.uses) - answered)}; expected calculators or widget tasks: {', '.join(sorted(answered))}")
    return found


def _checked(w: Widget) -> Widget:
    has = {part for part, file in PARTS.items() if (w.folder / file).is_file()}
    expected = {"entry", "front end"} | ({"compute"} if w.task else set())
    if has != expected:
        wrong = [f"{'no' if part in expected else 'an unexpected'} {PARTS[part]} ({part})" for part in sorted(has ^ expected)]
        because = f"task={w.task!r}" if w.task else "no task of its own"
        raise WidgetFolderError(f"{w.folder}: a widget with {because} expected {', '.join(PARTS[p] for p in sorted(expected))}; found {'; '.join(wrong)}")
    if not w.task and (w.request or w.takes_model or w.check):
        raise WidgetFolderError(f"{w.folder}: expected no request, takes_model or check without a task of its own")
    if not w.task and not w.uses:
        raise WidgetFolderError(f"{w.folder}: expected a task of its own or the calculators it uses; received neither")
    return w
