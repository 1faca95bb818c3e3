"""The Celery backend spread out: two web processes on one PostgreSQL and two
Celery workers (`python -m app worker`), all on one Redis and one data folder,
as docker-compose.yml runs them. A run submitted on one web process streams
live on the other; cancel through either stops it; a worker child or a whole
worker killed mid-run costs that run only; a web process restarted mid-run
leaves its run training, followed by the other."""

from __future__ import annotations

import os
import re
import signal
import socket
import time

import psutil
import pytest
import redis

from app.jobs.celery_app import make_celery
from app.settings import Settings
from tests.helpers import CeleryWorker, Server, spec
from tests.services import fresh_database, redis_db

TERMINAL = {"succeeded", "failed", "cancelled", "interrupted"}


class Deployment:
    def __init__(self, folder, database: str, redis_url: str):
        self.folder = folder
        self.env = {"DATABASE_URL": database, "KP_BACKEND": "celery", "KP_REDIS_URL": redis_url, "KP_CANCEL_GRACE": "3", "KP_RUN_TIME_LIMIT": "300", "KP_UNCLAIMED_RESEND": "8"}
        self.workers = [CeleryWorker(folder, redis_url, **self.env).start() for _ in range(2)]
        self.a = Server(folder, **self.env).start()
        self.b = Server(folder, **self.env).start()
        self.wait_children(2)

    def wait_children(self, count: int, timeout: float = 120) -> list[dict]:
        """Until `count` children of this deployment's workers are ready (not counting those of
        a worker killed a moment ago, which health lists until their state lapses)."""
        deadline = time.monotonic() + timeout
        while True:
            pids = {pid for worker in self.workers if worker.proc.poll() is None for pid in worker.children()}
            children = [w for w in self.b.get("/api/health").json()["workers"] if w["ready"] and w["pid"] in pids]
            if len(children) == count:
                return children
            assert time.monotonic() < deadline, children
            time.sleep(0.3)

    def child_running(self, run_id: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            found = [w for w in self.a.get("/api/health").json()["workers"] if w["run_id"] == run_id]
            if found:
                return found[0]
            assert time.monotonic() < deadline, f"no worker child says it trains {run_id}"
            time.sleep(0.2)

    def stop(self) -> None:
        for server in (self.a, self.b):
            server.stop()
        for worker in self.workers:
            worker.stop()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, postgres, redis_url):
    d = Deployment(tmp_path_factory.mktemp("celery-scaleout"), fresh_database(postgres), redis_db(redis_url, 2))
    yield d
    d.stop()


def long_spec() -> dict:
    s = spec(epochs=500)
    s["dataset"]["options"]["n_samples"] = 4000
    return s


def test_a_run_sent_on_one_web_process_streams_live_on_the_other_and_cancel_through_it_stops_it(deployment):
    a, b = deployment.a, deployment.b
    run_id = a.post("/api/runs", json=spec(epochs=30)).json()["id"]
    seen, first_status = b.follow(run_id)
    assert first_status not in TERMINAL  # followed while it trained, not read back afterwards
    assert [e["seq"] for e in seen] == list(range(1, len(seen) + 1))
    assert [e["epoch"] for e in seen if e["type"] == "epoch"] == list(range(30))
    assert seen[-1] == {**seen[-1], "type": "status", "status": "succeeded"}
    assert seen == a.events(run_id)

    # the whole deployment's children, whichever web process is asked
    children = deployment.wait_children(2)
    pids = {p for w in deployment.workers for p in w.children()}
    assert {w["pid"] for w in children} == pids
    assert all(w["host"] == socket.gethostname() and w["queues"] == ["train", "inspect"] and w["gpu"] is False for w in children)

    long_run = a.post("/api/runs", json=long_spec()).json()["id"]
    a.events(long_run, until=lambda e: e["type"] == "epoch")
    assert deployment.child_running(long_run)["pid"] in pids
    paused = b.post(f"/api/runs/{long_run}/control", json={"action": "pause"})
    assert paused.status_code == 202, paused.text
    a.events(long_run, until=lambda e: e["type"] == "control" and e["action"] == "pause")
    started = time.monotonic()
    assert b.post(f"/api/runs/{long_run}/cancel").status_code == 202
    assert b.wait_status(long_run, TERMINAL, timeout=10)["status"] == "cancelled"
    assert time.monotonic() - started < 5


