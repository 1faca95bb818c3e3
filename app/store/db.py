"""The database engine and tables."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine

metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("status", String(16), nullable=False, index=True),
    Column("spec", Text, nullable=False),  # JSON
    Column("created_at", Float, nullable=False),
    Column("started_at", Float),
    Column("finished_at", Float),
    Column("error", Text),
    # who, for what (null in personal mode)
    Column("owner_id", String(32), index=True),
    Column("lesson", String(80)),
    Column("assignment_id", String(32), index=True),
    Column("share_token", String(64), unique=True),
    Column("first", Boolean),  # a teacher's run: it goes ahead of the students' (kept for a restart)
    # kept up to date by each epoch event, so lists and the dashboard read one row
    Column("epoch", Integer),
    Column("logs", Text),  # JSON: the latest epoch's logs
    Column("extremes", Text),  # JSON: {key: [lowest, highest]} over the epochs
    Column("spark", Text),  # JSON: the loss of the last epochs, for sparklines
    Column("last_seq", Integer),  # the seq of its last stored event (app/store/runs.py takes the next one here)
    # the web process that holds the run while it is queued or running, and until when (app/store/leases.py)
    Column("leased_by", String(120)),
    Column("lease_until", Float),
    # how far the events of its worker's Redis stream are stored (the Celery backend)
    Column("stream_pos", String(40)),
    Column("spec_version", Integer),  # the spec format it was stored in (app/spec/versions.py; null: 1)
)

users = Table(
    "users",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(40), nullable=False),
    Column("login", String(40), unique=True),  # teachers sign in by name; students have none
    Column("role", String(16), nullable=False),  # teacher | student
    Column("admin", Boolean, nullable=False, default=False),
    Column("password_hash", Text),
    Column("class_id", String(32), index=True),  # a student's class
    Column("session_version", Integer, nullable=False, default=1),
    Column("created_at", Float, nullable=False),
    UniqueConstraint("class_id", "name", name="uq_users_class_name"),
)

classes = Table(
    "classes",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(80), nullable=False),
    Column("teacher_id", String(32), ForeignKey("users.id"), nullable=False, index=True),
    Column("join_code", String(16), nullable=False, unique=True),
    Column("created_at", Float, nullable=False),
)

links = Table(
    "links",
    metadata,
    Column("token_hash", String(64), primary_key=True),  # sha256 of the token: the table alone signs nobody in
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("used_at", Float),
)

uploads = Table(
    "uploads",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("owner_id", String(32), index=True),
    Column("bytes", Integer, nullable=False),
    Column("created_at", Float, nullable=False),
)

assignments = Table(
    "assignments",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("class_id", String(32), ForeignKey("classes.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("title", String(120), nullable=False),
    Column("lesson", String(80), nullable=False),
    Column("spec", Text, nullable=False),  # JSON
    Column("locked", Text, nullable=False),  # JSON list of dotted paths
    Column("goal", Text, nullable=False),  # JSON
    Column("created_at", Float, nullable=False),
)

# The training workers of every web process that shares the database, as each last
# reported them (app/runs/deployment.py): what /api/health shows whichever process answers.
workers = Table(
    "workers",
    metadata,
    Column("id", String(160), primary_key=True),  # "<holder>/<pid>"
    Column("holder", String(120), nullable=False, index=True),  # the web process ("<host>:<pid>")
    Column("host", String(120), nullable=False),
    Column("pid", Integer),
    Column("state", String(8), nullable=False),
    Column("run_id", String(32)),
    Column("ready", Boolean, nullable=False),
    Column("jobs_done", Integer, nullable=False),
    Column("rss_mb", Float),
    Column("queues", String(80), nullable=False),  # comma-separated
    Column("gpu", Boolean, nullable=False),
    Column("seen_at", Float, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(32), ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("type", String(16), nullable=False),
    Column("data", Text, nullable=False),  # the whole event as JSON, seq included
    Column("created_at", Float, nullable=False),
    UniqueConstraint("run_id", "seq", name="uq_events_run_seq"),
)


def make_engine(url: str, busy_timeout: float = 30.0) -> Engine:
    """An engine for `url`, its schema brought to the newest revision (app/store/migrate.py)."""
    from app.store import migrate

    engine = engine_for(url, busy_timeout)
    migrate.upgrade(engine)
    return engine


def engine_for(url: str, busy_timeout: float = 30.0) -> Engine:
    """An engine for `url`; SQLite gets WAL mode and a busy timeout (how long a write
    waits for another writer's lock before it fails)."""
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_timeout})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine
