"""The whole deployment's training workers, whichever web process is asked.

Each web process writes what its own workers are doing to the shared
database every few seconds (the `workers` table); `/api/health` shows its
own workers as they are now and the others' as last written, leaving out
those not heard from for a lease's length (their process is gone). On a
database of one process (SQLite) nothing is written: there are no others.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Engine

from app.jobs.backend import JobBackend
from app.store.db import runs, workers

log = logging.getLogger("keras_playground.deployment")
QUEUES = ["train", "inspect"]  # what a local web process's workers take (the local backend has no GPU queue)


class Deployment:
    def __init__(self, engine: Engine, backend: JobBackend, holder: str, shared: bool, every: float):
        self.engine, self.backend, self.holder, self.shared, self.every = engine, backend, holder, shared, every
        self.host = socket.gethostname()
        self._stopped = threading.Event()

    def start(self) -> None:
        if self.shared and not self.backend.remote:  # a remote backend's workers say what they do themselves
            threading.Thread(target=self._loop, name="kp-deployment", daemon=True).start()

    def stop(self) -> None:
        self._stopped.set()
        if self.shared and not self.backend.remote:
            with self.engine.begin() as conn:
                conn.execute(delete(workers).where(workers.c.holder == self.holder))

    def _loop(self) -> None:
        while True:
            try:
                self.report()
            except Exception:  # noqa: BLE001 - written again at the next turn
                log.exception("could not write this process's workers to the database")
            if self._stopped.wait(self.every):
                return

    def _queued(self) -> int:
        """Runs waiting in every process's queue."""
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(runs).where(runs.c.status == "queued")).scalar_one()

    def report(self) -> None:
        """Write this process's workers as they are now."""
        now = time.time()
        rows = [{"id": f"{self.holder}/{w['pid']}", "holder": self.holder, "seen_at": now, **self._row(w)} for w in self.backend.health()["workers"]]
        with self.engine.begin() as conn:
            conn.execute(delete(workers).where(workers.c.holder == self.holder))
            if rows:
                conn.execute(insert(workers), rows)

    def _row(self, worker: dict[str, Any]) -> dict[str, Any]:
        return {"host": self.host, "pid": worker["pid"], "state": worker["state"], "run_id": worker["run_id"], "ready": worker["ready"],
                "jobs_done": worker["jobs_done"], "rss_mb": worker["rss_mb"], "queues": ",".join(QUEUES), "gpu": False}  # fmt: skip

    def health(self) -> dict[str, Any]:
        """The backend's report, with every process's workers and the whole queue."""
        report = self.backend.health()
        if self.backend.remote:  # every worker of the deployment already, with its host, queues and GPU
            return report | {"queued": self._queued()} if self.shared else report
        mine = [{**w, **self._row(w), "queues": QUEUES} for w in report["workers"]]
        if not self.shared:
            return report | {"workers": mine}
        since = time.time() - 3 * self.every
        with self.engine.connect() as conn:
            others = conn.execute(select(workers).where(workers.c.holder != self.holder, workers.c.seen_at >= since).order_by(workers.c.host, workers.c.pid)).mappings().all()
        queued = self._queued()
        theirs = [{k: row[k] for k in ("host", "pid", "state", "run_id", "ready", "jobs_done", "rss_mb", "gpu")} | {"queues": row["queues"].split(",")} for row in others]
        return report | {"workers": mine + theirs, "queued": queued}
