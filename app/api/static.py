"""The files under /static: app/static, each widget's front end from its
own folder, and the pretrained bases (bases/<name>.keras) that exported
scripts load."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from starlette.staticfiles import StaticFiles

from app.catalog.layers.transfer import BASES, BASES_FOLDER
from app.widgets.registry import Widget


class Static(StaticFiles):
    """app/static, where js/widgets/<name>.js is app/widgets/<folder>/widget.js.

    At that URL a widget's module imports `../util.js` and `./common.js` as if
    it lived in app/static/js/widgets/, and nothing else of its folder (its
    Python) is reachable. bases/<name>.keras is app/keras_ext/bases/<name>.keras,
    for each base of the catalog (a script exported from the playground loads it)."""

    def __init__(self, *, directory: Path, widgets: Mapping[str, Widget]):
        super().__init__(directory=directory)
        self.elsewhere = {os.path.join("js", "widgets", f"{name}.js"): w.script for name, w in widgets.items()}
        self.elsewhere |= {os.path.join("bases", f"{name}.keras"): BASES_FOLDER / f"{name}.keras" for name in BASES}

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        file = self.elsewhere.get(path)
        if file is not None:
            return str(file), os.stat(file)
        return super().lookup_path(path)
