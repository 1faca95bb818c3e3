"""The ASGI app: assembles settings, routers and the worker backend."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from app.accounts.guard import SESSION_COOKIE, Guard
from app.accounts.secret import secret_key
from app.accounts.users import session_user
from app.api import (
    admin,
    assignments,
    auth,
    catalog,
    classes,
    classroom_pages,
    code,
    datasets,
    errors,
    explore,
    health,
    import_,
    inspect,
    lessons,
    pages,
    runs,
    shared,
    uploads,
    ws,
)
from app.settings import Settings
from app.state import build_state


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        state = build_state(settings)
        state.hub.bind(asyncio.get_running_loop())
        state.backend.start()
        state.runs.recover()
        app.state.kp = state
        yield
        state.backend.stop()
        state.runs.shutdown()

    app = FastAPI(title="Keras Playground", version="0.1.0", lifespan=lifespan)
    app.add_middleware(GZipMiddleware, minimum_size=2048)  # the catalog and plotly.js shrink ~8x
    app.add_middleware(
        Guard, classroom=settings.classroom, allowed_origins=settings.allowed_origins,
        load_user=lambda session: session_user(app.state.kp.accounts, session),
    )  # fmt: skip
    if settings.classroom:  # outside the guard, which reads the session it decodes
        app.add_middleware(
            SessionMiddleware, secret_key=secret_key(settings.secret_key, settings.data_dir),
            session_cookie=SESSION_COOKIE, max_age=int(settings.session_days * 86400), same_site="lax",
        )  # fmt: skip
    errors.install(app)
    routers = (health, auth, classes, assignments, admin, catalog, datasets, lessons, inspect, explore, code, import_, uploads, runs, shared, ws, classroom_pages, pages)
    for module in routers:
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    return app


app = create_app()
