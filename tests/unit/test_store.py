"""The run store: gap-free sequence numbers, replay after any seq, status in step."""

from __future__ import annotations

import threading

import pytest

from app.store.db import make_engine
from app.store.runs import RunStore
from tests.services import fresh_database


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    """The same store on SQLite (the default) and on a real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db.sqlite'}"
    return fresh_database(request.getfixturevalue("postgres"))


@pytest.fixture
def store(url):
    return RunStore(make_engine(url))


def test_events_get_consecutive_seq_and_replay_from_any_point(store):
    run = store.create_run({"x": 1})
    store.append_event(run, {"type": "status", "status": "queued", "position": 0})
    store.append_event(run, {"type": "status", "status": "running"})
    for epoch in range(3):
        store.append_event(run, {"type": "epoch", "epoch": epoch, "logs": {"loss": 1.0 / (epoch + 1)}})
    store.append_event(run, {"type": "status", "status": "succeeded"})
    events = store.events_after(run, 0)
    assert [e["seq"] for e in events] == [1, 2, 3, 4, 5, 6]
    assert [e["seq"] for e in store.events_after(run, 4)] == [5, 6]
    assert store.events_after(run, 6) == []
    assert [e["epoch"] for e in store.events_after(run, 0, types=("epoch",))] == [0, 1, 2]


def test_status_events_update_the_run_row(store):
    run = store.create_run({})
    assert store.get_run(run)["status"] == "queued"
    store.append_event(run, {"type": "status", "status": "running"})
    row = store.get_run(run)
    assert row["status"] == "running" and row["started_at"] and not row["finished_at"]
    store.append_event(run, {"type": "status", "status": "failed", "error": "boom"})
    row = store.get_run(run)
    assert row["status"] == "failed" and row["error"] == "boom" and row["finished_at"] >= row["started_at"]
    assert store.run_ids_with_status("failed") == [run]


def test_seq_continues_after_a_restart(url):
    first = RunStore(make_engine(url))
    run = first.create_run({})
    first.append_event(run, {"type": "status", "status": "queued"})
    first.append_event(run, {"type": "status", "status": "running"})
    second = RunStore(make_engine(url))  # a new process knows nothing in memory
    assert second.append_event(run, {"type": "status", "status": "interrupted"})["seq"] == 3


def test_concurrent_writers_never_share_or_skip_a_seq(store):
    runs = [store.create_run({}) for _ in range(3)]

    def write(run):
        for i in range(40):
            store.append_event(run, {"type": "batch", "epoch": 0, "batch": i, "logs": {}})

    threads = [threading.Thread(target=write, args=(r,)) for r in runs for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for run in runs:
        assert [e["seq"] for e in store.events_after(run)] == list(range(1, 81))


def test_spec_is_stored_as_given(store):
    spec = {"model": {"layers": [{"class_name": "Dense", "config": {"units": 3}}]}}
    assert store.get_run(store.create_run(spec))["spec"] == spec
    assert store.get_run("nope") is None


def test_two_processes_storing_one_runs_events_never_share_or_skip_a_seq(url):
    # two stores on one database, as two web processes have: the database numbers the events
    stores = [RunStore(make_engine(url)), RunStore(make_engine(url))]
    run = stores[0].create_run({})

    def write(store, start):
        for i in range(30):
            store.append_event(run, {"type": "batch", "epoch": 0, "batch": start + i, "logs": {}})

    threads = [threading.Thread(target=write, args=(store, 100 * k)) for k, store in enumerate(stores * 2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    stored = stores[1].events_after(run)
    assert [e["seq"] for e in stored] == list(range(1, 121))
    assert sorted(e["batch"] for e in stored) == sorted(100 * k + i for k in range(4) for i in range(30))


def test_a_run_stored_before_seq_was_kept_on_its_row_goes_on_from_its_events(url):
    from sqlalchemy import update

    from app.store.db import runs

    store = RunStore(make_engine(url))
    run = store.create_run({})
    for status in ("queued", "running"):
        store.append_event(run, {"type": "status", "status": status})
    with store.engine.begin() as conn:  # as an older version left it
        conn.execute(update(runs).where(runs.c.id == run).values(last_seq=None))
    assert store.append_event(run, {"type": "status", "status": "interrupted"})["seq"] == 3


def test_an_event_of_an_unknown_run_is_refused(store):
    with pytest.raises(KeyError, match="no run 'nope'"):
        store.append_event("nope", {"type": "status", "status": "running"})
