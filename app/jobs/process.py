"""One spawned worker process and the pipe to it.

Messages are JSON in both directions (never pickle: a spec is user input).
A reader thread hands each message from the worker to `on_message` and
reports the process's end to `on_exit`.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import signal
import threading
from collections.abc import Callable
from typing import Any

from app import wire

_ctx = mp.get_context("spawn")  # TensorFlow is not fork-safe
log = logging.getLogger("keras_playground.workers")


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def describe_exit(code: int | None) -> str:
    if code is None:
        return "it stopped responding"
    if code < 0:
        return f"it was killed by {signal_name(-code)}"
    return f"it exited with code {code}"


class WorkerProcess:
    def __init__(
        self,
        role: str,
        config: dict[str, Any],
        on_message: Callable[[WorkerProcess, dict[str, Any]], None],
        on_exit: Callable[[WorkerProcess], None],
    ):
        self.role = role
        self.on_message = on_message
        self.on_exit = on_exit
        self.cancel_event = _ctx.Event()
        self.ready = threading.Event()
        self.run_id: str | None = None
        self.jobs_done = 0
        self.retiring = False
        self.fault: str | None = None  # handling one of its messages failed (e.g. the database refused a write)
        self._send_lock = threading.Lock()
        self._conn, child = _ctx.Pipe(duplex=True)
        from app.worker.main import serve  # no Keras at import time

        self.process = _ctx.Process(target=serve, args=(child, self.cancel_event, config), name=f"kp-{role}", daemon=True)
        self.process.start()
        child.close()
        self._reader = threading.Thread(target=self._read, name=f"kp-{role}-reader", daemon=True)
        self._reader.start()

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def send(self, message: dict[str, Any]) -> None:
        with self._send_lock:
            self._conn.send_bytes(wire.dumps(message))

    def _read(self) -> None:
        while True:
            try:
                message = wire.loads(self._conn.recv_bytes())
            except (EOFError, OSError):
                break
            if message.get("kind") == "ready":
                self.ready.set()
            try:
                self.on_message(self, message)
            except Exception as e:  # noqa: BLE001 - this thread is the worker's only listener: it must go on
                # The message is lost (e.g. the database refused to store an event). The run
                # cannot go on with a gap in its events: stop the worker; its exit fails the run.
                log.exception("the %s worker (pid %s) on %s: a %s message could not be handled; replacing the worker", self.role, self.pid, self.run_id, message.get("kind"))
                self.fault = f"{type(e).__name__}: {e}"
                self.kill()
        self.process.join(timeout=5)
        try:
            self.on_exit(self)
        except Exception:  # noqa: BLE001
            log.exception("the %s worker (pid %s) ended, and reporting its end failed", self.role, self.pid)

    def exit_description(self) -> str:
        return describe_exit(self.process.exitcode)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()

    def stop(self, timeout: float = 2.0) -> None:
        """Ask the worker to exit, then make sure it has."""
        try:
            self.send({"kind": "stop"})
        except (OSError, ValueError):
            pass
        self.process.join(timeout)
        self.kill()
        self.process.join(1)


class RestartPolicy:
    """Replace a dead worker at once, unless workers keep dying before they
    are even ready (a broken install): then wait 1, 2, 4 ... 60 s between
    tries, and say so in the log, instead of spinning."""

    def __init__(self, role: str):
        self.role = role
        self.failures = 0

    def next_delay(self, worker: WorkerProcess) -> float:
        if worker.ready.is_set():
            self.failures = 0
            return 0.0
        self.failures += 1
        delay = min(60.0, 2.0 ** (self.failures - 1))
        log.error("the %s worker (pid %s) stopped before it was ready: %s; trying again in %g s", self.role, worker.pid, worker.exit_description(), delay)
        return delay
