"""How errors leave the app: a 422 located at the field, in the learner's language."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from app.accounts.errors import AccountError
from app.api.deps import get_lang
from app.i18n import T
from app.jobs.backend import InspectUnavailable, QueueFull
from app.spec.errors import SpecError


class SafeJSONResponse(JSONResponse):
    """JSON that any client can be sent: a lone surrogate a client put in a string
    ("\\ud800", valid JSON, not valid UTF-8) goes back escaped instead of failing to encode."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8", "backslashreplace")


async def request_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
    return SafeJSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)


async def spec_error(request: Request, exc: SpecError) -> JSONResponse:
    return SafeJSONResponse({"detail": exc.detail(get_lang(request))}, status_code=422)


async def unavailable(request: Request, exc: InspectUnavailable) -> JSONResponse:
    why = T("the inspector is starting or was restarted", "检查进程正在启动或刚刚重启")
    return await account_error(request, AccountError(503, "unavailable", headers={"Retry-After": "5"}, why=why))


async def queue_full(request: Request, exc: QueueFull) -> JSONResponse:
    return await account_error(request, AccountError(429, "queue_full", headers={"Retry-After": "30"}, count=exc.limit))


async def account_error(request: Request, exc: AccountError) -> JSONResponse:
    return SafeJSONResponse({"detail": exc.detail(get_lang(request))}, status_code=exc.status, headers=exc.headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, request_invalid)
    app.add_exception_handler(AccountError, account_error)
    app.add_exception_handler(SpecError, spec_error)
    app.add_exception_handler(InspectUnavailable, unavailable)
    app.add_exception_handler(QueueFull, queue_full)
