"""The pages of classroom mode: login, join, home, a class's dashboard, admin, a run."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse

from app.accounts.errors import NOUNS, AccountError
from app.api.auth import start_session
from app.api.deps import AdminDep, LangDep, StateDep, UserDep, seen_run
from app.api.pages import _page
from app.classroom import assignments
from app.i18n import ui_strings

router = APIRouter(tags=["pages"], include_in_schema=False)


def _boot(lang: str, **extra) -> str:
    return json.dumps({"lang": lang, "strings": ui_strings(lang), **extra}, ensure_ascii=False).replace("</", "<\\/")


def _safe_next(target: str | None) -> str:
    """Only a path of this site (never //elsewhere or a full address)."""
    return target if target and target.startswith("/") and not target.startswith("//") and "\\" not in target else "/home"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, state: StateDep, lang: LangDep, next: str | None = None) -> HTMLResponse:
    return _page(state, request, "login.html", lang, next=_safe_next(next), boot=_boot(lang))


@router.get("/join", response_class=HTMLResponse)
def join_page(request: Request, state: StateDep, lang: LangDep, code: str = "") -> HTMLResponse:
    return _page(state, request, "join.html", lang, code=code[:16], gone=False, boot=_boot(lang))


@router.get("/join/{token}", response_class=HTMLResponse)
async def join_with_link(token: str, request: Request, state: StateDep, lang: LangDep):
    """A one-time sign-in link: signs its student in once, then never again."""
    user = await run_in_threadpool(state.accounts.use_link, token[:100])
    if user is None or "session" not in request.scope:
        response = _page(state, request, "join.html", lang, code="", gone=True, boot=_boot(lang))
        response.status_code = 410
        return response
    start_session(request, user)
    return RedirectResponse("/home", status_code=303)


@router.get("/home", response_class=HTMLResponse)
def home_page(request: Request, state: StateDep, lang: LangDep, user: UserDep) -> HTMLResponse:
    lessons = [{"slug": lesson.slug, "title": lesson.title(lang)} for lesson in state.lessons]
    return _page(state, request, "home.html", lang, boot=_boot(lang, role=user.role, lessons=lessons))


@router.get("/classes/{class_id}", response_class=HTMLResponse)
async def dashboard_page(class_id: str, request: Request, state: StateDep, lang: LangDep, user: UserDep) -> HTMLResponse:
    found = await run_in_threadpool(assignments.own_class, state, user, class_id)
    lessons = [{"slug": lesson.slug, "title": lesson.title(lang)} for lesson in state.lessons]
    return _page(state, request, "dashboard.html", lang, klass=found, boot=_boot(lang, class_id=class_id, lessons=lessons))


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request, state: StateDep, lang: LangDep, admin: AdminDep) -> HTMLResponse:
    return _page(state, request, "admin.html", lang, boot=_boot(lang))


@router.get("/runs/{run_id}", response_class=HTMLResponse)
async def run_page(run_id: str, request: Request, state: StateDep, lang: LangDep, user: UserDep) -> HTMLResponse:
    await run_in_threadpool(seen_run, state, user, run_id)
    boot = _boot(lang, api=f"/api/runs/{run_id}", ws=f"/ws/runs/{run_id}", share=f"/api/runs/{run_id}/share")
    return _page(state, request, "run.html", lang, run_id=run_id, shared=False, boot=boot)


@router.get("/shared/{token}", response_class=HTMLResponse)
async def shared_page(token: str, request: Request, state: StateDep, lang: LangDep) -> HTMLResponse:
    run_id = await run_in_threadpool(state.store.run_for_share, token)
    if run_id is None:
        raise AccountError(404, "no_such", what=NOUNS["shared run"], key=repr(token[:40]))
    boot = _boot(lang, api=f"/api/shared/{token}", ws=f"/ws/shared/{token}")
    return _page(state, request, "run.html", lang, run_id=run_id, shared=True, boot=boot)
