"""Several web processes on one database: events stored by one process stream
live on another's websockets through the Redis relay (KP_EVENT_BUS=redis),
commands reach the process that runs the job, a Redis that is down costs a
process's own websockets nothing, and leases keep each process's runs its own
until it dies."""

from __future__ import annotations

import signal
import socket
import time

import psutil

from tests.helpers import Server, free_port, spec
from tests.services import fresh_database

TERMINAL = {"succeeded", "failed", "cancelled", "interrupted"}


def test_a_run_stored_by_one_web_process_streams_live_on_another(tmp_path, postgres, redis_url):
    shared = {"DATABASE_URL": fresh_database(postgres), "KP_EVENT_BUS": "redis", "KP_REDIS_URL": redis_url, "KP_WORKERS": "1"}
    b = Server(tmp_path / "b", **shared).start()
    try:
        a = Server(tmp_path / "a", **shared).start()
        try:
            run_id = a.post("/api/runs", json=spec(epochs=40)).json()["id"]
            seen, status_at_first = b.follow(run_id, told_by=a)
            assert status_at_first not in TERMINAL  # B followed the run while it trained, not from the store afterwards
            assert [e["seq"] for e in seen] == list(range(1, len(seen) + 1))
            assert seen[-1] == {**seen[-1], "type": "status", "status": "succeeded"}
            assert [e["epoch"] for e in seen if e["type"] == "epoch"] == list(range(40))
            assert seen == a.events(run_id)  # what A stored, exactly
            assert b.get(f"/api/runs/{run_id}").json()["status"] == "succeeded"

            # controls and cancel asked of B reach A's worker
            long_run = a.post("/api/runs", json=spec(epochs=1000)).json()["id"]
            a.events(long_run, until=lambda e: e["type"] == "epoch")
            # B's health shows the whole deployment: A's worker, training A's run
            a_workers = {p.pid for p in psutil.Process(a.proc.pid).children(recursive=True)}  # A's health lists B's too
            deadline = time.monotonic() + 15
            while not [w for w in b.get("/api/health").json()["workers"] if w["pid"] in a_workers and w["run_id"] == long_run]:
                assert time.monotonic() < deadline, b.get("/api/health").json()["workers"]
                time.sleep(0.5)
            everyone = b.get("/api/health").json()["workers"]
            on_b = [w for w in everyone if w["pid"] in a_workers]
            assert len(on_b) == 1, (everyone, a_workers)
            seen_on_b = on_b[0]
            assert seen_on_b["host"] == socket.gethostname() and seen_on_b["state"] == "busy" and seen_on_b["queues"] == ["train", "inspect"]
            assert len(b.get("/api/health").json()["workers"]) == 2  # B's own and A's
            paused = b.post(f"/api/runs/{long_run}/control", json={"action": "pause"})
            assert paused.status_code == 202, paused.text
            a.events(long_run, until=lambda e: e["type"] == "control" and e["action"] == "pause")
            started = time.monotonic()
            cancelled = b.post(f"/api/runs/{long_run}/cancel")
            assert cancelled.status_code == 202 and cancelled.json()["cancelling"] is True
            assert a.wait_status(long_run, TERMINAL, timeout=10)["status"] == "cancelled"
            assert time.monotonic() - started < 5
            assert b.post(f"/api/runs/{long_run}/cancel").status_code == 409  # ended: nothing left to stop anywhere
        finally:
            a.stop()
    finally:
        b.stop()


def test_with_redis_down_a_process_still_streams_its_own_runs(tmp_path):
    server = Server(tmp_path, KP_EVENT_BUS="redis", KP_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0", KP_WORKERS="1").start()
    try:
        run_id = server.post("/api/runs", json=spec(epochs=2)).json()["id"]
        events = server.events(run_id)
        assert events[-1]["status"] == "succeeded" and [e["epoch"] for e in events if e["type"] == "epoch"] == [0, 1]
        assert "not reaching the other web processes through Redis" in server.log.read_text()
    finally:
        server.stop()


def test_a_restart_leaves_anothers_runs_alone_and_a_dead_process_runs_are_taken_over(tmp_path, postgres, redis_url):
    shared = {"DATABASE_URL": fresh_database(postgres), "KP_EVENT_BUS": "redis", "KP_REDIS_URL": redis_url, "KP_WORKERS": "1"}
    a = Server(tmp_path / "a", **shared).start()
    b = Server(tmp_path / "b", **shared).start()
    try:
        training = a.post("/api/runs", json=spec(epochs=1000)).json()["id"]
        a.events(training, until=lambda e: e["type"] == "epoch")
        waiting = a.post("/api/runs", json=spec(epochs=2)).json()["id"]  # A's one worker is busy: it waits in A's queue
        b.stop()  # a graceful stop of B cuts off B's runs only
        b = Server(tmp_path / "b", **shared).start()  # and B's start-up recovery touches none of A's
        assert b.get(f"/api/runs/{training}").json()["status"] == "running"
        assert b.get(f"/api/runs/{waiting}").json()["status"] == "queued"

        workers = [p.pid for p in psutil.Process(a.proc.pid).children(recursive=True)]
        a.stop(signal.SIGKILL)  # A dies with its workers, as when its machine is lost
        killed = time.monotonic()
        ended = b.wait_status(training, TERMINAL, timeout=40)
        assert ended["status"] == "interrupted" and socket.gethostname() in ended["error"] and "stopped answering" in ended["error"]
        assert time.monotonic() - killed < 30
        assert b.wait_status(waiting, TERMINAL, timeout=60)["status"] == "succeeded"  # B queued it again and trained it
        assert [e["epoch"] for e in b.get(f"/api/runs/{waiting}").json()["epochs"]] == [0, 1]
        assert not [p for p in workers if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]
    finally:
        a.stop(signal.SIGKILL)
        b.stop()
