"""The fast lane: one worker that answers quick Keras questions (model
summaries, spec checks) so they never wait behind a long training."""

from __future__ import annotations

import queue
import threading
import time
from typing import Any

from app.jobs.backend import InspectUnavailable
from app.jobs.process import RestartPolicy, WorkerProcess

STARTUP_TIMEOUT = 120.0  # importing TensorFlow on a busy machine


class InspectTimeout(InspectUnavailable):
    pass


class InspectorLane:
    def __init__(self, config: dict[str, Any], timeout: float):
        self.config = config
        self.timeout = timeout
        self._lock = threading.Lock()
        self._replies: queue.Queue[dict[str, Any]] = queue.Queue()
        self._worker: WorkerProcess | None = None
        self._next_id = 0
        self._stopping = False
        self._restarts = RestartPolicy("inspector")
        self.requests = 0

    def start(self) -> None:
        self._worker = WorkerProcess("inspector", self.config, self._on_message, self._on_exit)

    def stop(self) -> None:
        self._stopping = True
        if self._worker:
            self._worker.stop()

    def _on_message(self, worker: WorkerProcess, message: dict[str, Any]) -> None:
        if message.get("kind") == "result":
            self._replies.put(message)

    def _on_exit(self, worker: WorkerProcess) -> None:
        if worker is self._worker and not self._stopping:
            self._replies.put({"kind": "died", "why": worker.exit_description()})
            delay = self._restarts.next_delay(worker)
            if delay:
                threading.Timer(delay, lambda: None if self._stopping else self.start()).start()
            else:
                self.start()

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            worker = self._worker
            if worker is None or not worker.ready.wait(STARTUP_TIMEOUT):
                raise InspectUnavailable("the inspector worker is still starting")
            while not self._replies.empty():
                self._replies.get_nowait()  # answers to requests that timed out
            self._next_id += 1
            self.requests += 1
            request_id = self._next_id
            try:
                worker.send({"kind": "ask", "id": request_id, **payload})
            except (OSError, ValueError):
                # it died and its exit is not handled yet (a killed inspector, under load)
                raise InspectUnavailable("the inspector worker stopped") from None
            deadline = time.monotonic() + self.timeout
            while True:
                try:
                    reply = self._replies.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    worker.kill()  # replaced by _on_exit
                    raise InspectTimeout(f"no answer within {self.timeout:g} s") from None
                if reply["kind"] == "died":
                    raise InspectUnavailable(f"the inspector worker stopped: {reply['why']}")
                if reply.get("id") == request_id:
                    return reply

    def health(self) -> dict[str, Any]:
        w = self._worker
        return {"pid": w.pid if w else None, "ready": bool(w and w.ready.is_set()), "requests": self.requests}
