"""The ASGI app: assembles settings, routers and the worker backend."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

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
from app.api.headers import SecurityHeaders, allowed_hosts
from app.api.limits import BodyLimit
from app.api.static import Static
from app.settings import Settings
from app.state import build_state
from app.widgets import WIDGETS


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        state = build_state(settings)
        state.hub.bind(asyncio.get_running_loop())
        if state.relay is not None:
            state.relay.start()
        state.backend.start()
        state.runs.recover()
        state.runs.keep_leases()
        state.deployment.start()
        state.runs.keep_tidy()
        app.state.kp = state
        yield
        state.deployment.stop()
        state.backend.stop()
        state.runs.shutdown()
        if state.relay is not None:
            state.relay.stop()

    app = FastAPI(
        title="Keras Playground", version="0.1.0", lifespan=lifespan, default_response_class=errors.SafeJSONResponse,
        generate_unique_id_function=lambda route: route.name,  # operation ids the OpenAPI links name: the handlers'
    )  # fmt: skip
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=settings.max_body_kb * 1024, own=("/api/uploads",))  # uploads have their own bound
    app.add_middleware(GZipMiddleware, minimum_size=2048)  # the catalog and plotly.js shrink ~8x
    app.add_middleware(
        Guard, classroom=settings.classroom, allowed_origins=settings.allowed_origins,
        load_user=lambda session: session_user(app.state.kp.accounts, session),
    )  # fmt: skip
    if settings.classroom:  # outside the guard, which reads the session it decodes
        app.add_middleware(
            SessionMiddleware, secret_key=secret_key(settings.secret_key, settings.data_dir),
            session_cookie=SESSION_COOKIE, max_age=int(settings.session_days * 86400), same_site="lax",
            https_only=settings.secure_cookies,
        )  # fmt: skip
    # outermost: a request for another Host name is refused before anything reads it
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(settings.allowed_hosts, settings.host))
    errors.install(app)
    routers = (health, auth, classes, assignments, admin, catalog, datasets, lessons, inspect, explore, code, import_, uploads, runs, shared, ws, classroom_pages, pages)
    for module in routers:
        app.include_router(module.router)
    app.mount("/static", Static(directory=Path(__file__).parent / "static", widgets=WIDGETS), name="static")
    return app


app = create_app()
