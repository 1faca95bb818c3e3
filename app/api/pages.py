"""Server-rendered pages: the lesson index and the lesson pages."""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from app.accounts.errors import NOUNS, AccountError
from app.api.catalog import catalog_version
from app.api.deps import LangDep, StateDep, get_user, not_found
from app.i18n import LANGS, t, ui_strings
from app.i18n.messages import show
from app.lessons import figures
from app.lessons.exercises import lesson_views
from app.lessons.render import render_lesson

router = APIRouter(tags=["pages"], include_in_schema=False)


STATIC = Path(__file__).resolve().parent.parent / "static"


@cache
def playground_modules() -> list[str]:
    """Every module the playground imports, for <link rel=modulepreload>: the
    browser fetches them at once instead of one import level at a time."""
    files = [STATIC / "js" / f"{name}.js" for name in ("api", "store", "util", "plotly", "zoom", "numbers")]
    files += sorted((STATIC / "js" / "playground").rglob("*.js"))
    return [f"/static/{path.relative_to(STATIC).as_posix()}" for path in files]


@cache
def plotly_js() -> Path:
    """plotly.min.js from the installed plotly package: no CDN, works offline."""
    spec = importlib.util.find_spec("plotly")
    return Path(next(iter(spec.submodule_search_locations))) / "package_data" / "plotly.min.js"


@router.get("/static/vendor/plotly.min.js")
def plotly() -> FileResponse:
    return FileResponse(plotly_js(), media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"})


def _page(state, request: Request, template: str, lang: str, **context) -> HTMLResponse:
    other = next(x for x in LANGS if x != lang)
    return state.templates.TemplateResponse(
        request,
        template,
        {
            "lang": lang, "other_lang": other, "t": lambda key: t(key, lang), "parts": state.lessons.by_part(),
            "user": get_user(request), "classroom": state.settings.classroom, **context,
        },  # fmt: skip
    )


@router.get("/", response_class=HTMLResponse)
def index(request: Request, state: StateDep, lang: LangDep) -> HTMLResponse:
    return _page(state, request, "index.html", lang)


@router.get("/lessons/{slug}", response_class=HTMLResponse)
def lesson_page(slug: str, request: Request, state: StateDep, lang: LangDep) -> HTMLResponse:
    lesson = state.lessons.get(slug)
    if lesson is None:
        raise not_found("lesson", slug)
    previous, following = state.lessons.neighbours(lesson)
    boot = {"lang": lang, "strings": ui_strings(lang), "catalog_url": f"/api/catalog?v={catalog_version()}&lang={lang}", "preset": lesson.preset, "slug": slug}
    return _page(
        state, request, "lesson.html", lang,
        lesson=lesson,
        position=state.lessons.lessons.index(lesson) + 1,
        total=len(state.lessons),
        body=render_lesson(lesson, lang),
        exercises=lesson_views(lesson, lang),
        modules=playground_modules(),
        catalog_url=boot["catalog_url"],
        previous=previous,
        following=following,
        boot=json.dumps(boot, ensure_ascii=False).replace("</", "<\\/"),
    )  # fmt: skip


@router.get("/lessons/{slug}/figures/{name}")
def lesson_figure(slug: str, name: str, state: StateDep) -> FileResponse:
    """A lesson's figure (app/lessons/figures.py): nothing else of its folder is served."""
    lesson = state.lessons.get(slug)
    path = lesson.folder / "figures" / name if lesson is not None and figures.NAME.fullmatch(name) else None
    if path is None or not path.is_file():
        raise AccountError(404, "no_such", what=NOUNS["figure"], key=show(f"{slug}/{name}"))
    return FileResponse(path, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=3600"})


@router.get("/widgets", response_class=HTMLResponse)
def widget_gallery(request: Request, state: StateDep, lang: LangDep) -> HTMLResponse:
    """Every lesson widget on one page, for teachers (and the browser tests)."""
    from app.lessons.render import widget_html
    from app.widgets import WIDGETS

    sample = state.lessons.get("functional-api") or next(iter(state.lessons), None)
    boot = {"lang": lang, "strings": ui_strings(lang), "preset": sample.preset if sample else None}
    uses = {name: [lesson for lesson in state.lessons if name in (lesson.meta[lang].get("widgets") or [])] for name in WIDGETS}
    # in the order of the curriculum: by the first lesson that places each (the folders' order is the alphabet's)
    first = {name: state.lessons.lessons.index(found[0]) if found else len(state.lessons) for name, found in uses.items()}
    return _page(
        state, request, "widgets.html", lang,
        widgets=[(widget_html(name, lang), uses[name]) for name in sorted(WIDGETS, key=first.__getitem__)],
        boot=json.dumps(boot, ensure_ascii=False).replace("</", "<\\/"),
    )  # fmt: skip
