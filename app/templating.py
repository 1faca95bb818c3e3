"""The Jinja2 environment of the pages.

`url_for` is Starlette's, remembered: building a path walks every route of the
app (about 0.6 ms each), and a lesson page names some 55 of them (its lesson
index, its neighbours, its scripts), so an uncached page spent 25 ms of its
28 in url_for (bench/classroom.py, docs/benchmarks.md).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
from fastapi.templating import Jinja2Templates
from starlette.datastructures import URL


@lru_cache(maxsize=4096)
def _url(app, name: str, params: tuple) -> URL:
    return URL(str(app.url_path_for(name, **dict(params))))


@jinja2.pass_context
def url_for(context: dict, name: str, /, **params) -> URL:
    return _url(context["request"].app, name, tuple(sorted(params.items())))


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
    templates.env.globals["url_for"] = url_for
    return templates
