"""Retention: the oldest ended runs go, with their events and files, never a running one;
`python -m app prune` does it by hand; the disk use shows on /api/health."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT, Server, spec
from tests.integration.test_restart import TERMINAL, long_spec


def prune(server: Server, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", "prune", *args], cwd=ROOT, env=server.env, capture_output=True, text=True, timeout=60)


def trained(server: Server, count: int) -> list[str]:
    """`count` one-epoch runs, each succeeded, the oldest first."""
    ids = []
    for _ in range(count):
        run_id = server.post("/api/runs", json=spec(epochs=1)).json()["id"]
        assert server.wait_status(run_id, TERMINAL, timeout=60)["status"] == "succeeded"
        ids.append(run_id)
    return ids


def test_the_oldest_ended_runs_go_first_and_a_training_one_never(tmp_path):
    server = Server(tmp_path, KP_WORKERS="1").start()
    try:
        ended = trained(server, 4)
        training = server.post("/api/runs", json=long_spec()).json()["id"]
        server.events(training, until=lambda e: e["type"] == "epoch")
        assert all((tmp_path / "runs" / r / "model.keras").exists() for r in ended)
        health = server.get("/api/health").json()
        assert health["disk"]["data_bytes"] > 0 and health["disk"]["free_bytes"] > 0

        dry = prune(server, "--runs", "3", "--dry-run")
        assert dry.returncode == 0 and dry.stdout.splitlines()[1:] == ended[:2], dry.stdout + dry.stderr
        assert {r["id"] for r in server.get("/api/runs").json()["runs"]} == {*ended, training}  # a dry run deletes nothing

        child = server.post(f"/api/runs/{ended[-1]}/continue", json={"epochs": 1}).json()["id"]  # waits behind the training run
        done = prune(server, "--runs", "1")  # the training run is never deleted, nor the run its queued child continues
        assert done.returncode == 0 and done.stdout.splitlines()[1:] == ended[:-1], done.stdout + done.stderr
        assert [r["id"] for r in server.get("/api/runs").json()["runs"]] == [child, training, ended[-1]]
        assert not any((tmp_path / "runs" / r).exists() for r in ended[:-1])
        assert server.get(f"/api/runs/{ended[0]}").status_code == 404
        assert server.get(f"/api/runs/{training}").json()["status"] == "running"
        server.post(f"/api/runs/{training}/cancel")
        assert server.wait_status(training, TERMINAL, timeout=30)["status"] == "cancelled"
        assert server.wait_status(child, TERMINAL, timeout=60)["status"] == "succeeded"  # its parent's model was kept
    finally:
        server.stop()


def test_the_server_applies_its_settings_when_it_starts(tmp_path):
    first = Server(tmp_path, KP_WORKERS="1").start()
    try:
        ids = trained(first, 3)
    finally:
        first.stop()
    assert "nothing to do" in prune(first).stdout  # no bound set
    again = Server(tmp_path, KP_WORKERS="1", KP_KEEP_RUNS="2").start()
    try:
        assert [r["id"] for r in again.get("/api/runs").json()["runs"]] == ids[:0:-1]  # the newest two
        by_size = prune(again, "--gb", "1e-9", "--dry-run")  # over any size bound: every ended run, oldest first
        assert by_size.stdout.splitlines()[1:] == ids[1:], by_size.stdout
        assert float(by_size.stdout.split("(")[1].split(" MiB")[0]) > 0
        assert prune(again, "--gb", "1000", "--dry-run").stdout.startswith("would delete 0 runs")
    finally:
        again.stop()
