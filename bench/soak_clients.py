"""The learners of bench/soak.py: threads that each loop over a weighted mix of
what a learner does (typing in the form, training, cancelling, uploading,
sending nonsense, loading pages) against one server until a deadline, and
record every answer in one shared `Stats`."""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import httpx
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.sync.client import connect

from tests.helpers import spec

TERMINAL = {"succeeded", "failed", "cancelled", "interrupted"}
LESSON = "sequential-model"
RETRY_CLOSES = {1013, 4429}  # the server is full: retry later (app/runs/events.md, close codes)
# Unbounded: with websockets' default (16) a client that stops reading stops reading
# the server's close frame too, so leaving mid-stream would wait out close_timeout (10 s).
SOCKET = {"open_timeout": 30, "max_queue": None}


@dataclass
class Stats:
    """Everything the learners saw, shared by their threads (append under `lock`)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)  # (kind, HTTP status)
    actions: Counter = field(default_factory=Counter)
    closes: Counter = field(default_factory=Counter)  # websocket close codes
    server_errors: list[str] = field(default_factory=list)  # every answer ≥ 500, with its body
    unexpected: list[str] = field(default_factory=list)  # answered, but not as expected (bad input let through...)
    failures: list[str] = field(default_factory=list)  # no answer at all (timeouts, resets) or a bench crash
    runs: list[str] = field(default_factory=list)  # every run created
    followed: dict[str, list[dict]] = field(default_factory=dict)  # run id -> events received, reconnects merged
    reconnects: int = 0
    replays_left: int = 0  # ended runs' pages closed before their replay ended
    sockets: int = 0

    def answer(self, kind: str, what: str, reply: httpx.Response, seconds: float, expect: set[int]) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            self.statuses[kind, reply.status_code] += 1
            if reply.status_code >= 500:
                self.server_errors.append(f"{what} → {reply.status_code}: {reply.text[:800]}")
            elif reply.status_code not in expect:
                self.unexpected.append(f"{what} → {reply.status_code} (expected {sorted(expect)}): {reply.text[:300]}")

    def note(self, bucket: str, line: str) -> None:
        with self.lock:
            getattr(self, bucket).append(line)

    def count(self, counter: str, key: object = None) -> None:
        with self.lock:
            if key is None:
                setattr(self, counter, getattr(self, counter) + 1)
            else:
                getattr(self, counter)[key] += 1


def small_spec(rng: random.Random, epochs: int) -> dict:
    s = spec(epochs=epochs)
    s["model"]["layers"][0]["config"]["units"] = rng.randint(4, 96)
    return s


def csv_body(rng: random.Random, rows: int = 30) -> bytes:
    lines = ["x1,x2,x3,label"]
    for _ in range(rows):
        x = [rng.gauss(0, 1) for _ in range(3)]
        lines.append(f"{x[0]:.3f},{x[1]:.3f},{x[2]:.3f},{int(x[0] + x[1] > 0)}")
    return ("\n".join(lines) + "\n").encode()


def upload_spec(upload_id: str, epochs: int) -> dict:
    """As tests/integration/test_uploads.py `spec_for`, on csv_body's columns."""
    return {
        "dataset": {"name": "upload", "options": {"id": upload_id, "features": ["x1", "x2", "x3"], "target": "label", "task": "auto"}},
        "model": {"input": {"shape": [3]}, "layers": [
            {"class_name": "BatchNormalization", "config": {}},
            {"class_name": "Dense", "config": {"units": 8, "activation": "relu"}},
            {"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}}]},
        "compile": {"optimizer": "adam", "loss": "binary_crossentropy", "metrics": ["accuracy"]},
        "fit": {"epochs": epochs, "batch_size": 16},
    }  # fmt: skip


def bad_requests() -> list[tuple[str, str, str, dict, int]]:
    """(label, method, path, httpx arguments, expected status): what a careless or hostile client sends."""
    def with_layer(**config) -> dict:
        s = spec()
        s["model"]["layers"][0] = {"class_name": "Dense", "config": {"units": 8} | config}
        return s

    unknown_layer = spec()
    unknown_layer["model"]["layers"][0]["class_name"] = "EvilLayer"
    as_json = {"headers": {"content-type": "application/json"}}
    return [
        ("not JSON", "POST", "/api/inspect", {"content": b'{"model": [', **as_json}, 422),
        ("not an object", "POST", "/api/runs", {"json": [1, 2, 3]}, 422),
        ("units of the wrong type", "POST", "/api/inspect", {"json": with_layer(units="sixty-four")}, 422),
        ("huge units", "POST", "/api/runs", {"json": with_layer(units=10**40)}, 422),
        ("huge epochs", "POST", "/api/runs", {"json": spec(epochs=1e308)}, 422),
        ("lone surrogate", "POST", "/api/inspect", {"content": b'{"model": "\\ud800"}', **as_json}, 422),
        ("lone surrogate in a run", "POST", "/api/runs", {"content": json.dumps(with_layer(name="\ud800")).encode(), **as_json}, 422),
        ("unknown layer class", "POST", "/api/inspect", {"json": unknown_layer}, 422),
        ("negative epochs", "POST", "/api/runs", {"json": spec(epochs=-1)}, 422),
        ("2 MB body", "POST", "/api/inspect", {"content": b" " * (2 * 2**20), **as_json}, 413),
        ("unknown run", "GET", "/api/runs/no-such-run", {}, 404),
        ("cancel an unknown run", "POST", "/api/runs/no-such-run/cancel", {}, 404),
        ("CSV of one row", "POST", "/api/uploads?name=x.csv", {"content": b"a,b\n1,2\n", "headers": {"content-type": "text/csv"}}, 422),
    ]


BAD_SOCKETS = [("websocket of an unknown run", "/ws/runs/no-such-run?after=0", 4404), ("websocket after=-1", "/ws/runs/no-such-run?after=-1", 4400)]


class Learner(threading.Thread):
    """One simulated learner: a browser tab's worth of requests, one at a time, with pauses."""

    def __init__(self, name: str, url: str, stats: Stats, deadline: float, give_up: float, seed: int):
        super().__init__(name=name, daemon=True)
        self.url, self.stats, self.deadline, self.give_up = url, stats, deadline, give_up
        self.rng = random.Random(seed)
        self.http: httpx.Client
        self.ended: list[str] = []  # runs this learner followed to their end, to look back at

    def run(self) -> None:
        actions = [self.typing, self.train, self.cancel, self.upload, self.bad_input, self.pages]
        weights = [30, 20, 8, 10, 15, 15]
        with httpx.Client(base_url=self.url, headers={"Origin": self.url}, timeout=60) as self.http:
            while time.monotonic() < self.deadline:
                action = self.rng.choices(actions, weights)[0]
                self.stats.count("actions", action.__name__)
                try:
                    action()
                except Exception as exc:  # noqa: BLE001 - a bench bug must show, not end the learner
                    self.stats.note("failures", f"{self.name} {action.__name__}: {exc!r}")
                time.sleep(self.rng.uniform(0.2, 1.5))

    # -- HTTP ------------------------------------------------------------------

    def call(self, kind: str, method: str, path: str, expect: set[int], **kw) -> httpx.Response | None:
        what = f"{method} {path}"
        started = time.perf_counter()
        try:
            reply = self.http.request(method, path, **kw)
        except httpx.HTTPError as exc:
            self.stats.note("failures", f"{what}: no answer ({exc!r})")
            return None
        self.stats.answer(kind, what, reply, time.perf_counter() - started, expect)
        return reply

    def create_run(self, body: dict) -> str | None:
        reply = self.call("run", "POST", "/api/runs", {201, 429}, json=body)  # 429: the queue is full
        if reply is None or reply.status_code != 201:
            return None
        run_id = reply.json()["id"]
        self.stats.note("runs", run_id)
        return run_id

    # -- the mix ---------------------------------------------------------------

    def typing(self) -> None:
        """Edits in the form: each keystroke asks for a summary."""
        for _ in range(self.rng.randint(5, 10)):
            self.call("inspect", "POST", "/api/inspect", {200}, json=small_spec(self.rng, 3))
            time.sleep(self.rng.uniform(0.05, 0.3))

    def train(self) -> None:
        run_id = self.create_run(small_spec(self.rng, self.rng.randint(1, 5)) | {"lesson": LESSON})
        if run_id and self.rng.random() < 0.8:  # else the learner closed the tab: the run goes on unwatched
            self.follow(run_id, drops=self.rng.choice([0, 0, 1, 2]))

    def cancel(self) -> None:
        body = small_spec(self.rng, 100)
        body["dataset"]["options"]["n_samples"] = 1000
        run_id = self.create_run(body)
        if run_id:
            self.follow(run_id, drops=self.rng.choice([0, 1]), cancel=True)

    def upload(self) -> None:
        reply = self.call("upload", "POST", "/api/uploads?name=x.csv", {201}, content=csv_body(self.rng), headers={"content-type": "text/csv"})
        if reply is not None and reply.status_code == 201 and self.rng.random() < 0.5:
            run_id = self.create_run(upload_spec(reply.json()["id"], self.rng.randint(1, 5)))
            if run_id:
                self.follow(run_id, drops=self.rng.choice([0, 1]))

    def bad_input(self) -> None:
        if self.rng.random() < 0.15:
            label, path, code = self.rng.choice(BAD_SOCKETS)
            closed = self.socket_close_code(path)
            self.stats.count("closes", closed)
            if closed != code:
                self.stats.note("unexpected", f"{label}: closed with {closed}, expected {code}")
            return
        _, method, path, kw, code = self.rng.choice(bad_requests())
        self.call("bad", method, path, {code}, **kw)  # any other answer is noted as unexpected

    def pages(self) -> None:
        for path in ("/", f"/lessons/{LESSON}", "/api/runs"):
            self.call("page", "GET", path, {200})
        if self.ended and self.rng.random() < 0.5:
            self.look_back(self.rng.choice(self.ended))

    def look_back(self, run_id: str) -> None:
        """Open an ended run's page (a full replay) and leave before the end of it, or not."""
        self.call("page", "GET", f"/api/runs/{run_id}", {200})
        self.stats.count("sockets")
        leave_after = self.rng.randint(1, 40)
        try:
            with connect(self.ws_url(f"/ws/runs/{run_id}?after=0"), additional_headers={"Origin": self.url}, **SOCKET) as ws:
                for _ in range(leave_after):
                    ws.recv(timeout=30)
                self.stats.count("replays_left")
        except ConnectionClosed as closed:
            self.stats.count("closes", closed.rcvd.code if closed.rcvd else None)
        except (TimeoutError, OSError, InvalidHandshake) as exc:
            self.stats.note("failures", f"look back at {run_id}: {exc!r}")

    # -- websockets ------------------------------------------------------------

    def ws_url(self, path: str) -> str:
        return self.url.replace("http", "ws", 1) + path

    def socket_close_code(self, path: str) -> int | None:
        self.stats.count("sockets")
        try:
            with connect(self.ws_url(path), additional_headers={"Origin": self.url}, **SOCKET) as ws:
                ws.recv(timeout=30)
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None
        except (TimeoutError, OSError, InvalidHandshake) as exc:
            self.stats.note("failures", f"{path}: {exc!r}")
        return None

    def follow(self, run_id: str, drops: int = 0, cancel: bool = False) -> None:
        """Read the run's events to its terminal status, leaving `drops` times mid-run
        and coming back with ?after=<last seq> as a page does; cancel after the first epoch."""
        received: list[dict] = []
        drop_at = self.rng.randint(2, 8)
        wait = 0.5
        while True:
            after = received[-1]["seq"] if received else 0
            self.stats.count("sockets")
            try:
                with connect(self.ws_url(f"/ws/runs/{run_id}?after={after}"), additional_headers={"Origin": self.url}, **SOCKET) as ws:
                    while True:
                        event = json.loads(ws.recv(timeout=max(0.1, self.give_up - time.monotonic())))
                        received.append(event)
                        if cancel and event["type"] == "epoch":
                            cancel = False
                            self.call("cancel", "POST", f"/api/runs/{run_id}/cancel", {202, 409})  # 409: it ended first
                        if drops and len(received) >= drop_at and event.get("status") not in TERMINAL:
                            break  # the learner's network drops: leaving `with` closes the socket
                drops, drop_at = drops - 1, len(received) + self.rng.randint(2, 8)
                self.stats.count("reconnects")
                time.sleep(self.rng.uniform(0.1, 1.0))
                continue
            except ConnectionClosed as closed:
                code = closed.rcvd.code if closed.rcvd else None
            except (TimeoutError, OSError, InvalidHandshake) as exc:
                self.stats.note("failures", f"follow {run_id}: {exc!r} after {len(received)} events")
                return
            self.stats.count("closes", code)
            if code == 1000 and received and received[-1].get("status") in TERMINAL:
                with self.stats.lock:
                    self.stats.followed[run_id] = received
                self.ended.append(run_id)
                return
            if code == 4408 or code in RETRY_CLOSES:  # fell behind, or the server is full: come back
                time.sleep(0 if code == 4408 else wait)
                wait = min(8.0, wait * 2)
                continue
            self.stats.note("unexpected", f"run {run_id}: socket closed with {code} after seq {after} without a terminal status")
            return
