"""One Settings object, read from the environment (see docs/configuration.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path


class ConfigError(ValueError):
    """An environment variable holds a value the app cannot use."""


def _env_int(name: str, default: int, lo: int, hi: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} expects an integer from {lo} to {hi}; received {raw!r}") from None
    if not lo <= value <= hi:
        raise ConfigError(f"{name} expects an integer from {lo} to {hi}; received {value}")
    return value


def _env_float(name: str, default: float, lo: float, hi: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} expects a number from {lo} to {hi}; received {raw!r}") from None
    if not lo <= value <= hi:
        raise ConfigError(f"{name} expects a number from {lo} to {hi}; received {value}")
    return value


def _default_threads(workers: int) -> int:
    # Training workers share the cores left after one for the web process and
    # the inspector. Measured on 2 cores: 1 thread trains the lesson preset 17%
    # faster than 2, which contend with the event pipeline (docs/benchmarks.md).
    return max(1, ((os.cpu_count() or 1) - 1) // workers)


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = Path("data")
    database_url: str = ""
    workers: int = 1
    worker_threads: int = 1
    worker_max_jobs: int = 50
    worker_max_rss_mb: int = 3072
    run_max_rss_mb: int = 4096
    keep_days: float = 0.0
    keep_runs: int = 0
    keep_gb: float = 0.0
    run_time_limit: float = 600.0
    cancel_grace: float = 3.0
    unclaimed_resend: float = 60.0
    pause_limit: float = 300.0
    inspect_timeout: float = 30.0
    inspectors: int = 2
    inspector_max_rss_mb: int = 2048
    db_busy_timeout: float = 30.0
    max_body_kb: int = 1024
    batch_events_per_sec: float = 10.0
    max_params: int = 5_000_000
    max_queued: int = 200
    ws_queue: int = 1000
    ws_max_per_client: int = 20
    ws_max_total: int = 500
    ws_send_timeout: float = 30.0
    run_max_histograms: int = 2000
    mode: str = "personal"
    backend: str = "local"
    web_processes: int = 1
    event_bus: str = "local"
    redis_url: str = "redis://127.0.0.1:6379/0"
    secret_key: str = ""
    session_days: float = 14.0
    secure_cookies: bool = False
    allowed_origins: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()
    # per-user limits (classroom mode; 0 = none, which is personal mode's default)
    limit_active_runs: int = 0
    limit_runs_per_hour: int = 0
    limit_stored_runs: int = 0
    limit_upload_mb: float = 0.0

    @property
    def classroom(self) -> bool:
        return self.mode == "classroom"

    @classmethod
    def from_env(cls) -> Settings:
        data_dir = Path(os.environ.get("KP_DATA_DIR") or "data").resolve()
        workers = _env_int("KP_WORKERS", 1, 1, 32)
        mode = os.environ.get("KP_MODE") or "personal"
        if mode not in ("personal", "classroom"):
            raise ConfigError(f"KP_MODE expects personal or classroom; received {mode!r}")
        classroom = mode == "classroom"
        backend = os.environ.get("KP_BACKEND") or "local"
        if backend not in ("local", "celery"):
            raise ConfigError(f"KP_BACKEND expects local or celery; received {backend!r}")
        # Celery workers serve every web process: their events must reach them all
        event_bus = os.environ.get("KP_EVENT_BUS") or ("redis" if backend == "celery" else "local")
        web_processes = _env_int("KP_WEB_PROCESSES", 1, 1, 64)
        database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir / 'playground.db'}"
        if web_processes > 1 and (database_url.startswith("sqlite") or event_bus != "redis"):
            raise ConfigError(
                f"KP_WEB_PROCESSES={web_processes} expects a database several processes share (DATABASE_URL=postgresql+psycopg://...) "
                f"and KP_EVENT_BUS=redis (or KP_BACKEND=celery); received {database_url.split(':', 1)[0]} and KP_EVENT_BUS={event_bus}"
            )
        if event_bus not in ("local", "redis"):
            raise ConfigError(f"KP_EVENT_BUS expects local or redis; received {event_bus!r}")
        return cls(
            host=os.environ.get("HOST") or "127.0.0.1",
            port=_env_int("PORT", 8000, 1, 65535),
            data_dir=data_dir,
            database_url=database_url,
            workers=workers,
            worker_threads=_env_int("KP_WORKER_THREADS", _default_threads(workers), 1, 256),
            worker_max_jobs=_env_int("KP_WORKER_MAX_JOBS", 50, 1, 100_000),
            worker_max_rss_mb=_env_int("KP_WORKER_MAX_RSS_MB", 3072, 256, 1_000_000),
            run_max_rss_mb=_env_int("KP_RUN_MAX_RSS_MB", 4096, 256, 1_000_000),
            keep_days=_env_float("KP_KEEP_DAYS", 0.0, 0.0, 36_500.0),
            keep_runs=_env_int("KP_KEEP_RUNS", 0, 0, 100_000_000),
            keep_gb=_env_float("KP_KEEP_GB", 0.0, 0.0, 1_000_000.0),
            run_time_limit=_env_float("KP_RUN_TIME_LIMIT", 600.0, 1.0, 86_400.0),
            cancel_grace=_env_float("KP_CANCEL_GRACE", 3.0, 0.1, 60.0),
            unclaimed_resend=_env_float("KP_UNCLAIMED_RESEND", 60.0, 2.0, 3600.0),
            pause_limit=_env_float("KP_PAUSE_LIMIT", 300.0, 1.0, 3600.0),
            inspect_timeout=_env_float("KP_INSPECT_TIMEOUT", 30.0, 1.0, 600.0),
            inspectors=_env_int("KP_INSPECTORS", 2, 1, 16),
            inspector_max_rss_mb=_env_int("KP_INSPECTOR_MAX_RSS_MB", 2048, 256, 1_000_000),
            db_busy_timeout=_env_float("KP_DB_BUSY_TIMEOUT", 30.0, 0.1, 600.0),
            max_body_kb=_env_int("KP_MAX_BODY_KB", 1024, 16, 102_400),
            batch_events_per_sec=_env_float("KP_BATCH_EVENTS_PER_SEC", 10.0, 0.1, 1000.0),
            max_params=_env_int("KP_MAX_PARAMS", 5_000_000, 1_000, 1_000_000_000),
            max_queued=_env_int("KP_MAX_QUEUED", 200, 1, 100_000),
            ws_queue=_env_int("KP_WS_QUEUE", 1000, 1, 1_000_000),
            ws_max_per_client=_env_int("KP_WS_MAX_PER_CLIENT", 20, 1, 100_000),
            ws_max_total=_env_int("KP_WS_MAX_TOTAL", 500, 1, 1_000_000),
            ws_send_timeout=_env_float("KP_WS_SEND_TIMEOUT", 30.0, 1.0, 3600.0),
            run_max_histograms=_env_int("KP_RUN_MAX_HISTOGRAMS", 2000, 1, 1_000_000),
            mode=mode,
            backend=backend,
            web_processes=web_processes,
            event_bus=event_bus,
            redis_url=os.environ.get("KP_REDIS_URL") or "redis://127.0.0.1:6379/0",
            secret_key=os.environ.get("KP_SECRET_KEY") or "",
            session_days=_env_float("KP_SESSION_DAYS", 14.0, 0.01, 365.0),
            secure_cookies=_env_int("KP_SECURE_COOKIES", 0, 0, 1) == 1,
            allowed_hosts=tuple(h.strip() for h in (os.environ.get("KP_ALLOWED_HOSTS") or "").split(",") if h.strip()),
            allowed_origins=tuple(o.strip().rstrip("/") for o in (os.environ.get("KP_ALLOWED_ORIGINS") or "").split(",") if o.strip()),
            limit_active_runs=_env_int("KP_LIMIT_ACTIVE_RUNS", 2 if classroom else 0, 0, 10_000),
            limit_runs_per_hour=_env_int("KP_LIMIT_RUNS_PER_HOUR", 60 if classroom else 0, 0, 100_000),
            limit_stored_runs=_env_int("KP_LIMIT_STORED_RUNS", 200 if classroom else 0, 0, 1_000_000),
            limit_upload_mb=_env_float("KP_LIMIT_UPLOAD_MB", 20.0 if classroom else 0.0, 0.0, 100_000.0),
        )

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}
