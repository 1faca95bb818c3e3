"""Lesson widgets: small interactive pieces placed in a lesson's prose with a
fenced block ```` ```widget <name> ````. Each is one folder here (see
registry.py and docs/frontend.md, "Adding a widget"); the numbers they show
come from the app's own API (Keras computes, the browser draws)."""

from __future__ import annotations

from pathlib import Path

from app.widgets.registry import Widget, discover

WIDGETS: dict[str, Widget] = discover(__name__, Path(__file__).parent)
# the widgets' own tasks, by the name after /api/explore/
TASKS: dict[str, Widget] = {w.task: w for w in WIDGETS.values() if w.task}
