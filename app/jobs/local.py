"""The embedded job backend: a queue and a pool of spawned worker processes.

One lock guards the queue, the workers and the running jobs; every event
reaches the sink under it, so a run's events keep their order whichever
thread produced them (a worker's reader, the monitor, or a request).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import psutil

from app.jobs.backend import EventSink
from app.jobs.fairqueue import AsksTheLine, Ticket, WaitingLine
from app.jobs.inspector import InspectorLane
from app.jobs.process import RestartPolicy, WorkerProcess, signal_name
from app.runs.reasons import why
from app.settings import Settings

log = logging.getLogger("keras_playground.workers")


@dataclass
class Job:
    run_id: str
    spec: dict[str, Any]
    worker: WorkerProcess | None = None
    started: float = 0.0
    stop_reason: str | None = None  # "cancel" | "timeout" | "memory"
    stop_requested_at: float = 0.0
    paused_at: float | None = None
    paused_before: float = 0.0

    def note_control(self, event: dict[str, Any], now: float, longest: float) -> None:
        """Follow the worker's pauses (from its control events) to keep them off the time limit."""
        if event["action"] == "pause" and self.paused_at is None:
            self.paused_at = now
        elif event["action"] in ("resume", "step") and self.paused_at is not None:
            self.paused_before += min(now - self.paused_at, longest)
            self.paused_at = None

    def active(self, now: float, longest: float) -> float:
        """Seconds the run has been going, time paused excluded. A pause counts for at
        most `longest`: a worker paused longer than it may be has stopped answering."""
        paused = self.paused_before + (min(now - self.paused_at, longest) if self.paused_at is not None else 0.0)
        return now - self.started - paused


def _rss_mb(pid: int | None) -> float | None:
    try:
        return round(psutil.Process(pid).memory_info().rss / 2**20, 1) if pid else None
    except psutil.Error:
        return None


def worker_config(settings: Settings, role: str) -> dict[str, Any]:
    return {
        "role": role,
        "threads": settings.worker_threads,
        "run_time_limit": settings.run_time_limit,
        "pause_limit": settings.pause_limit,
        "batch_interval": 1.0 / settings.batch_events_per_sec,
        "max_params": settings.max_params,
        "max_histograms": settings.run_max_histograms,
        "data_dir": str(settings.data_dir),
    }


