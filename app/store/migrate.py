"""Schema changes: Alembic revisions in app/store/migrations/versions, applied
by `python -m app db upgrade` and by every process at start (`make_engine`).

Several processes that start together (uvicorn's workers, replicas) take turns:
on PostgreSQL under an advisory lock, so one upgrades and the others find the
database at head; a SQLite file belongs to one process. A database made
before migrations existed (tables, no `alembic_version`) is the baseline
revision: it is stamped, then upgraded like any other.

A change to the tables in app/store/db.py comes with a new revision that
makes it (`alembic revision` with this folder's script.py.mako, or by hand);
tests/unit/test_migrations.py fails while the two disagree.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

FOLDER = Path(__file__).parent / "migrations"
BASELINE = "0001"
LOCK = 7_315_093  # the advisory lock's key on PostgreSQL: any number other code does not use


def config(conn: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(FOLDER))
    cfg.attributes["connection"] = conn
    return cfg


def head() -> str:
    return ScriptDirectory.from_config(config()).get_current_head()


def current(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> str:
    """Bring the database to the newest revision; returns it."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK})
            conn.commit()
        try:
            now = current(conn)
            if now != head():
                if now is None and inspect(conn).has_table("runs"):
                    command.stamp(config(conn), BASELINE)  # made before migrations: it is the baseline
                command.upgrade(config(conn), "head")
                conn.commit()
            return current(conn)
        finally:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK})
                conn.commit()


def main(argv: list[str]) -> int:
    """`python -m app db upgrade` (apply every revision) or `python -m app db current`."""
    from app.settings import Settings
    from app.store.db import engine_for

    if argv not in (["upgrade"], ["current"]):
        print("usage: python -m app db upgrade | current")
        return 2
    engine = engine_for(Settings.from_env().database_url)
    if argv == ["upgrade"]:
        print(f"the database is at revision {upgrade(engine)} (the newest)")
    else:
        with engine.connect() as conn:
            print(f"the database is at revision {current(conn)}; the newest is {head()}")
    return 0