def test_a_killed_child_fails_its_run_only_and_the_next_run_trains(deployment):
    a, b = deployment.a, deployment.b
    doomed = a.post("/api/runs", json=long_spec()).json()["id"]
    other = b.post("/api/runs", json=spec(epochs=60)).json()["id"]
    a.events(doomed, until=lambda e: e["type"] == "epoch")
    child = deployment.child_running(doomed)
    os.kill(child["pid"], signal.SIGKILL)
    ended = a.wait_status(doomed, TERMINAL, timeout=15)
    assert ended["status"] == "failed" and ended["why"] == {"code": "worker_killed", "signal": "SIGKILL"}
    assert b.wait_status(other, TERMINAL, timeout=120)["status"] == "succeeded"
    deployment.wait_children(2)  # the worker replaced its child
    after = b.post("/api/runs", json=spec(epochs=2)).json()["id"]
    assert a.wait_status(after, TERMINAL, timeout=60)["status"] == "succeeded"


def test_a_web_process_restarted_mid_run_leaves_its_run_training_and_streaming_on_the_other(deployment):
    a, b = deployment.a, deployment.b
    run_id = a.post("/api/runs", json=spec(epochs=150)).json()["id"]
    a.events(run_id, until=lambda e: e["type"] == "epoch")
    a.stop()  # a graceful stop lets go of its runs; their workers train on
    seen, _ = b.follow(run_id)
    assert seen[-1]["status"] == "succeeded", seen[-1]
    assert [e["seq"] for e in seen] == list(range(1, len(seen) + 1))
    assert [e["epoch"] for e in seen if e["type"] == "epoch"] == list(range(150))
    deployment.a = a = Server(a.data_dir, **deployment.env).start()  # back, for the tests after

    run_id = b.post("/api/runs", json=spec(epochs=300)).json()["id"]
    b.events(run_id, until=lambda e: e["type"] == "epoch")
    b.stop(signal.SIGKILL)  # dies without a word: its leases lapse, and A reads on
    seen, _ = a.follow(run_id)
    assert seen[-1]["status"] == "succeeded", seen[-1]
    assert [e["seq"] for e in seen] == list(range(1, len(seen) + 1))
    assert [e["epoch"] for e in seen if e["type"] == "epoch"] == list(range(300))
    deployment.b = Server(b.data_dir, **deployment.env).start()


def test_a_whole_worker_killed_interrupts_its_run_within_30_s_and_the_others_finish(deployment):
    a, b = deployment.a, deployment.b
    doomed = a.post("/api/runs", json=long_spec()).json()["id"]
    a.events(doomed, until=lambda e: e["type"] == "epoch")
    child = deployment.child_running(doomed)
    other = b.post("/api/runs", json=spec(epochs=100)).json()["id"]
    [worker] = [w for w in deployment.workers if child["pid"] in w.children()]
    worker.stop(signal.SIGKILL)  # its main process first, then its children: as when its machine is lost
    killed = time.monotonic()
    ended = b.wait_status(doomed, TERMINAL, timeout=40)
    assert time.monotonic() - killed < 30
    assert ended["status"] == "interrupted" and ended["why"] == {"code": "worker_lapsed", "host": socket.gethostname()}
    assert a.wait_status(other, TERMINAL, timeout=120)["status"] == "succeeded"
    # a new machine joins in its place, for the tests after
    deployment.workers[deployment.workers.index(worker)] = CeleryWorker(deployment.folder, deployment.env["KP_REDIS_URL"], **deployment.env).start()
    deployment.wait_children(2)


