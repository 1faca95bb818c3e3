"""A Celery worker child (KP_BACKEND=celery): what `app.worker.main.serve` is to a
local worker, over Redis instead of a pipe (the keys: app/jobs/channels.py).

Started after the prefork pool forks the child (never before: TensorFlow is not
fork-safe): it imports Keras, warms up and freezes the GC once, then trains the
runs Celery hands it. Each message a local worker would send up its pipe goes
to the run's stream; the child holds a lease on the run while it trains and
says what it is doing under its own key, which `/api/health` reads.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import socket
import sys
import threading
import time
import traceback
from collections import deque
from typing import Any

import redis

from app import wire
from app.jobs import channels

log = logging.getLogger("keras_playground.celery")
CHECK_EVERY = 0.05  # seconds between two looks for a control or a cancel while training


class StreamSender:
    """`send` of app/worker/train.py: each message becomes an entry of the run's stream."""

    def __init__(self, client: redis.Redis, run_id: str):
        self.client, self.key = client, channels.stream(run_id)

    def __call__(self, message: dict[str, Any]) -> None:
        message = {k: v for k, v in message.items() if k != "run_id"}
        with self.client.pipeline(transaction=False) as pipe:
            pipe.xadd(self.key, {"m": wire.dumps(message)})
            pipe.expire(self.key, channels.STREAM_TTL)
            pipe.execute()


class CancelFlag:
    """`cancel_event` of app/worker/train.py: set once the run's cancel key exists."""

    def __init__(self, client: redis.Redis, run_id: str):
        self.client, self.key = client, channels.cancel(run_id)
        self._set, self._next = False, 0.0

    def is_set(self) -> bool:
        now = time.monotonic()
        if not self._set and now >= self._next:
            self._next = now + CHECK_EVERY
            self._set = bool(self.client.exists(self.key))
        return self._set


class ControlInbox:
    """The `conn` app/worker/controls.py reads: `poll` and `recv_bytes`, over the run's control list."""

    def __init__(self, client: redis.Redis, run_id: str):
        self.client, self.key = client, channels.control(run_id)
        self._waiting: deque[bytes] = deque()
        self._next = 0.0

    def poll(self, timeout: float = 0.0) -> bool:
        if self._waiting:
            return True
        if timeout <= 0:
            now = time.monotonic()
            if now < self._next:
                return False
            self._next = now + CHECK_EVERY
            item = self.client.lpop(self.key)
        else:
            got = self.client.blpop([self.key], timeout=max(timeout, 0.01))
            item = got[1] if got else None
        if item is None:
            return False
        self._waiting.append(item)
        return True

    def recv_bytes(self) -> bytes:
        return self._waiting.popleft()


