"""Nothing is lost across a server crash: finished runs stay, the running run
becomes interrupted, queued runs run, and orphaned workers exit."""

from __future__ import annotations

import os
import signal
import time

import psutil

from tests.helpers import Server, spec

TERMINAL = {"succeeded", "failed", "cancelled", "interrupted"}


def long_spec():
    s = spec(epochs=500)
    s["dataset"]["options"]["n_samples"] = 4000
    return s


def test_a_crash_and_restart_loses_nothing(tmp_path):
    first = Server(tmp_path, KP_WORKERS="1").start()
    try:
        done = first.post("/api/runs", json=spec(epochs=2)).json()["id"]
        assert first.wait_status(done, TERMINAL)["status"] == "succeeded"
        done_events = first.events(done)
        running = first.post("/api/runs", json=long_spec()).json()["id"]
        first.events(running, until=lambda e: e["type"] == "epoch")
        waiting = first.post("/api/runs", json=spec(epochs=2)).json()["id"]
        assert first.get(f"/api/runs/{waiting}").json()["status"] == "queued"
        workers = [w["pid"] for w in first.get("/api/health").json()["workers"]] + [first.get("/api/health").json()["inspector"]["pid"]]

        os.kill(first.proc.pid, signal.SIGKILL)  # the web process dies; its workers are orphaned
        first.proc.wait(10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE for p in workers):
            time.sleep(0.2)
        assert not [p for p in workers if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE], "orphaned workers kept running"
    finally:
        first.stop(signal.SIGKILL)

    second = Server(tmp_path, KP_WORKERS="1").start()
    try:
        assert second.get(f"/api/runs/{done}").json()["status"] == "succeeded"
        assert second.events(done) == done_events

        cut = second.get(f"/api/runs/{running}").json()
        assert cut["status"] == "interrupted" and "server stopped" in cut["error"]
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
