"""Typed dependencies shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from app.i18n import normalize_lang
from app.state import AppState


def get_state(request: Request) -> AppState:
    return request.app.state.kp


def get_lang(request: Request) -> str:
    """`?lang=` wins; then the browser's Accept-Language; then English."""
    return normalize_lang(request.query_params.get("lang") or request.headers.get("accept-language"))


StateDep = Annotated[AppState, Depends(get_state)]
LangDep = Annotated[str, Depends(get_lang)]


def not_found(what: str, key: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"no {what} {key!r}")
