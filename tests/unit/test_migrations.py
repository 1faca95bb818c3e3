"""Schema migrations (app/store/migrate.py) and stored spec versions (app/spec/versions.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from app.spec import versions
from app.store import migrate
from app.store.db import engine_for, make_engine, metadata
from app.store.runs import RunStore
from tests.helpers import ROOT
from tests.services import fresh_database


def _differences(engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), metadata)


def test_a_new_database_is_built_by_the_migrations_exactly_as_the_tables_say(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    with engine.connect() as conn:
        assert migrate.current(conn) == migrate.head() == "0002"
    assert _differences(engine) == []  # a change to app/store/db.py needs its revision


def test_the_migrations_build_the_same_tables_on_postgresql(postgres):
    engine = make_engine(fresh_database(postgres))
    assert _differences(engine) == []


def test_a_database_made_before_migrations_is_stamped_and_upgraded_keeping_its_runs(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = engine_for(url)
    with old.connect() as conn:  # the tables as the last version before migrations made them
        command.upgrade(migrate.config(conn), migrate.BASELINE)
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(text("INSERT INTO runs (id, status, spec, created_at, last_seq) VALUES ('r1', 'succeeded', '{\"fit\": {}}', 1.0, 0)"))
        conn.commit()
    assert "stream_pos" not in {c["name"] for c in inspect(old).get_columns("runs")}
    store = RunStore(make_engine(url))
    assert store.get_run("r1")["spec"] == {"fit": {}}  # kept, and read as version 1
    assert {"stream_pos", "spec_version"} <= {c["name"] for c in inspect(store.engine).get_columns("runs")}
    with store.engine.connect() as conn:
        assert migrate.current(conn) == migrate.head()


def test_processes_starting_together_on_postgresql_upgrade_it_once(postgres):
    url = fresh_database(postgres)
    results, errors = [], []

    def start() -> None:
        try:
            results.append(migrate.upgrade(engine_for(url)))
        except Exception as e:  # noqa: BLE001 - collected, and the test fails on it
            errors.append(e)

    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == [] and results == ["0002"] * 6
    with create_engine(url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1


def test_python_m_app_db_upgrade_and_current(tmp_path):
    env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "KP_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "app", "db", "upgrade"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "the database is at revision 0002 (the newest)" in done.stdout, done.stdout + done.stderr
    now = subprocess.run([sys.executable, "-m", "app", "db", "current"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert "the database is at revision 0002; the newest is 0002" in now.stdout
    wrong = subprocess.run([sys.executable, "-m", "app", "db", "downgrade"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert wrong.returncode == 2 and "usage: python -m app db upgrade | current" in wrong.stdout


def test_every_older_spec_version_has_its_upgrade():
    assert sorted(versions.UPGRADES) == list(range(1, versions.CURRENT))


def test_a_stored_spec_is_read_in_the_current_format(tmp_path, monkeypatch):
    store = RunStore(make_engine(f"sqlite:///{tmp_path / 'v.db'}"))
    run_id = store.create_run({"fit": {"epochs": 3}})
    assert store.get_run(run_id)["spec_version"] == versions.CURRENT
    # the format changes: version 2 renames fit.epochs; a run stored in version 1 reads as version 2
    monkeypatch.setattr(versions, "CURRENT", 2)
    monkeypatch.setitem(versions.UPGRADES, 1, lambda spec: {"fit": {"rounds": spec["fit"]["epochs"]}})
    assert store.get_run(run_id)["spec"] == {"fit": {"rounds": 3}}
    monkeypatch.setattr(versions, "CURRENT", 0)
    with pytest.raises(ValueError, match="a spec of version 1 is newer than this version of the app"):
        store.get_run(run_id)
