"""Nothing is lost across a server crash: finished runs stay, queued runs run, and
orphaned workers exit. The running run is cut off (`interrupted`) with local workers,
which die with their web process; with Celery workers, which do not, it trains on
and the restarted process reads it on. Each test runs on both backends."""

from __future__ import annotations

import os
import signal
import time

import psutil
import pytest
import redis

from tests.helpers import CeleryWorker, Server, spec
from tests.services import fresh_database, redis_db

TERMINAL = {"succeeded", "failed", "cancelled", "interrupted"}


def long_spec():
    s = spec(epochs=500)
    s["dataset"]["options"]["n_samples"] = 4000
    return s


class Backend:
    """Starts this test's servers on one job backend: `local` (the server's own worker), or
    `celery` (a `python -m app worker` beside them, started again when its settings change:
    with Celery, the settings of training are the worker's)."""

    def __init__(self, name: str, redis_url: str | None = None):
        self.name, self.redis_url = name, redis_url
        self.env = {"KP_BACKEND": "celery", "KP_REDIS_URL": redis_url} if name == "celery" else {}
        self.worker: CeleryWorker | None = None
        self.worker_env: dict[str, str] = {}

    @property
    def celery(self) -> bool:
        return self.name == "celery"

    def server(self, folder, **env: str) -> Server:
        env = {"KP_WORKERS": "1", **self.env, **env}
        if self.celery and (self.worker is None or self.worker_env != env):
            self.stop(signal.SIGKILL)  # a worker of other settings, and whatever it trains, is gone
            self.worker, self.worker_env = CeleryWorker(folder, self.redis_url, **env).start(), env
        return Server(folder, **env).start()

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.worker is not None:
            self.worker.stop(sig)


@pytest.fixture(params=["local", "celery"])
def backend(request):
    if request.param == "local":
        yield Backend("local")
        return
    url = redis_db(request.getfixturevalue("redis_url"), 3)  # apart from the session's Celery server
    redis.Redis.from_url(url).flushdb()  # nothing left of an earlier test's workers and queues
    b = Backend("celery", url)
    yield b
    b.stop()


def trains_on(server: Server, run_id: str, stored: list[dict]) -> list[dict]:
    """A run its worker trains on after a web process went: read on through `server` until
    two more epochs than `stored` ended, then cancelled there within 5 s. Its events."""
    beyond = max(e["epoch"] for e in stored if e["type"] == "epoch") + 2
    assert server.get(f"/api/runs/{run_id}").json()["status"] == "running"
    server.events(run_id, until=lambda e: e["type"] == "epoch" and e["epoch"] >= beyond, timeout=60)
    asked = time.monotonic()
    assert server.post(f"/api/runs/{run_id}/cancel").status_code == 202
    assert server.wait_status(run_id, TERMINAL, timeout=10)["status"] == "cancelled"
    assert time.monotonic() - asked < 5
    events = server.events(run_id)
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    epochs = [e["epoch"] for e in events if e["type"] == "epoch"]
    assert epochs == list(range(len(epochs))) and len(epochs) > beyond  # none lost, none twice
    return events


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_crash_and_restart_loses_nothing(tmp_path, request, database, backend):
    # the default SQLite file in the data folder, or a database on a real PostgreSQL server
    env = {"DATABASE_URL": fresh_database(request.getfixturevalue("postgres"))} if database == "postgresql" else {}
    first = backend.server(tmp_path, **env)
    try:
        assert (tmp_path / "playground.db").exists() == (database == "sqlite")  # the server uses the database it was given
        done = first.post("/api/runs", json=spec(epochs=2)).json()["id"]
        assert first.wait_status(done, TERMINAL)["status"] == "succeeded"
        done_events = first.events(done)
        running = first.post("/api/runs", json=long_spec()).json()["id"]
        stored = first.events(running, until=lambda e: e["type"] == "epoch")
        waiting = first.post("/api/runs", json=spec(epochs=2)).json()["id"]
        assert first.get(f"/api/runs/{waiting}").json()["status"] == "queued"
        health = first.get("/api/health").json()
        [trainer] = [w["pid"] for w in health["workers"] if w["run_id"] == running]
        workers = [w["pid"] for w in health["workers"] if not backend.celery] + health["inspector"]["pids"]

        os.kill(first.proc.pid, signal.SIGKILL)  # the web process dies; its workers are orphaned
        first.proc.wait(10)
        if backend.celery:  # a Celery worker is not the web process's: it trains on
            assert psutil.pid_exists(trainer) and trainer in backend.worker.children()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE for p in workers):
            time.sleep(0.2)
        assert not [p for p in workers if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE], "orphaned workers kept running"
    finally:
        first.stop(signal.SIGKILL)

    second = backend.server(tmp_path, **env)
    try:
        assert second.get(f"/api/runs/{done}").json()["status"] == "succeeded"
        assert second.events(done) == done_events

        if backend.celery:  # read on from where the dead process left it (at once, or once its lease lapsed)
            trains_on(second, running, stored)
        elif database == "sqlite":  # a file of this process alone: everything it held was cut off, at once
            cut = second.get(f"/api/runs/{running}").json()
            assert cut["status"] == "interrupted" and "server stopped" in cut["error"]
        else:  # a shared database: once the dead process's lease lapses (15 s), it is taken over
            cut = second.wait_status(running, TERMINAL, timeout=30)
            assert cut["status"] == "interrupted" and "stopped answering" in cut["error"]
        if not backend.celery:
            events = second.events(running)
            assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
            assert events[-1]["status"] == "interrupted" and any(e["type"] == "epoch" for e in events)

        assert second.wait_status(waiting, TERMINAL, timeout=60)["status"] == "succeeded"
        assert [e["epoch"] for e in second.get(f"/api/runs/{waiting}").json()["epochs"]] == [0, 1]
    finally:
        second.stop()


