"""Run lifecycle: create, cancel, record events, recover after a restart."""

from __future__ import annotations

from typing import Any

from app.jobs.backend import JobBackend
from app.runs.control import NotRunning
from app.runs.hub import Hub
from app.spec.models import Spec
from app.store.runs import TERMINAL, RunStore

INTERRUPTED = "The server stopped while this run was training. Its events up to that moment are kept; train again to get a complete run."


class RunService:
    def __init__(self, store: RunStore, hub: Hub):
        self.store = store
        self.hub = hub
        self.backend: JobBackend | None = None

    def attach(self, backend: JobBackend) -> None:
        self.backend = backend

    def record(self, run_id: str, event: dict[str, Any]) -> dict[str, Any]:
        """Store the event (it gets its seq), then tell the watchers. The sink of the backend."""
        stored = self.store.append_event(run_id, event)
        self.hub.publish(run_id, stored)
        return stored

    def create(self, spec: Spec) -> str:
        run_id = self.store.create_run(spec.model_dump(mode="json"))
        self.backend.submit(run_id, spec.model_dump(mode="json"))
        return run_id

    def cancel(self, run_id: str) -> bool:
        return self.backend.cancel(run_id)

    def control(self, run_id: str, command: dict[str, Any]) -> None:
        """Hand a checked control (`app.runs.control.parse_control`) to the run's worker;
        NotRunning, with the run's status, when it is not training."""
        if self.store.get_run(run_id)["status"] == "running" and self.backend.control(run_id, command):
            return
        raise NotRunning(self.store.get_run(run_id)["status"])  # read again: it may have just ended

    def view(self, run_id: str) -> dict[str, Any] | None:
        run = self.store.get_run(run_id)
        if run is None:
            return None
        epochs = [{"epoch": e["epoch"], "logs": e["logs"]} for e in self.store.events_after(run_id, 0, types=("epoch",))]
        return run | {"epochs": epochs}

    def recover(self) -> None:
        """After a (re)start: running runs were cut off; queued runs run now."""
        for run_id in self.store.run_ids_with_status("running"):
            self.record(run_id, {"type": "status", "status": "interrupted", "error": INTERRUPTED})
        for run_id in self.store.run_ids_with_status("queued"):
            self.backend.submit(run_id, self.store.get_run(run_id)["spec"])

    def shutdown(self) -> None:
        for run_id in self.store.run_ids_with_status("running"):
            self.record(run_id, {"type": "status", "status": "interrupted", "error": INTERRUPTED})


__all__ = ["TERMINAL", "RunService"]
