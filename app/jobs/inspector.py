"""The fast lane: a few workers that answer quick Keras questions (model
summaries, spec checks, widgets) so they never wait behind a long training,
nor, as far as there are inspectors, behind each other: one learner's heavy
summary holds one inspector while the others answer everyone else.

Each inspector has its own reply queue, so a reply always reaches the request
that asked. An inspector that does not answer within the timeout is killed and
replaced; one whose memory has grown past `max_rss_mb` is replaced after the
request that grew it (a big model's weights are not kept for ever).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from typing import Any

import psutil

from app.jobs.backend import InspectTimeout, InspectUnavailable
from app.jobs.process import RestartPolicy, WorkerProcess

log = logging.getLogger("keras_playground.inspector")
STARTUP_TIMEOUT = 120.0  # importing TensorFlow on a busy machine


class _Inspector:
    """One inspector process and the replies it sends."""

    def __init__(self, lane: InspectorLane, index: int):
        self.lane = lane
        self.index = index
        self.replies: queue.Queue[dict[str, Any]] = queue.Queue()
        self.restarts = RestartPolicy(f"inspector {index + 1}")
        self.worker: WorkerProcess | None = None
        self.busy = False

    def start(self) -> None:
        self.worker = WorkerProcess("inspector", self.lane.config, self._on_message, self._on_exit)

    def _on_message(self, worker: WorkerProcess, message: dict[str, Any]) -> None:
        if message.get("kind") == "result" and worker is self.worker:
            self.replies.put(message)

    def _on_exit(self, worker: WorkerProcess) -> None:
        if worker is not self.worker or self.lane.stopping:
            return  # replaced on purpose (memory), or shutting down
        self.replies.put({"kind": "died", "why": worker.exit_description()})
        delay = self.restarts.next_delay(worker)
        if delay:
            threading.Timer(delay, lambda: None if self.lane.stopping else self.start()).start()
        else:
            self.start()

    def ask(self, payload: dict[str, Any], request_id: int, timeout: float) -> dict[str, Any]:
        worker = self.worker
        if worker is None or not worker.ready.wait(STARTUP_TIMEOUT):
            raise InspectUnavailable("the inspector worker is still starting")
        while not self.replies.empty():
            self.replies.get_nowait()  # answers to requests that timed out
        try:
            worker.send({"kind": "ask", "id": request_id, **payload})
        except (OSError, ValueError):
            # it died and its exit is not handled yet (a killed inspector, under load)
            raise InspectUnavailable("the inspector worker stopped") from None
        deadline = time.monotonic() + timeout
        while True:
            try:
                reply = self.replies.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                worker.kill()  # replaced by _on_exit
                raise InspectTimeout(f"no answer within {timeout:g} s") from None
            if reply["kind"] == "died":
                raise InspectUnavailable(f"the inspector worker stopped: {reply['why']}")
            if reply.get("id") == request_id:
                return reply

    def recycle_if_large(self, max_rss_mb: float) -> None:
        worker = self.worker
        try:
            rss = psutil.Process(worker.pid).memory_info().rss / 2**20 if worker else 0.0
        except psutil.Error:
            return
        if rss > max_rss_mb:
            self.worker = None  # its exit is expected: _on_exit ignores it
            threading.Thread(target=worker.stop, name="kp-inspector-retire", daemon=True).start()
            self.start()


class InspectorLane:
    def __init__(self, config: dict[str, Any], timeout: float, size: int = 1, max_rss_mb: float = 2048.0):
        self.config = config
        self.timeout = timeout
        self.max_rss_mb = max_rss_mb
        self.stopping = False
        self._inspectors = [_Inspector(self, i) for i in range(size)]
        self._idle: queue.Queue[_Inspector] = queue.Queue()
        self._count = threading.Lock()
        self._next_id = 0
        self.requests = 0

    def start(self) -> None:
        for inspector in self._inspectors:
            inspector.start()
            self._idle.put(inspector)

    def stop(self) -> None:
        self.stopping = True
        for inspector in self._inspectors:
            if inspector.worker:
                inspector.worker.stop()

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Ask a free inspector; waiting for one counts toward the timeout."""
        started = time.monotonic()
        try:
            inspector = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise InspectTimeout(f"every inspector stayed busy for {self.timeout:g} s") from None
        try:
            inspector.busy = True
            with self._count:
                self._next_id += 1
                self.requests += 1
                request_id = self._next_id
            return inspector.ask(payload, request_id, max(1.0, self.timeout - (time.monotonic() - started)))
        finally:
            inspector.busy = False
            inspector.recycle_if_large(self.max_rss_mb)
            self._idle.put(inspector)

    def health(self) -> dict[str, Any]:
        each = [{"pid": i.worker.pid if i.worker else None, "ready": bool(i.worker and i.worker.ready.is_set()), "busy": i.busy} for i in self._inspectors]
        return {
            "pid": each[0]["pid"],
            "pids": [e["pid"] for e in each],
            "ready": all(e["ready"] for e in each),
            "ready_count": sum(e["ready"] for e in each),
            "busy": sum(e["busy"] for e in each),
            "requests": self.requests,
        }
