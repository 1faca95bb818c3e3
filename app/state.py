"""Everything a request handler may need, built once at start-up."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

from fastapi.templating import Jinja2Templates

from app import uploads
from app.accounts.throttle import LoginThrottle
from app.accounts.users import AccountStore
from app.inspection import Inspector
from app.jobs.backend import JobBackend
from app.jobs.local import LocalBackend
from app.lessons import LessonRegistry
from app.runs.deployment import Deployment
from app.runs.hub import Hub
from app.runs.relay import RedisRelay
from app.runs.service import RunService
from app.settings import Settings
from app.store.db import make_engine
from app.store.leases import Leases
from app.store.runs import RunStore
from app.templating import make_templates

LEASE_SECONDS = 15.0  # renewed every 5 s; a lapsed one is taken over within 20 s


@dataclass
class AppState:
    settings: Settings
    store: RunStore
    accounts: AccountStore
    throttle: LoginThrottle
    hub: Hub
    relay: RedisRelay | None
    runs: RunService
    backend: JobBackend
    deployment: Deployment
    inspector: Inspector
    lessons: LessonRegistry
    templates: Jinja2Templates


def make_backend(settings: Settings, runs: RunService) -> JobBackend:
    """KP_BACKEND: spawned workers of this process, or Celery workers anywhere."""
    if settings.backend == "celery":  # imported here: Celery's import costs `make run` nothing
        from app.jobs.celery_backend import CeleryBackend

        return CeleryBackend(settings, sink=runs.record, burst_sink=runs.record_burst)
    return LocalBackend(settings, sink=runs.record)


def build_state(settings: Settings) -> AppState:
    """Wire the app's parts together; starts nothing."""
    uploads.configure(settings.data_dir)
    engine = make_engine(settings.database_url, settings.db_busy_timeout)
    holder = f"{socket.gethostname()}:{os.getpid()}"  # this web process, as the runs it holds name it
    store = RunStore(engine, holder, LEASE_SECONDS)
    hub = Hub()
    relay = RedisRelay(settings.redis_url, hub.publish_here) if settings.event_bus == "redis" else None
    if relay is not None:
        hub.connect(relay)
    runs = RunService(store, hub, settings)
    shared = not settings.database_url.startswith("sqlite")  # other web processes may use it too
    runs.use_leases(Leases(engine, holder, LEASE_SECONDS), shared)
    if relay is not None:
        relay.on_command = runs.command_here
    backend = make_backend(settings, runs)
    runs.attach(backend)
    templates = make_templates()
    return AppState(
        settings=settings,
        store=store,
        accounts=AccountStore(engine),
        throttle=LoginThrottle(),
        hub=hub,
        relay=relay,
        runs=runs,
        backend=backend,
        deployment=Deployment(engine, backend, holder, shared, LEASE_SECONDS / 3),
        inspector=Inspector(backend, settings.inspect_timeout),
        lessons=LessonRegistry(),
        templates=templates,
    )
