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


def describe_exit(code: int | None) -> str:
    if code is None:
        return "it stopped responding"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"it was killed by {name}"
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
            self.on_message(self, message)
        self.process.join(timeout=5)
        self.on_exit(self)

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