class LocalBackend(AsksTheLine):
    remote = False  # its workers are this process's children: they end with it

    def __init__(self, settings: Settings, sink: EventSink):
        self.settings = settings
        self.sink = sink
        self._lock = threading.RLock()
        self._queue = WaitingLine(settings.max_queued, sink)
        self._workers: list[WorkerProcess] = []
        self._jobs: dict[str, Job] = {}
        self._stopping = threading.Event()
        self._restarts = RestartPolicy("trainer")
        self.inspector = InspectorLane(worker_config(settings, "inspector"), settings.inspect_timeout, settings.inspectors, settings.inspector_max_rss_mb)
        self._monitor = threading.Thread(target=self._watch, name="kp-monitor", daemon=True)

    # -- lifecycle -----------------------------------------------------------

    def start(self) -> None:
        with self._lock:
            for _ in range(self.settings.workers):
                self._spawn()
        self.inspector.start()
        self._monitor.start()

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            workers, self._workers = self._workers, []
        for w in workers:
            w.stop()
        self.inspector.stop()

    def _spawn(self) -> None:
        worker = WorkerProcess("trainer", worker_config(self.settings, "trainer"), self._on_message, self._on_exit)
        self._workers.append(worker)

    # -- the queue -----------------------------------------------------------

    def submit(self, run_id: str, spec: dict[str, Any], owner: str | None = None, first: bool = False, force: bool = False, since: float | None = None) -> int:
        with self._lock:
            self._queue.add(Ticket(run_id, owner, first, extra={"job": Job(run_id, spec)}), force)
            self._dispatch()
            return self._queue.position(run_id) or 0

    def _dispatch(self) -> None:
        started = False
        for worker in self._workers:
            if not len(self._queue):
                break
            if worker.ready.is_set() and worker.run_id is None and not worker.retiring:
                self._start(worker, self._queue.pop().extra["job"])
                started = True
        if started:
            self._queue.announce()

    def _start(self, worker: WorkerProcess, job: Job) -> None:
        worker.cancel_event.clear()
        worker.run_id = job.run_id
        job.worker, job.started = worker, time.monotonic()
        self._jobs[job.run_id] = job
        try:
            worker.send({"kind": "train", "run_id": job.run_id, "spec": job.spec})
        except (OSError, ValueError):
            pass  # the worker is gone; its reader reports the exit and fails the job

    def adopt(self, run_id: str, position: str | None) -> bool:
        return False  # no worker of another process can be this one's

    def cancel(self, run_id: str) -> bool:
        with self._lock:
            if self._queue.withdraw(run_id):
                return True
            job = self._jobs.get(run_id)
            if job is None:
                return False
            if job.stop_reason is None:
                job.stop_reason, job.stop_requested_at = "cancel", time.monotonic()
                job.worker.cancel_event.set()
            return True

    def control(self, run_id: str, command: dict[str, Any]) -> bool:
        with self._lock:
            job = self._jobs.get(run_id)
            if job is None:
                return False
            try:
                job.worker.send({"kind": "control", "run_id": run_id, **command})
            except (OSError, ValueError):
                return False  # the worker is gone; its reader reports the exit
            return True

    # -- messages from workers -----------------------------------------------

    def _on_message(self, worker: WorkerProcess, message: dict[str, Any]) -> None:
        kind = message.get("kind")
        with self._lock:
            if self._stopping.is_set():
                return  # the server is shutting down; recovery marks what was running
            if kind == "ready":
                self._dispatch()
            elif kind == "event" and worker.run_id == message["run_id"]:
                if message["event"]["type"] == "control":
                    self._jobs[worker.run_id].note_control(message["event"], time.monotonic(), self._longest_pause)
                self.sink(worker.run_id, message["event"])
            elif kind == "done" and worker.run_id == message["run_id"]:
                self._jobs.pop(worker.run_id, None)
                event = {"type": "status", "status": message["status"]}
                for key in ("error", "detail", "why", "seconds"):
                    if message.get(key):
                        event[key] = message[key]
                self.sink(worker.run_id, event)
                worker.run_id = None
                worker.jobs_done += 1
                if worker.jobs_done >= self.settings.worker_max_jobs or max(message.get("rss_mb", 0), message.get("peak_rss_mb", 0)) > self.settings.worker_max_rss_mb:
                    self._retire(worker)
                self._dispatch()

    def _retire(self, worker: WorkerProcess) -> None:
        """Replace a worker that has done enough jobs (Keras leaks across fits)."""
        worker.retiring = True
        self._workers.remove(worker)
        threading.Thread(target=worker.stop, name="kp-retire", daemon=True).start()
        self._spawn()

    def _on_exit(self, worker: WorkerProcess) -> None:
        with self._lock:
            if worker not in self._workers:
                return  # retired or stopping: expected
            self._workers.remove(worker)
            job = self._jobs.pop(worker.run_id, None) if worker.run_id else None
            if not self._stopping.is_set():
                delay = self._restarts.next_delay(worker)
                if delay:
                    threading.Timer(delay, self._respawn_later).start()
                else:
                    self._spawn()
            if job is not None:
                self._record_end(job.run_id, self._lost_job_event(job, worker))

    def _record_end(self, run_id: str, event: dict[str, Any], tries: int = 0) -> None:
        """A lost job's last status, stored even if the store refuses it for a while (it
        may be why the job was lost): tried again every 2 s for up to 10 minutes."""
        try:
            with self._lock:  # events reach the sink under the lock (their order)
                self.sink(run_id, event)
        except Exception:  # noqa: BLE001 - retried; the run must not stay "running"
            if tries == 0:
                log.exception("could not record the end of run %s; trying again every 2 s", run_id)
            if tries < 300 and not self._stopping.is_set():
                threading.Timer(2.0, self._record_end, (run_id, event, tries + 1)).start()

    def _respawn_later(self) -> None:
        with self._lock:
            if not self._stopping.is_set():
                self._spawn()

    def _lost_job_event(self, job: Job, worker: WorkerProcess) -> dict[str, Any]:
        if job.stop_reason == "cancel":
            return {"type": "status", "status": "cancelled", **why("forced", "detail", grace=self.settings.cancel_grace)}
        if job.stop_reason == "timeout":
            return {"type": "status", "status": "failed", **why("time_limit_kill", limit=self.settings.run_time_limit)}
        if job.stop_reason == "memory":
            return {"type": "status", "status": "failed", **why("memory_limit", limit=self.settings.run_max_rss_mb)}
        if worker.fault:
            return {"type": "status", "status": "failed", **why("record_failed", run=job.run_id)}
        log.error("the training worker (pid %s) running %s stopped unexpectedly: %s", worker.pid, job.run_id, worker.exit_description())
        code = worker.process.exitcode
        if code is not None and code < 0:
            return {"type": "status", "status": "failed", **why("worker_killed", signal=signal_name(-code))}
        return {"type": "status", "status": "failed", **why("worker_exited", code=code)}

    # -- the watchdog ----------------------------------------------------------

    @property
    def _longest_pause(self) -> float:
        # a worker resumes by itself after KP_PAUSE_LIMIT; the grace covers the pipe's delay
        return self.settings.pause_limit + self.settings.cancel_grace

    def _watch(self) -> None:
        while not self._stopping.wait(0.2):
            now = time.monotonic()
            with self._lock:
                for job in list(self._jobs.values()):
                    if job.stop_reason is None and job.active(now, self._longest_pause) > self.settings.run_time_limit + self.settings.cancel_grace:
                        job.stop_reason, job.stop_requested_at = "timeout", now - self.settings.cancel_grace
                    if job.stop_reason in (None, "cancel") and (_rss_mb(job.worker.pid) or 0) > self.settings.run_max_rss_mb:
                        # past the ceiling now: stopped at once (waiting would let it take the machine)
                        log.warning("run %s: its worker (pid %s) holds more than %s MB; stopping it", job.run_id, job.worker.pid, self.settings.run_max_rss_mb)
                        job.stop_reason, job.stop_requested_at = "memory", now - self.settings.cancel_grace
                    if job.stop_reason and now - job.stop_requested_at >= self.settings.cancel_grace:
                        job.worker.kill()

    # -- questions -------------------------------------------------------------

    def gpu_workers(self) -> tuple[int, int]:
        with self._lock:
            return 0, len(self._workers)  # the embedded workers train on the processor

    def health(self) -> dict[str, Any]:
        with self._lock:
            workers = [
                {"pid": w.pid, "state": "busy" if w.run_id else "idle", "run_id": w.run_id, "ready": w.ready.is_set(), "jobs_done": w.jobs_done, "rss_mb": _rss_mb(w.pid)}
                for w in self._workers
            ]
            return {"workers": workers, "queued": len(self._queue), "inspector": self.inspector.health()}

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        return self.inspector.request(request)
