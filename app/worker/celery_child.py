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
import queue
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


class StreamSender:
    """`send` of app/worker/train.py: the messages go to the run's stream, a JSON list of
    those that piled up in each entry, written by a thread of its own in the order sent (as app/worker/main.py's Outbox
    writes the pipe), so training does not wait on the network. Bounded: past `MAX`
    messages waiting, sending waits. `close` writes what is waiting."""

    MAX = 256

    def __init__(self, client: redis.Redis, run_id: str):
        self.client, self.key = client, channels.stream(run_id)
        self.queue: queue.Queue[bytes | None] = queue.Queue(self.MAX)
        self.failed: Exception | None = None
        self.writer = threading.Thread(target=self._write, name="kp-stream", daemon=True)
        self.writer.start()

    def __call__(self, message: dict[str, Any]) -> None:
        self.queue.put(wire.dumps({k: v for k, v in message.items() if k != "run_id"}))

    def _write(self) -> None:
        while (data := self.queue.get()) is not None:
            batch = [data]
            while len(batch) < 64:  # what piled up goes in one round trip
                try:
                    more = self.queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self.queue.put(None)
                    break
                batch.append(more)
            try:  # one entry for what piled up: a JSON list of messages
                with self.client.pipeline(transaction=False) as pipe:
                    pipe.xadd(self.key, {"m": b"[" + b",".join(batch) + b"]"})
                    pipe.expire(self.key, channels.STREAM_TTL)
                    pipe.execute()
            except redis.RedisError as e:  # the run's lease lapses; its web process ends it
                self.failed = e
                log.error("run %s: events could not reach Redis: %s", self.key, e)

    def close(self, timeout: float = 10.0) -> None:
        self.queue.put(None)
        self.writer.join(timeout)