def test_a_run_whose_message_is_lost_is_sent_again_and_trains(deployment):
    """A run is sent to a free worker, and the broker loses the message before any worker
    takes it (as a Redis restarted without its append-only file would): the run is sent
    again, and trains once."""
    a = deployment.a
    control = make_celery(Settings(redis_url=deployment.env["KP_REDIS_URL"])).control
    nodes = [w.name.replace("%h", socket.gethostname()) for w in deployment.workers]
    # the workers stay up and free, but stop taking runs from the broker for a while
    assert len(control.cancel_consumer("train", destination=nodes, reply=True, timeout=10)) == 2
    try:
        time.sleep(2)  # a look at the broker already under way ends (each waits at most 1 s)
        run_id = a.post("/api/runs", json=spec(epochs=3)).json()["id"]
        broker = redis.Redis.from_url(deployment.env["KP_REDIS_URL"])
        deadline = time.monotonic() + 20
        while not broker.llen("train"):
            assert time.monotonic() < deadline, "the run was never sent to Celery"
            time.sleep(0.1)
        assert broker.delete("train") == 1  # the message is lost
    finally:
        assert len(control.add_consumer("train", destination=nodes, reply=True, timeout=10)) == 2
    events = a.events(run_id, timeout=60)
    assert events[-1]["status"] == "succeeded", events[-1]
    assert [e["epoch"] for e in events if e["type"] == "epoch"] == [0, 1, 2]
    assert [e["status"] for e in events if e["type"] == "status"].count("running") == 1
    assert "no worker took it" in a.log.read_text()


def test_three_web_processes_on_one_port_serve_the_whole_run_api(deployment):
    c = Server(deployment.folder, **deployment.env, KP_WEB_PROCESSES="3").start()
    try:
        deadline = time.monotonic() + 60
        while len(started := set(re.findall(r"Started server process \[(\d+)\]", c.log.read_text()))) < 3 and time.monotonic() < deadline:
            time.sleep(0.5)  # the first to be up answers health; the others follow
        assert len(started) == 3 and all(psutil.pid_exists(int(pid)) for pid in started), started
        # each request may reach any of the three: every answer must agree with the store
        run_ids = [c.post("/api/runs", json=spec(epochs=4)).json()["id"] for _ in range(6)]
        for run_id in run_ids:
            events = c.events(run_id)
            assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
            assert events[-1]["status"] == "succeeded" and [e["epoch"] for e in events if e["type"] == "epoch"] == [0, 1, 2, 3]
            assert events == deployment.a.events(run_id)
            assert c.get(f"/api/runs/{run_id}").json()["status"] == "succeeded"
        listed = {r["id"] for r in c.get("/api/runs").json()["runs"]}
        assert set(run_ids) <= listed
        long_run = c.post("/api/runs", json=long_spec()).json()["id"]
        c.events(long_run, until=lambda e: e["type"] == "epoch")
        started = time.monotonic()
        for _ in range(3):  # whichever process answers, the cancel reaches the run
            assert c.post(f"/api/runs/{long_run}/cancel").status_code in (202, 409)
        assert c.wait_status(long_run, TERMINAL, timeout=10)["status"] == "cancelled"
        assert time.monotonic() - started < 5
    finally:
        c.stop()


def test_a_run_trained_by_one_worker_is_served_and_continued_through_the_other_web_process(deployment):
    """Files live in the shared data folder: whichever worker trained a run, any web process
    serves its files, and any worker continues it."""
    a, b = deployment.a, deployment.b
    first = a.post("/api/runs", json=spec(epochs=3)).json()["id"]
    assert a.wait_status(first, TERMINAL, timeout=60)["status"] == "succeeded"
    assert b.get(f"/api/runs/{first}/model.keras").status_code == 200
    assert b.get(f"/api/runs/{first}/history.csv").text.count("\n") == 4  # a header and three epochs
    # keep one worker busy, so the continued run goes to whichever is free
    busy = a.post("/api/runs", json=long_spec()).json()["id"]
    a.events(busy, until=lambda e: e["type"] == "epoch")
    trainer = deployment.child_running(busy)["pid"]
    reply = b.post(f"/api/runs/{first}/continue", json={"epochs": 2})
    assert reply.status_code == 201, reply.text
    second = reply.json()["id"]
    events = b.events(second)
    assert events[-1]["status"] == "succeeded", events[-1]
    assert [e["epoch"] for e in events if e["type"] == "epoch"] == [3, 4]
    assert b.get(f"/api/runs/{second}/history.csv").text.count("\n") == 6
    [other] = [w for w in deployment.workers if trainer not in w.children()]
    assert f"Task kp.train[{second}] received" in other.log.read_text()  # the worker that did not train `busy`
    assert b.post(f"/api/runs/{busy}/cancel").status_code == 202
    assert a.wait_status(busy, TERMINAL, timeout=10)["status"] == "cancelled"