class Child:
    """The one child of this process: its settings, its Redis client, its state."""

    def __init__(self, config: dict[str, Any], redis_url: str, queues: list[str]):
        self.config = config
        self.client = redis.Redis.from_url(redis_url, socket_connect_timeout=5, socket_timeout=10)
        self.host, self.pid = socket.gethostname(), os.getpid()
        self.queues = queues
        self.gpu = False
        self.state: dict[str, Any] = {"state": "starting", "run_id": None, "jobs_done": 0}
        self._stop = threading.Event()

    def start(self) -> None:
        from app.worker.main import _configure_threads

        _configure_threads(self.config["threads"])
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(self.config["threads"])
        tf.config.threading.set_inter_op_parallelism_threads(min(self.config["threads"], 2))
        import keras

        from app import uploads
        from app.worker import train

        self.gpu = bool(tf.config.list_physical_devices("GPU")) or "gpu" in self.queues
        uploads.configure(self.config["data_dir"])
        train.warm_up()
        keras.backend.clear_session()
        gc.collect()
        gc.freeze()  # as app/worker/main.py does: Keras's long-lived objects stay out of the collector's walks
        self.state["state"] = "idle"
        self.beat()
        threading.Thread(target=self._beat_loop, name="kp-beat", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        try:
            self.client.delete(channels.worker(self.host, self.pid))
        except redis.RedisError:
            pass

    def beat(self) -> None:
        from app.worker.main import _rss_mb

        row = {"host": self.host, "pid": self.pid, "queues": self.queues, "gpu": self.gpu, "ready": self.state["state"] != "starting", "rss_mb": round(_rss_mb(), 1), **self.state}
        self.client.set(channels.worker(self.host, self.pid), json.dumps(row), ex=int(channels.WORKER_TTL))

    def _beat_loop(self) -> None:
        while not self._stop.wait(channels.WORKER_TTL / 3):
            try:
                self.beat()
            except redis.RedisError as e:
                log.warning("worker %s:%s could not say it is alive: %s", self.host, self.pid, e)

    def train(self, run_id: str, spec: dict[str, Any], queue: str = "train") -> dict[str, Any]:
        """Train one run (sent to `queue`); its events and its end go to its stream. Returns its status."""
        holder = f"{self.host}:{self.pid}"
        if not self.client.set(channels.claim(run_id), holder, nx=True, ex=channels.STREAM_TTL):
            self.client.zrem(channels.reserved(queue), run_id)
            return {"status": "duplicate"}  # another copy of this task has it
        send = StreamSender(self.client, run_id)
        cancel = CancelFlag(self.client, run_id)
        if cancel.is_set():  # cancelled while it waited in Celery's queue
            self.client.zrem(channels.reserved(queue), run_id)
            send({"kind": "done", "status": "cancelled"})
            return {"status": "cancelled"}
        self.state.update(state="busy", run_id=run_id)
        self.client.set(channels.alive(run_id), holder, ex=int(channels.LEASE))
        self.beat()  # busy before it stops counting as reserved: the dispatcher never sees a free child too many
        self.client.zrem(channels.reserved(queue), run_id)
        lease = threading.Event()
        threading.Thread(target=self._keep_lease, args=(run_id, holder, lease), name="kp-lease", daemon=True).start()
        started = time.monotonic()
        outcome: dict[str, Any]
        try:
            outcome = self._train(run_id, spec, send, cancel)
        finally:
            lease.set()
            self.client.delete(channels.alive(run_id))
            self.state.update(state="idle", run_id=None, jobs_done=self.state["jobs_done"] + 1)
            self.beat()
        log.info("run %s: %s in %.1f s", run_id, outcome["status"], time.monotonic() - started)
        return {"status": outcome["status"]}

    def _train(self, run_id: str, spec: dict[str, Any], send: StreamSender, cancel: CancelFlag) -> dict[str, Any]:
        import keras

        from app.worker import failure, train, warm
        from app.worker.controls import Controls
        from app.worker.main import _peak_rss_mb, _rss_mb

        started = time.monotonic()
        controls = Controls(ControlInbox(self.client, run_id), run_id, self.config["pause_limit"])
        try:
            outcome = train.run({"kind": "train", "run_id": run_id, "spec": spec}, send, cancel, lambda: True, controls, self.config)
        except Exception as e:  # noqa: BLE001 - a run's failure must not end the child
            print(f"keras_playground celery worker {self.pid}: train {run_id} failed:", file=sys.stderr)
            traceback.print_exc(file=sys.stderr)
            warm.forget()  # a model that broke mid-fit is not kept
            outcome = {"status": "failed", **failure.explained(e, run_id)}
        finally:
            keras.backend.clear_session()
        send({"kind": "done", **outcome, "rss_mb": _rss_mb(), "peak_rss_mb": _peak_rss_mb(), "seconds": time.monotonic() - started})
        return outcome

    def _keep_lease(self, run_id: str, holder: str, done: threading.Event) -> None:
        while not done.wait(channels.LEASE / 3):
            try:
                self.client.set(channels.alive(run_id), holder, ex=int(channels.LEASE))
            except redis.RedisError as e:
                log.warning("run %s: the lease could not be renewed: %s", run_id, e)

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        """A fast-lane question (app/worker/fast.py), as an inspector answers it."""
        import keras

        from app.worker import fast

        try:
            return {"kind": "result", **fast.TASKS[request["task"]](request, self.config)}
        except Exception as e:  # noqa: BLE001 - as app/worker/main.py answers it
            traceback.print_exc(file=sys.stderr)
            return {"kind": "result", "ok": False, "error": f"{type(e).__name__}: {e}"}
        finally:
            keras.backend.clear_session()
