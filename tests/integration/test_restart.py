"""Nothing is lost across a server crash: finished runs stay, the running run
becomes interrupted, queued runs run, and orphaned workers exit."""

from __future__ import annotations

import os
import signal
import time

import psutil
import pytest

from tests.helpers import Server, spec
from tests.services import fresh_database

TERMINAL = {"succeeded", "failed", "cancelled", "interrupted"}


def long_spec():
    s = spec(epochs=500)
    s["dataset"]["options"]["n_samples"] = 4000
    return s


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_crash_and_restart_loses_nothing(tmp_path, request, database):
    # the default SQLite file in the data folder, or a database on a real PostgreSQL server
    env = {"DATABASE_URL": fresh_database(request.getfixturevalue("postgres"))} if database == "postgresql" else {}
    first = Server(tmp_path, KP_WORKERS="1", **env).start()
    try:
        assert (tmp_path / "playground.db").exists() == (database == "sqlite")  # the server uses the database it was given
        done = first.post("/api/runs", json=spec(epochs=2)).json()["id"]
        assert first.wait_status(done, TERMINAL)["status"] == "succeeded"
        done_events = first.events(done)
        running = first.post("/api/runs", json=long_spec()).json()["id"]
        first.events(running, until=lambda e: e["type"] == "epoch")
        waiting = first.post("/api/runs", json=spec(epochs=2)).json()["id"]
        assert first.get(f"/api/runs/{waiting}").json()["status"] == "queued"
        workers = [w["pid"] for w in first.get("/api/health").json()["workers"]] + first.get("/api/health").json()["inspector"]["pids"]

        os.kill(first.proc.pid, signal.SIGKILL)  # the web process dies; its workers are orphaned
        first.proc.wait(10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE for p in workers):
            time.sleep(0.2)
        assert not [p for p in workers if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE], "orphaned workers kept running"
    finally:
        first.stop(signal.SIGKILL)

    second = Server(tmp_path, KP_WORKERS="1", **env).start()
    try:
        assert second.get(f"/api/runs/{done}").json()["status"] == "succeeded"
        assert second.events(done) == done_events

        if database == "sqlite":  # a file of this process alone: everything it held was cut off, at once
            cut = second.get(f"/api/runs/{running}").json()
            assert cut["status"] == "interrupted" and "server stopped" in cut["error"]
        else:  # a shared database: once the dead process's lease lapses (15 s), it is taken over
            cut = second.wait_status(running, TERMINAL, timeout=30)
            assert cut["status"] == "interrupted" and "stopped answering" in cut["error"]
        events = second.events(running)
        assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
        assert events[-1]["status"] == "interrupted" and any(e["type"] == "epoch" for e in events)

        assert second.wait_status(waiting, TERMINAL, timeout=60)["status"] == "succeeded"
        assert [e["epoch"] for e in second.get(f"/api/runs/{waiting}").json()["epochs"]] == [0, 1]
    finally:
        second.stop()


def test_a_graceful_stop_marks_the_running_run_and_keeps_the_queue(tmp_path):
    first = Server(tmp_path, KP_WORKERS="1").start()
    try:
        running = first.post("/api/runs", json=long_spec()).json()["id"]
        first.events(running, until=lambda e: e["type"] == "epoch")
        waiting = first.post("/api/runs", json=spec(epochs=2)).json()["id"]
    finally:
        first.stop(signal.SIGTERM)
    second = Server(tmp_path, KP_WORKERS="1").start()
    try:
        assert second.get(f"/api/runs/{running}").json()["status"] == "interrupted"
        assert second.wait_status(waiting, TERMINAL, timeout=60)["status"] == "succeeded"
    finally:
        second.stop()


def test_a_run_past_its_time_limit_fails_clearly(tmp_path):
    server = Server(tmp_path, KP_RUN_TIME_LIMIT="2").start()
    try:
        run_id = server.post("/api/runs", json=long_spec()).json()["id"]
        run = server.wait_status(run_id, TERMINAL, timeout=20)
        assert run["status"] == "failed"
        assert run["error"].startswith("The run went past its time limit of 2 s and was stopped after")
    finally:
        server.stop()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "service-stop"])
def test_a_stop_signal_to_the_whole_process_group_interrupts_the_run_and_starts_nothing(tmp_path, sig):
    """Ctrl-C on `make run` and systemd's default stop signal every process of the group."""
    first = Server(tmp_path, KP_WORKERS="1").start()
    try:
        running = first.post("/api/runs", json=long_spec()).json()["id"]
        first.events(running, until=lambda e: e["type"] == "epoch")
        os.killpg(first.proc.pid, sig)
        first.proc.wait(30)
        # nothing of the group is left (a worker spawned during the shutdown would be)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _group_alive(first.proc.pid):
            time.sleep(0.1)
        assert not _group_alive(first.proc.pid), "processes of the server outlived it"
    finally:
        first.stop(signal.SIGKILL)
    log = first.log.read_text()
    assert "stopped unexpectedly" not in log and "stopped before it was ready" not in log, log[-2000:]
    second = Server(tmp_path, KP_WORKERS="1").start()
    try:
        cut = second.get(f"/api/runs/{running}").json()
        assert cut["status"] == "interrupted" and "server stopped" in cut["error"], cut["error"]
        assert second.events(running)[-1]["why"] == {"code": "interrupted"}
    finally:
        second.stop()


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return any(p.status() != psutil.STATUS_ZOMBIE for p in psutil.process_iter() if _pgid(p.pid) == pgid)


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def test_a_queued_run_over_a_lowered_parameter_cap_is_refused_by_the_worker(tmp_path):
    """The cap is checked at submit and again by the worker, before any weight exists:
    a run queued before the server came back with a lower `KP_MAX_PARAMS` fails clearly."""
    big = spec(epochs=1)
    big["model"]["layers"][0]["config"]["units"] = 4000  # ~340,000 parameters: under the first cap, over the second
    first = Server(tmp_path, KP_WORKERS="1").start()
    try:
        running = first.post("/api/runs", json=long_spec()).json()["id"]
        first.events(running, until=lambda e: e["type"] == "epoch")
        waiting = first.post("/api/runs", json=big).json()["id"]
    finally:
        first.stop(signal.SIGTERM)
    second = Server(tmp_path, KP_WORKERS="1", KP_MAX_PARAMS="50000").start()
    try:
        run = second.wait_status(waiting, TERMINAL, timeout=60)
        assert run["status"] == "failed" and run["why"]["code"] == "build", run
        assert "expected a model with at most 50,000 parameters; received one with 340," in run["error"], run["error"]
        after = second.post("/api/runs", json=spec(epochs=1)).json()["id"]
        assert second.wait_status(after, TERMINAL, timeout=60)["status"] == "succeeded"
    finally:
        second.stop()
