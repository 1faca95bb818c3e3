"""How errors leave the app: a 422 located at the field, in the learner's language."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from app.accounts.errors import AccountError
from app.api.deps import get_lang
from app.jobs.backend import InspectUnavailable, QueueFull
from app.spec.errors import SpecError


async def spec_error(request: Request, exc: SpecError) -> JSONResponse:
    return JSONResponse({"detail": exc.detail(get_lang(request))}, status_code=422)


async def unavailable(request: Request, exc: InspectUnavailable) -> JSONResponse:
    return JSONResponse({"detail": f"Keras is not available right now: {exc}. Try again in a few seconds."}, status_code=503)


async def queue_full(request: Request, exc: QueueFull) -> JSONResponse:
    return JSONResponse({"detail": f"Too many runs are waiting: {exc}. Try again when some have finished."}, status_code=429)


async def account_error(request: Request, exc: AccountError) -> JSONResponse:
    return JSONResponse({"detail": exc.detail(get_lang(request))}, status_code=exc.status, headers=exc.headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(AccountError, account_error)
    app.add_exception_handler(SpecError, spec_error)
    app.add_exception_handler(InspectUnavailable, unavailable)
    app.add_exception_handler(QueueFull, queue_full)
