"""Leases: which web process holds each accepted run, so that processes that
share a database never take each other's runs.

The process that accepts a run holds it while it waits and while it trains,
and renews its lease every few seconds (app/runs/service.py). A lease that
lapses means its process is gone (stopped, killed, its machine lost): another
process records the run's end if it was training, or queues it again if it
was waiting. Start-up touches only lapsed leases, never a run that another
process still holds. A database only one process may use (a SQLite file)
has no other process: at start-up every lease of it has lapsed.
"""

from __future__ import annotations

import time

from sqlalchemy import or_, select, update
from sqlalchemy.engine import Engine

from app.store.db import runs


class Leases:
    def __init__(self, engine: Engine, holder: str, seconds: float):
        self.engine, self.holder, self.seconds = engine, holder, seconds

    def renew(self) -> None:
        """Keep this process's hold on the runs it has queued or running (while it
        runs, its backend has every run it holds)."""
        with self.engine.begin() as conn:
            conn.execute(
                update(runs)
                .where(runs.c.leased_by == self.holder, runs.c.status.in_(("queued", "running")))
                .values(lease_until=time.time() + self.seconds)
            )

    def release(self) -> None:
        """Let go of this process's runs at once (it stops; their workers go on): the
        next process that looks takes them over."""
        with self.engine.begin() as conn:
            conn.execute(update(runs).where(runs.c.leased_by == self.holder, runs.c.status.in_(("queued", "running"))).values(lease_until=0.0))

    def lapsed(self, status: str, before: float) -> list[tuple[str, str | None]]:
        """(run id, the process that held it) of `status` runs whose lease lapsed before `before`, oldest first."""
        with self.engine.connect() as conn:
            query = select(runs.c.id, runs.c.leased_by).where(runs.c.status == status, _lapsed(before)).order_by(runs.c.created_at)
            return [(row.id, row.leased_by) for row in conn.execute(query)]

    def adopt(self, run_id: str, before: float, status: str = "queued") -> bool:
        """Take a `status` run whose lease lapsed before `before`; False if another process took it first."""
        with self.engine.begin() as conn:
            taken = conn.execute(
                update(runs)
                .where(runs.c.id == run_id, runs.c.status == status, _lapsed(before))
                .values(leased_by=self.holder, lease_until=time.time() + self.seconds)
                .returning(runs.c.id)
            ).first()
        return taken is not None

    def held(self, status: str) -> list[str]:
        """This process's runs of `status`."""
        with self.engine.connect() as conn:
            query = select(runs.c.id).where(runs.c.status == status, runs.c.leased_by == self.holder).order_by(runs.c.created_at)
            return list(conn.execute(query).scalars())


def _lapsed(before: float):
    return or_(runs.c.lease_until.is_(None), runs.c.lease_until < before)
