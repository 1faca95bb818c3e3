"""The files under /static: app/static, and each widget's front end from its
own folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from starlette.staticfiles import StaticFiles

from app.widgets.registry import Widget


class Static(StaticFiles):
    """app/static, where js/widgets/<name>.js is app/widgets/<folder>/widget.js.

    At that URL a widget's module imports `../util.js` and `./common.js` as if
    it lived in app/static/js/widgets/, and nothing else of its folder (its
    Python) is reachable."""

    def __init__(self, *, directory: Path, widgets: Mapping[str, Widget]):
        super().__init__(directory=directory)
        self.widget_modules = {os.path.join("js", "widgets", f"{name}.js"): w.script for name, w in widgets.items()}

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        script = self.widget_modules.get(path)
        if script is not None:
            return str(script), os.stat(script)
        return super().lookup_path(path)
