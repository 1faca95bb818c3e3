"""The job backend interface. The web layer talks only to this.

The embedded default is `app.jobs.local.LocalBackend` (spawned processes on
this machine); `app.jobs.celery_backend.CeleryBackend` trains in Celery workers
on any machine (KP_BACKEND=celery). Nothing above this interface may assume a worker is a local
child process.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any, Protocol

log = logging.getLogger("keras_playground.inspector")

# Called with (run_id, event) for every event a run produces, in order.
EventSink = Callable[[str, dict[str, Any]], None]


class InspectUnavailable(RuntimeError):
    """The fast lane could not answer (it timed out or its process died)."""


class InspectTimeout(InspectUnavailable):
    """The fast lane did not answer in time."""


def unexpected(payload: dict[str, Any], reply: dict[str, Any], loc: list, code: str = "inspect_failed") -> dict[str, Any]:
    """An inspector's unexpected failure on `payload` (a reply with "error"): logged with the
    payload's hash, answered as a failure at `loc` that names the hash (never a 503: the
    inspector is alive, it just could not answer this)."""
    ref = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:12]
    log.error("the inspector could not answer request %s (%s): %s", ref, payload.get("task"), reply["error"])
    return {"ok": False, "issues": [{"loc": loc, "code": code, "ctx": {"ref": ref}}]}


class QueueFull(RuntimeError):
    """The queue holds as many runs as it may (KP_MAX_QUEUED)."""

    def __init__(self, limit: int):
        super().__init__(f"the queue is full ({limit} runs waiting)")
        self.limit = limit


class JobBackend(Protocol):
    # True when runs train outside this process (Celery): they go on when it stops,
    # its health reports every worker of the deployment, and another process may adopt them
    remote: bool

    def start(self) -> None:
        """Start workers; returns without waiting for them to be warm."""

    def stop(self) -> None:
        """Stop workers; runs still going are left for recovery to mark."""

    def submit(self, run_id: str, spec: dict[str, Any], owner: str | None = None, first: bool = False, force: bool = False, since: float | None = None) -> int:
        """Queue a training run of `owner` (a teacher's runs go `first`); returns its
        position in the queue (0 = next). QueueFull when the queue is full, unless
        `force` (a run accepted before a restart keeps its place: `since`, when it was
        accepted, orders it among the runs of other web processes)."""

    def waiting(self) -> list[dict[str, Any]]:
        """The queue in order: [{"run_id", "owner", "position"}]."""

    def position(self, run_id: str) -> int | None:
        """A waiting run's place in the queue now (0 = next), None if it is not waiting."""

    def adopt(self, run_id: str, position: str | None) -> bool:
        """Go on following a run that a worker trains for a process that let it go (stopped,
        died), from `position` in its worker's stream; False if no worker has it."""

    def cancel(self, run_id: str) -> bool:
        """Ask a queued or running run to stop; False if it is not here."""

    def control(self, run_id: str, command: dict[str, Any]) -> bool:
        """Hand a live control (`{"action": "pause" | "resume" | "step" | "set", ...}`,
        see `app.runs.control`) to a running run's worker, which applies it between
        batches; False if the run is not running here."""

    def gpu_workers(self) -> tuple[int, int]:
        """(training worker processes alive with a GPU, all of them): may a run ask for `"device": "gpu"`?"""

    def health(self) -> dict[str, Any]:
        """{"workers": [{"pid", "state", "run_id"}], "queued": int, ...}"""

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        """Answer a quick Keras question in the fast lane: `request["task"]` names
        one of `app.worker.fast.TASKS` (a model summary, a loss value, ...)."""
