"""One fair line across web processes (Celery backend): two web processes in
classroom mode on one PostgreSQL, one Celery worker. Students whose runs wait
in different processes take turns, a teacher's run goes first, every process
tells the same positions, and the runs start in that order."""

from __future__ import annotations

import time

import pytest

from tests.helpers import CeleryWorker, Server, spec
from tests.integration.test_classroom import PASSWORD, cli, new_class, student, teacher
from tests.services import fresh_database, redis_db


@pytest.fixture(scope="module")
def pair(tmp_path_factory, postgres, redis_url):
    folder = tmp_path_factory.mktemp("fair")
    env = {
        "DATABASE_URL": fresh_database(postgres), "KP_BACKEND": "celery", "KP_REDIS_URL": redis_db(redis_url, 4),
        "KP_MODE": "classroom", "KP_SECRET_KEY": "test-secret", "KP_LIMIT_ACTIVE_RUNS": "5", "KP_RUN_TIME_LIMIT": "120",
    }  # fmt: skip
    worker = CeleryWorker(folder, env["KP_REDIS_URL"], **env).start()
    a = Server(folder, **env)
    assert cli(a, "add", "Ada", "--admin", password=PASSWORD).returncode == 0
    a.start()
    b = Server(folder, **env).start()
    yield a, b
    for server in (a, b):
        server.stop()
    worker.stop()


def test_students_waiting_in_different_processes_take_turns_and_start_in_that_order(pair):
    a, b = pair
    ada_a, ada_b = teacher(a, "Ada"), teacher(b, "Ada")  # one teacher, signed in on each process
    k = new_class(ada_a, "fair")
    x, y = student(a, k["join_code"], "X"), student(b, k["join_code"], "Y")
    blocker = ada_a.post("/api/runs", json=spec(epochs=300)).json()["id"]
    deadline = time.monotonic() + 60
    while ada_a.get(f"/api/runs/{blocker}").json()["status"] != "running":
        assert time.monotonic() < deadline, "the blocking run never started"
        time.sleep(0.1)
    owner_of = {}
    for name, c in (("X", x), ("Y", y)):  # all of X's runs on A come before Y's on B
        for _ in range(3):
            reply = c.post("/api/runs", json=spec(epochs=1))
            assert reply.status_code == 201, reply.text
            owner_of[reply.json()["id"]] = name
    teachers = ada_b.post("/api/runs", json=spec(epochs=1)).json()["id"]
    owner_of[teachers] = "Ada"

    queues = [c.get("/api/admin").json()["queue"] for c in (ada_a, ada_b)]
    assert queues[0] == queues[1]  # whichever process answers
    line = [q["run_id"] for q in queues[0]]
    assert [owner_of[r] for r in line] == ["Ada", "X", "Y", "X", "Y", "X", "Y"]
    assert [q["position"] for q in queues[0]] == list(range(7))
    for position, run_id in enumerate(line):  # each process tells each run its place in the one line
        assert ada_a.get(f"/api/runs/{run_id}").json()["position"] == position
        assert ada_b.get(f"/api/runs/{run_id}").json()["position"] == position
    assert a.get("/api/health").json()["queued"] == b.get("/api/health").json()["queued"] == 7

    assert ada_b.post(f"/api/runs/{blocker}/cancel").status_code == 202
    runs = {}
    for run_id in line:
        deadline = time.monotonic() + 120
        while (run := ada_a.get(f"/api/runs/{run_id}").json())["status"] != "succeeded":
            assert run["status"] in ("queued", "running") and time.monotonic() < deadline, run
            time.sleep(0.2)
        runs[run_id] = run
    assert sorted(line, key=lambda r: runs[r]["started_at"]) == line  # one worker child: they started in that order
