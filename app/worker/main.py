"""The worker process: import Keras once, warm it up, then serve jobs."""

from __future__ import annotations

import gc
import os
import queue
import signal
import sys
import threading
import time
import traceback
from typing import Any

from app import wire


def _configure_threads(threads: int) -> None:
    # Must happen before TensorFlow is imported.
    os.environ["KERAS_BACKEND"] = "tensorflow"
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ["TF_NUM_INTRAOP_THREADS"] = str(threads)
    os.environ["TF_NUM_INTEROP_THREADS"] = str(min(threads, 2))
    os.environ["OMP_NUM_THREADS"] = str(threads)


def _peak_rss_mb() -> float:
    """The most this process has held (TensorFlow may hand memory back after a run,
    but a worker that once grew past its bound is the one to replace)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _rss_mb() -> float:
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20
    except Exception:  # noqa: BLE001 - a missing reading only skips recycling
        return 0.0


class Outbox:
    """Messages to the web process, written by a thread of their own in the
    order they were sent: training goes on while the web process reads a large
    event (a `neurons` map), instead of waiting on the pipe. Bounded: past
    `MAX` messages waiting, sending waits, as writing to the pipe did."""

    MAX = 256

    def __init__(self, conn):
        self.conn = conn
        self.queue: queue.Queue[bytes | None] = queue.Queue(self.MAX)
        self.writer = threading.Thread(target=self._write, name="kp-outbox", daemon=True)
        self.writer.start()

    def send(self, message: dict[str, Any]) -> None:
        self.queue.put(wire.dumps(message))

    def _write(self) -> None:
        while (data := self.queue.get()) is not None:
            try:
                self.conn.send_bytes(data)
            except (OSError, ValueError):
                return  # the web process has gone; the worker notices on its own

    def close(self, timeout: float = 2.0) -> None:
        """Write what is waiting, then stop."""
        self.queue.put(None)
        self.writer.join(timeout)


def serve(conn, cancel_event, config: dict[str, Any]) -> None:
    """Entry point of a spawned worker (see app.jobs.process)."""
    # Ctrl-C or a service manager's stop signals the whole process group. The web process
    # ends its workers itself, after it has marked their runs: a signal must not end
    # them first (their runs would look crashed, and be replaced while shutting down).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _configure_threads(config["threads"])
    parent = os.getppid()

    outbox = Outbox(conn)
    send = outbox.send

    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(config["threads"])
    tf.config.threading.set_inter_op_parallelism_threads(min(config["threads"], 2))
    import keras

    from app import uploads
    from app.worker import failure, fast, train, warm
    from app.worker.controls import Controls

    uploads.configure(config["data_dir"])

    train.warm_up()
    keras.backend.clear_session()
    # TensorFlow and Keras leave millions of long-lived objects; frozen, the
    # garbage collector stops walking them (cleanup between jobs: 0.45 s → 0.01 s).
    gc.collect()
    gc.freeze()
    send({"kind": "ready", "pid": os.getpid(), "role": config["role"]})

    def parent_alive() -> bool:
        return os.getppid() == parent

    try:
        while True:
            try:
                message = wire.loads(conn.recv_bytes())
            except (EOFError, OSError):
                return  # the web process has gone
            kind = message.get("kind")
            if kind == "stop":
                return
            if kind == "control":
                continue  # it came after its run ended: nothing left to control
            started = time.monotonic()
            controls = Controls(conn, message.get("run_id"), config["pause_limit"])
            try:
                if kind == "train":
                    outcome = train.run(message, send, cancel_event, parent_alive, controls, config)
                    send({"kind": "done", "run_id": message["run_id"], **outcome, "rss_mb": _rss_mb(), "peak_rss_mb": _peak_rss_mb(), "seconds": time.monotonic() - started})
                elif kind == "ask":
                    send({"kind": "result", "id": message["id"], **fast.TASKS[message["task"]](message, config)})
            except Exception as e:  # noqa: BLE001 - a job's failure must not end the worker
                # the details (type, message, traceback) go to the server's log, with the run
                print(f"keras_playground worker {os.getpid()}: {kind} {message.get('run_id') or message.get('task')} failed:", file=sys.stderr)
                traceback.print_exc(file=sys.stderr)
                if kind == "train":
                    warm.forget()  # a model that broke mid-fit is not kept
                    send({"kind": "done", "run_id": message["run_id"], "status": "failed", **failure.explained(e, message["run_id"])})
                else:
                    send({"kind": "result", "id": message.get("id"), "ok": False, "error": f"{type(e).__name__}: {e}"})
            finally:
                keras.backend.clear_session()  # also collects garbage
            if controls.stop_requested:
                return  # the "stop" came while the job ran (and ended it)
    finally:
        outbox.close()  # what is waiting reaches the web process before the worker exits
