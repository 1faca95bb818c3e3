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