class Inbox:
    """What the web processes send a running run, read from Redis by a thread of its own,
    so the training thread never waits on the network: `cancel` (the `cancel_event` of
    app/worker/train.py, set once the run's cancel key exists) and the run's controls,
    through `poll` and `recv_bytes`, the `conn` app/worker/controls.py reads."""

    WAIT = 0.1  # seconds one look at Redis waits for a control: a cancel is seen within about this

    def __init__(self, client: redis.Redis, run_id: str):
        self.client, self.run_id = client, run_id
        self.cancel = threading.Event()
        self._incoming: queue.Queue[bytes] = queue.Queue()
        self._waiting: deque[bytes] = deque()
        self._stop = threading.Event()
        self._reader = threading.Thread(target=self._read, name="kp-inbox", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        controls, cancel = channels.control(self.run_id), channels.cancel(self.run_id)
        while not self._stop.is_set():
            try:
                got = self.client.blpop([controls], timeout=self.WAIT)
                if got:
                    self._incoming.put(got[1])
                if not self.cancel.is_set() and self.client.exists(cancel):
                    self.cancel.set()
            except redis.RedisError as e:
                log.warning("run %s: cannot read its controls: %s", self.run_id, e)
                self._stop.wait(1.0)

    def poll(self, timeout: float = 0.0) -> bool:
        if self._waiting:
            return True
        try:
            self._waiting.append(self._incoming.get(timeout=timeout) if timeout > 0 else self._incoming.get_nowait())
        except queue.Empty:
            return False
        return True

    def recv_bytes(self) -> bytes:
        return self._waiting.popleft()

    def close(self) -> None:
        self._stop.set()


class Shallow:
    """Runs what it is handed on one long-lived thread of its own, and waits for it.

    A Celery task runs some 40 frames deep (click, the worker's boot steps, billiard's
    pool, Celery's tracer), and TensorFlow walks the whole Python stack, computing each
    frame's line number, whenever it records where an op was made (tf.data pipelines,
    summaries): measured, a run of the preset took 9% more CPU at that depth than at the
    depth of a local worker. On this thread, a few frames deep, it takes the same. Every
    Keras call of the child goes through it: Keras keeps its global state per thread."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=self._loop, name="kp-keras", daemon=True).start()

    def __call__(self, fn, *args: Any) -> Any:
        done, box = threading.Event(), {}
        self._jobs.put((fn, args, box, done))
        done.wait()  # a soft time limit raised here ends the task; the hard one ends the process
        if "error" in box:
            raise box["error"]
        return box["value"]

    def _loop(self) -> None:
        while True:
            fn, args, box, done = self._jobs.get()
            try:
                box["value"] = fn(*args)
            except BaseException as e:  # noqa: BLE001 - raised again in the task's thread
                box["error"] = e
            finally:
                done.set()


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
        self.on_keras = Shallow()

    def start(self) -> None:
        self.on_keras(self._warm_up)
        self.state["state"] = "idle"
        self.beat()
        threading.Thread(target=self._beat_loop, name="kp-beat", daemon=True).start()

    def _warm_up(self) -> None:
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

    def stop(self) -> None:
        self._stop.set()
        try:
            self.client.delete(channels.worker(self.host, self.pid))
            self.client.zrem(channels.WORKERS, f"{self.host}:{self.pid}")
        except redis.RedisError:
            pass

    def beat(self) -> None:
        from app.worker.main import _rss_mb

        row = {"host": self.host, "pid": self.pid, "queues": self.queues, "gpu": self.gpu, "ready": self.state["state"] != "starting", "rss_mb": round(_rss_mb(), 1), **self.state}
        with self.client.pipeline(transaction=False) as pipe:
            pipe.set(channels.worker(self.host, self.pid), json.dumps(row), ex=int(channels.WORKER_TTL))
            pipe.zadd(channels.WORKERS, {f"{self.host}:{self.pid}": time.time()})
            pipe.execute()

    def _beat_loop(self) -> None:
        while not self._stop.wait(channels.WORKER_TTL / 3):
            try:
                self.beat()
            except redis.RedisError as e:
                log.warning("worker %s:%s could not say it is alive: %s", self.host, self.pid, e)

    def train(self, run_id: str, spec: dict[str, Any], sent_to: str = "train") -> dict[str, Any]:
        """Train one run (sent to the `sent_to` queue); its events and its end go to its stream. Returns its status."""
        return self.on_keras(self._train_one, run_id, spec, sent_to)

    def _train_one(self, run_id: str, spec: dict[str, Any], sent_to: str) -> dict[str, Any]:
        holder = f"{self.host}:{self.pid}"
        if not self.client.set(channels.claim(run_id), holder, nx=True, ex=channels.STREAM_TTL):
            self.client.zrem(channels.reserved(sent_to), run_id)
            return {"status": "duplicate"}  # another copy of this task has it
        send = StreamSender(self.client, run_id)
        if self.client.exists(channels.cancel(run_id)):  # cancelled while it waited in Celery's queue
            self.client.zrem(channels.reserved(sent_to), run_id)
            send({"kind": "done", "status": "cancelled"})
            send.close()
            return {"status": "cancelled"}
        self.state.update(state="busy", run_id=run_id)
        self.client.set(channels.alive(run_id), holder, ex=int(channels.LEASE))
        self.beat()  # busy before it stops counting as reserved: the dispatcher never sees a free child too many
        self.client.zrem(channels.reserved(sent_to), run_id)
        lease = threading.Event()
        threading.Thread(target=self._keep_lease, args=(run_id, holder, lease), name="kp-lease", daemon=True).start()
        import keras

        from app.worker.main import _peak_rss_mb, _rss_mb

        started = time.monotonic()
        inbox = Inbox(self.client, run_id)
        try:
            outcome = self._train(run_id, spec, send, inbox)
        finally:
            inbox.close()
            # free before its end is told: the dispatcher that hears the end finds the child free
            lease.set()
            self.state.update(state="idle", run_id=None, jobs_done=self.state["jobs_done"] + 1)
            self.client.delete(channels.alive(run_id))
            self.beat()
        send({"kind": "done", **outcome, "rss_mb": _rss_mb(), "peak_rss_mb": _peak_rss_mb(), "seconds": time.monotonic() - started})
        send.close()
        keras.backend.clear_session()  # after the end is told, as app/worker/main.py does
        log.info("run %s: %s in %.1f s", run_id, outcome["status"], time.monotonic() - started)
        return {"status": outcome["status"]}

    def _train(self, run_id: str, spec: dict[str, Any], send: StreamSender, inbox: Inbox) -> dict[str, Any]:
        from app.worker import failure, train, warm
        from app.worker.controls import Controls

        controls = Controls(inbox, run_id, self.config["pause_limit"])
        try:
            return train.run({"kind": "train", "run_id": run_id, "spec": spec}, send, inbox.cancel, lambda: True, controls, self.config)
        except Exception as e:  # noqa: BLE001 - a run's failure must not end the child
            print(f"keras_playground celery worker {self.pid}: train {run_id} failed:", file=sys.stderr)
            traceback.print_exc(file=sys.stderr)
            warm.forget()  # a model that broke mid-fit is not kept
            return {"status": "failed", **failure.explained(e, run_id)}

    def _keep_lease(self, run_id: str, holder: str, done: threading.Event) -> None:
        while not done.wait(channels.LEASE / 3):
            try:
                self.client.set(channels.alive(run_id), holder, ex=int(channels.LEASE))
            except redis.RedisError as e:
                log.warning("run %s: the lease could not be renewed: %s", run_id, e)

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        """A fast-lane question (app/worker/fast.py), as an inspector answers it."""
        return self.on_keras(self._ask, request)

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        import keras

        from app.worker import fast

        try:
            return {"kind": "result", **fast.TASKS[request["task"]](request, self.config)}
        except Exception as e:  # noqa: BLE001 - as app/worker/main.py answers it
            traceback.print_exc(file=sys.stderr)
            return {"kind": "result", "ok": False, "error": f"{type(e).__name__}: {e}"}
        finally:
            keras.backend.clear_session()
