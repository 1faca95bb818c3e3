"""Live controls of a training run: pause, resume, step and set (app/runs/events.md).

The web process sends them down the worker's pipe while `model.fit` runs.
Before every batch, `Stream` hands over to `Controls.between_batches`, which
reads what came in (`conn.poll()`: microseconds when nothing did), applies it
and, while the run is paused, waits right there. Before a batch is the one
place where every callback has finished the epoch before it, so a step's
epoch and views events are all out before it pauses again.

Each control, once applied, goes up as a `control` event; the backend reads
the pauses and resumes from those events to keep time paused off the run's
time limit, as the worker does here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from app import wire

# While paused, how long to wait for a message before checking the rest again.
POLL = 0.05


class Controls:
    def __init__(self, conn, run_id: str | None, pause_limit: float):
        self.conn = conn
        self.run_id = run_id
        self.pause_limit = pause_limit
        self.emit: Callable[[dict[str, Any]], None] = lambda event: None
        self.stop_requested = False  # a "stop" for the worker came in while it trained
        self.paused_since: float | None = None
        self.step_until: int | None = None  # pause again when this epoch begins
        self._paused_before = 0.0

    def paused(self, now: float) -> float:
        """Seconds spent paused so far, the current pause included."""
        return self._paused_before + (now - self.paused_since if self.paused_since is not None else 0.0)

    def between_batches(self, model, epoch: int, batch: int, stopping: Callable[[], bool]) -> None:
        """Apply the controls that came in; while paused, wait here (a cancel or stop ends the wait)."""
        where = {"epoch": epoch, "batch": batch - 1 if batch else None}  # the last batch done in this epoch
        for command in self._incoming():
            self._apply(command, model, where)
        if self.step_until is not None and epoch >= self.step_until:
            self._pause(where, reason="step")
        while self.paused_since is not None and not self.stop_requested and not stopping():
            if time.monotonic() - self.paused_since >= self.pause_limit:
                self._resume(where, reason="timeout")
                break
            for command in self._incoming(POLL):
                self._apply(command, model, where)

    def _incoming(self, timeout: float = 0.0) -> list[dict[str, Any]]:
        """This run's control messages waiting in the pipe (waiting up to `timeout` s for the first)."""
        commands = []
        while self.conn.poll(timeout):
            timeout = 0.0
            message = wire.loads(self.conn.recv_bytes())
            if message.get("kind") == "stop":
                self.stop_requested = True
            elif message.get("kind") == "control" and message.get("run_id") == self.run_id:
                commands.append(message)
        return commands

    def _apply(self, command: dict[str, Any], model, where: dict[str, Any]) -> None:
        action = command["action"]
        if action == "pause":
            self._pause(where)
        elif action == "resume":
            self._resume(where)
        elif action == "step":
            self.step_until = where["epoch"] + 1
            self._resume(where, action="step")
        elif action == "set":
            model.optimizer.learning_rate.assign(command["learning_rate"])
            self.emit({"type": "control", "action": "set", **where, "learning_rate": command["learning_rate"]})

    def _pause(self, where: dict[str, Any], reason: str | None = None) -> None:
        # Pausing again while paused keeps the first pause's clock: the limit bounds how long a worker is held.
        self.step_until = None
        if self.paused_since is None:
            self.paused_since = time.monotonic()
        self.emit({"type": "control", "action": "pause", **where} | ({"reason": reason} if reason else {}))

    def _resume(self, where: dict[str, Any], action: str = "resume", reason: str | None = None) -> None:
        if action == "resume":
            self.step_until = None
        if self.paused_since is not None:
            self._paused_before += time.monotonic() - self.paused_since
            self.paused_since = None
        self.emit({"type": "control", "action": action, **where} | ({"reason": reason} if reason else {}))
