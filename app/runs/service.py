"""Run lifecycle: create, cancel, record events, recover after a restart."""

from __future__ import annotations

import logging
import math
import threading
import time
from typing import Any

from app.accounts.users import PERSONAL, User
from app.jobs.backend import JobBackend
from app.runs import limits, retention
from app.runs.control import ACTION, NotRunning
from app.runs.hub import Hub
from app.runs.reasons import why
from app.settings import Settings
from app.spec.errors import SpecError, SpecIssue
from app.spec.models import Spec
from app.store.leases import Leases
from app.store.runs import TERMINAL, RunStore

log = logging.getLogger("keras_playground.runs")
# What GET /api/runs/{id} shows of a run row (the rest is bookkeeping)
PUBLIC = ("id", "status", "spec", "created_at", "started_at", "finished_at", "error", "lesson", "assignment_id")


class RunService:
    def __init__(self, store: RunStore, hub: Hub, settings: Settings | None = None):
        self.store = store
        self.hub = hub
        self.settings = settings or Settings()
        self.backend: JobBackend | None = None
        # one at a time: a user's limits are checked and their run queued as one step
        self._creating = threading.Lock()
        self._stopped = threading.Event()

    def attach(self, backend: JobBackend) -> None:
        self.backend = backend

    def record(self, run_id: str, event: dict[str, Any], lapsed: float | None = None) -> dict[str, Any] | None:
        """Store the event (it gets its seq), then tell the watchers. The sink of the backend.
        With `lapsed`, only if the run still runs on a lease that lapsed before then (None if not)."""
        stored = self.store.append_event(run_id, event, lapsed=lapsed)
        if stored is not None:
            self.hub.publish(run_id, stored)
        return stored

    def record_burst(self, run_id: str, burst: list[dict[str, Any]], stream_from: str | None, stream_to: str) -> bool:
        """Store a burst of events read from a worker's stream, then tell the watchers; False
        if another process has taken the run over (it stores them). The Celery backend's sink."""
        stored = self.store.append_burst(run_id, burst, stream_from, stream_to)
        for event in stored or ():
            self.hub.publish(run_id, event)
        return stored is not None

    def create(self, spec: Spec, user: User = PERSONAL, lesson: str | None = None, assignment_id: str | None = None) -> str:
        """Queue a run for `user`. Refused (429 over a limit, QueueFull) it leaves nothing behind."""
        if spec.fit.device == "gpu":
            with_gpu, workers = self.backend.gpu_workers()
            if not with_gpu:  # it would wait for ever
                raise SpecError([SpecIssue(("fit", "device"), "no_gpu", {"workers": workers})])
        body = spec.model_dump(mode="json")
        with self._creating:
            limits.check_run(self.store, user, self.settings)
            first = user.teacher or (user.admin and not user.personal)
            run_id = self.store.create_run(body, owner_id=user.id, lesson=lesson, assignment_id=assignment_id, first=first)
            try:
                self.backend.submit(run_id, body, owner=user.id, first=first)
            except BaseException:
                self.store.delete_runs([run_id])
                raise
        if user.id and self.settings.limit_stored_runs and not limits.exempt(user, self.settings):
            self.forget(self.store.finished_beyond(user.id, self.settings.limit_stored_runs))
        return run_id

    def forget(self, run_ids: list[str]) -> None:
        """Delete finished runs with their events and files."""
        retention.forget(self.store, self.settings.data_dir, run_ids)

    def cancel(self, run_id: str) -> bool:
        """Stop a queued or running run, here or in the web process that has it."""
        return self.backend.cancel(run_id) or self._elsewhere(run_id, {"action": "cancel"})

    def control(self, run_id: str, command: dict[str, Any]) -> None:
        """Hand a checked control (`app.runs.control.parse_control`) to the run's worker,
        here or in the web process that has it; NotRunning, with the run's status, when
        it is not training."""
        if self.store.get_run(run_id)["status"] == "running" and (self.backend.control(run_id, command) or self._elsewhere(run_id, command)):
            return
        raise NotRunning(self.store.get_run(run_id)["status"])  # read again: it may have just ended

    def _elsewhere(self, run_id: str, command: dict[str, Any]) -> bool:
        """With several web processes (KP_EVENT_BUS=redis), a run not here may be another's:
        the command goes to them all, and the one that has the run acts on it."""
        relay = self.hub.relay
        run = self.store.get_run(run_id) if relay is not None else None
        if run is None or run["status"] in TERMINAL:
            return False
        relay.command(run_id, command)
        return True

    def command_here(self, run_id: str, command: dict[str, Any]) -> None:
        """Another web process's command, for a run this one may be running (from the relay's thread)."""
        action = command.get("action")
        if action == "cancel":
            self.backend.cancel(run_id)
        elif action in ACTION.choices:  # checked where it was asked (parse_control); checked again here
            self.backend.control(run_id, command)

    def view(self, run_id: str) -> dict[str, Any] | None:
        run = self.store.get_run(run_id)
        if run is None:
            return None
        epochs = [{"epoch": e["epoch"], "logs": e["logs"]} for e in self.store.events_after(run_id, 0, types=("epoch",))]
        out = {key: run[key] for key in PUBLIC} | {"epochs": epochs}
        if run["status"] in TERMINAL:
            ended = self.store.events_after(run_id, 0, types=("status",))
            out["why"] = ended[-1].get("why") if ended else None
        if run["status"] == "queued":
            out["position"] = self.backend.position(run_id)
        return out

    def use_leases(self, leases: Leases, shared: bool) -> None:
        """Hold runs by leases (app/store/leases.py). `shared`: other web processes may use
        the database too (PostgreSQL); a SQLite file has this process only."""
        self.leases, self.shared = leases, shared

    def recover(self) -> None:
        """After a (re)start: the runs whose process has gone (on a database of this process
        alone, every one) were cut off if they were training, and wait again if they were
        queued, in their order, however many there are (they were accepted once), a
        teacher's first. Runs another live process holds are left to it."""
        self._take_over(time.time() if self.shared else math.inf)

    def _take_over(self, before: float) -> None:
        reason = why("interrupted") if not self.shared else None
        for run_id, host in self.leases.lapsed("running", before):
            ended_before = before
            if self.backend.remote:  # its worker may train on without the process that held it
                if not self.leases.adopt(run_id, before, "running"):
                    continue  # another process took it first
                if self.backend.adopt(run_id, self.store.stream_position(run_id)):
                    continue  # read on from where its events were stored
                ended_before = math.inf  # held now by this process, which records its end
            # of two processes that find it lapsed, one records its end
            self.record(run_id, {"type": "status", "status": "interrupted", **(reason or why("lease_lapsed", host=host or "?"))}, lapsed=ended_before)
        for run_id, _ in self.leases.lapsed("queued", before):
            if self.leases.adopt(run_id, before):
                if self.backend.remote and self.backend.adopt(run_id, self.store.stream_position(run_id)):
                    continue  # a worker had just taken it
                run = self.store.get_run(run_id)
                self.backend.submit(run_id, run["spec"], owner=run["owner_id"], first=bool(run["first"]), force=True, since=run["created_at"])

    def keep_leases(self) -> None:
        """Renew this process's leases every third of their length and take over the runs
        of processes whose leases lapsed (within one lease and one turn: under 30 s). A
        database of this process alone needs neither: nobody else reads its leases."""
        if not self.shared:
            return
        every = self.leases.seconds / 3

        def loop() -> None:
            while not self._stopped.wait(every):
                try:
                    self.leases.renew()
                    self._take_over(time.time())
                except Exception:  # noqa: BLE001 - tried again at the next turn
                    log.exception("keeping the leases failed")

        threading.Thread(target=loop, name="kp-leases", daemon=True).start()

    def keep_tidy(self, every: float = 3600.0) -> None:
        """Apply the retention settings now, then every `every` seconds (app/runs/retention.py)."""
        policy = retention.Policy.of(self.settings)
        if not policy.bounded:
            return

        def loop() -> None:
            while True:
                try:
                    done = retention.prune(self.store, self.settings.data_dir, policy)
                    if done["runs"]:
                        log.warning("retention deleted %d runs (%d bytes)", done["runs"], done["bytes"])
                except Exception:  # noqa: BLE001 - tried again at the next turn
                    log.exception("retention failed")
                if self._stopped.wait(every):
                    return

        threading.Thread(target=loop, name="kp-retention", daemon=True).start()

    def shutdown(self) -> None:
        """This process's training runs end as interrupted; its waiting runs stay queued for
        whichever process takes them over (this one, restarted, or another)."""
        self._stopped.set()
        if self.backend.remote:
            self.leases.release()  # its workers train on: another process (or this one, restarted) reads on
            return
        for run_id in self.leases.held("running"):
            self.record(run_id, {"type": "status", "status": "interrupted", **why("interrupted")})


__all__ = ["TERMINAL", "RunService"]