def test_a_graceful_stop_marks_the_running_run_and_keeps_the_queue(tmp_path, backend):
    first = backend.server(tmp_path)
    try:
        running = first.post("/api/runs", json=long_spec()).json()["id"]
        stored = first.events(running, until=lambda e: e["type"] == "epoch")
        waiting = first.post("/api/runs", json=spec(epochs=2)).json()["id"]
    finally:
        first.stop(signal.SIGTERM)
    second = backend.server(tmp_path)
    try:
        if backend.celery:  # the process let go of it: its worker trains on
            trains_on(second, running, stored)
        else:
            assert second.get(f"/api/runs/{running}").json()["status"] == "interrupted"
        assert second.wait_status(waiting, TERMINAL, timeout=60)["status"] == "succeeded"
    finally:
        second.stop()


def test_a_run_past_its_time_limit_fails_clearly(tmp_path, backend):
    server = backend.server(tmp_path, KP_RUN_TIME_LIMIT="2")
    try:
        run_id = server.post("/api/runs", json=long_spec()).json()["id"]
        run = server.wait_status(run_id, TERMINAL, timeout=20)
        assert run["status"] == "failed"
        assert run["error"].startswith("The run went past its time limit of 2 s and was stopped after")
    finally:
        server.stop()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "service-stop"])
def test_a_stop_signal_to_the_whole_process_group_interrupts_the_run_and_starts_nothing(tmp_path, sig, backend):
    """Ctrl-C on `make run` and systemd's default stop signal every process of the group
    (a Celery worker is a group of its own: its run trains on)."""
    first = backend.server(tmp_path)
    try:
        running = first.post("/api/runs", json=long_spec()).json()["id"]
        stored = first.events(running, until=lambda e: e["type"] == "epoch")
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
    second = backend.server(tmp_path)
    try:
        if backend.celery:
            trains_on(second, running, stored)
            return
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


def test_a_queued_run_over_a_lowered_parameter_cap_is_refused_by_the_worker(tmp_path, backend):
    """The cap is checked at submit and again by the worker, before any weight exists:
    a run queued before the server (and a Celery worker) came back with a lower
    `KP_MAX_PARAMS` fails clearly."""
    big = spec(epochs=1)
    big["model"]["layers"][0]["config"]["units"] = 4000  # ~340,000 parameters: under the first cap, over the second
    first = backend.server(tmp_path)
    try:
        running = first.post("/api/runs", json=long_spec()).json()["id"]
        first.events(running, until=lambda e: e["type"] == "epoch")
        waiting = first.post("/api/runs", json=big).json()["id"]
    finally:
        first.stop(signal.SIGTERM)
    second = backend.server(tmp_path, KP_MAX_PARAMS="50000")
    try:
        run = second.wait_status(waiting, TERMINAL, timeout=60)
        assert run["status"] == "failed" and run["why"]["code"] == "build", run
        assert "expected a model with at most 50,000 parameters; received one with 340," in run["error"], run["error"]
        after = second.post("/api/runs", json=spec(epochs=1)).json()["id"]
        assert second.wait_status(after, TERMINAL, timeout=60)["status"] == "succeeded"
    finally:
        second.stop()
