"""Test helpers: a real server in a subprocess, and a websocket reader."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parent.parent
PRESET = json.loads((ROOT / "app/lessons/04-sequential-model/preset.json").read_text())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spec(**changes) -> dict:
    """The Sequential lesson's preset, shrunk for tests; `fit` keys can be changed."""
    s = json.loads(json.dumps(PRESET))
    s["dataset"]["options"]["n_samples"] = 200
    s["fit"].update({"epochs": 3, "batch_size": 32} | changes)
    return s


class CeleryWorker:
    """`python -m app worker`: a Celery worker (KP_BACKEND=celery) sharing a server's data directory."""

    def __init__(self, data_dir: Path, redis_url: str, concurrency: int = 1, queues: str = "train,inspect", **env: str):
        self.data_dir = data_dir
        self.concurrency = concurrency
        self.queues = queues
        self.env = os.environ | {"KP_BACKEND": "celery", "KP_REDIS_URL": redis_url, "KP_DATA_DIR": str(data_dir)} | env
        self.proc: subprocess.Popen | None = None
        self.name = f"kp-{free_port()}@%h"  # its own node name: several run on this one machine
        self.log = data_dir / f"worker-{self.name.split('@')[0]}.log"

    def start(self) -> CeleryWorker:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app", "worker", "--concurrency", str(self.concurrency), "--queues", self.queues, "--name", self.name], cwd=ROOT, env=self.env,
            stdout=self.log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        return self

    def children(self) -> list[int]:
        return [p.pid for p in psutil.Process(self.proc.pid).children()]

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        if self.proc:
            try:  # its children too
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(10)


class Server:
    """`python -m app` on a free port with its own data directory."""

    def __init__(self, data_dir: Path, **env: str):
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # One inspector unless a test asks for more: each is a process that imports TensorFlow
        # (~7 s of CPU here), and only the fast lane's test needs two.
        self.env = os.environ | {"PORT": str(self.port), "HOST": "127.0.0.1", "KP_DATA_DIR": str(data_dir), "KP_INSPECTORS": "1"} | env
        self.proc: subprocess.Popen | None = None
        self.log = data_dir / f"server-{self.port}.log"

    def start(self, wait_workers: bool = True, timeout: float = 120) -> Server:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app"], cwd=ROOT, env=self.env,
            stdout=self.log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log.read_text()[-3000:]}")
            try:
                health = httpx.get(f"{self.url}/api/health", timeout=2).json()
                if not wait_workers or self.warm(health):
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        log = self.log.read_text()[-3000:]
        self.stop(signal.SIGKILL)  # no server left behind to load the machine for the tests after
        raise TimeoutError(f"server not ready in {timeout} s:\n{log}")

    @staticmethod
    def warm(health: dict) -> bool:
        return all(w["ready"] for w in health["workers"]) and health["inspector"]["ready"] and bool(health["workers"])

    def wait_warm(self, timeout: float = 120) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            health = self.get("/api/health").json()
            if self.warm(health):
                return health
            time.sleep(0.2)
        raise TimeoutError("workers not ready")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, sig) if sig == signal.SIGKILL else self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        if self.proc:
            try:  # nothing of this server may outlive it (workers included)
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def get(self, path: str, **kw) -> httpx.Response:
        return httpx.get(self.url + path, timeout=60, **kw)

    def post(self, path: str, **kw) -> httpx.Response:
        return httpx.post(self.url + path, timeout=60, **kw)

    def events(self, run_id: str, after: int = 0, timeout: float = 120, until=None) -> list[dict]:
        """Read the run's websocket until the server closes it (or `until(event)` holds)."""
        ws_url = self.url.replace("http", "ws") + f"/ws/runs/{run_id}?after={after}"
        out: list[dict] = []
        deadline = time.monotonic() + timeout
        with connect(ws_url, open_timeout=10) as ws:
            while True:
                try:
                    message = ws.recv(timeout=max(0.1, deadline - time.monotonic()))
                except TimeoutError:
                    raise TimeoutError(f"no end after {timeout} s; got {out[-3:]}") from None
                except Exception:  # noqa: BLE001 - the server closed the stream
                    return out
                out.append(json.loads(message))
                if until and until(out[-1]):
                    return out

    def follow(self, run_id: str, told_by: Server | None = None) -> tuple[list[dict], str | None]:
        """Every event of the run on this server's websocket until it closes, and the run's status
        (as `told_by`, or this server, said it) when the first event came: not ended, if followed live."""
        seen, first_status = [], None
        with connect(self.url.replace("http", "ws") + f"/ws/runs/{run_id}", open_timeout=10) as ws:
            while True:
                try:
                    seen.append(json.loads(ws.recv(timeout=120)))
                except TimeoutError:
                    raise AssertionError(f"{self.url} heard nothing more of {run_id}: {seen[-3:]}") from None
                except Exception:  # noqa: BLE001 - closed after the run's end
                    return seen, first_status
                if first_status is None:
                    first_status = (told_by or self).get(f"/api/runs/{run_id}").json()["status"]

    def wait_status(self, run_id: str, statuses: set[str], timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            run = self.get(f"/api/runs/{run_id}").json()
            if run["status"] in statuses:
                return run
            time.sleep(0.1)
        raise TimeoutError(f"run {run_id} still {run['status']}")
