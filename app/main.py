"""The ASGI app: assembles settings, routers and the worker backend."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles

from app.api import (
    catalog,
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
    errors.install(app)
    for module in (health, catalog, datasets, lessons, inspect, explore, code, import_, uploads, runs, ws, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    return app


app = create_app()
