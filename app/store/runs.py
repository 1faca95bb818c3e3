"""The run store: runs, their status, and their gap-free event log.

Every event gets the next sequence number of its run and is committed before
anyone is told about it; a status event updates the run row in the same
transaction, so the run row and its log never disagree.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Engine

from app import wire
from app.store.db import events, runs

TERMINAL = frozenset({"succeeded", "failed", "cancelled", "interrupted"})


def new_run_id() -> str:
    return secrets.token_hex(8)


class RunStore:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._lock = threading.Lock()
        self._last_seq: dict[str, int] = {}

    def create_run(self, spec: dict[str, Any]) -> str:
        run_id = new_run_id()
        with self.engine.begin() as conn:
            conn.execute(insert(runs).values(id=run_id, status="queued", spec=json.dumps(spec), created_at=time.time()))
        with self._lock:
            self._last_seq[run_id] = 0
        return run_id

    def append_event(self, run_id: str, event: dict[str, Any]) -> dict[str, Any]:
        """Store `event` as the run's next event and return it with its seq."""
        with self._lock:
            with self.engine.begin() as conn:
                seq = self._next_seq(conn, run_id)
                stored = {"seq": seq, **event}
                now = time.time()
                conn.execute(
                    insert(events).values(run_id=run_id, seq=seq, type=event["type"], data=wire.dumps_text(stored), created_at=now)
                )
                if event["type"] == "status":
                    conn.execute(update(runs).where(runs.c.id == run_id).values(**self._status_columns(event, now)))
            self._last_seq[run_id] = seq
            if event.get("status") in TERMINAL:
                self._last_seq.pop(run_id, None)
        return stored

    def _next_seq(self, conn, run_id: str) -> int:
        last = self._last_seq.get(run_id)
        if last is None:
            last = conn.execute(select(func.coalesce(func.max(events.c.seq), 0)).where(events.c.run_id == run_id)).scalar_one()
        return last + 1

    @staticmethod
    def _status_columns(event: dict[str, Any], now: float) -> dict[str, Any]:
        status = event["status"]
        values: dict[str, Any] = {"status": status}
        if status == "running":
            values["started_at"] = now
        if status in TERMINAL:
            values["finished_at"] = now
            values["error"] = event.get("error")
        return values

    def get_run(self, run_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(runs).where(runs.c.id == run_id)).mappings().first()
        if row is None:
            return None
        return dict(row) | {"spec": json.loads(row["spec"])}

    def events_after(self, run_id: str, after: int = 0, types: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
        query = select(events.c.data).where(events.c.run_id == run_id, events.c.seq > after)
        if types:
            query = query.where(events.c.type.in_(types))
        with self.engine.connect() as conn:
            return [wire.loads(d) for d in conn.execute(query.order_by(events.c.seq)).scalars()]

    def run_ids_with_status(self, *statuses: str) -> list[str]:
        with self.engine.connect() as conn:
            query = select(runs.c.id).where(runs.c.status.in_(statuses)).order_by(runs.c.created_at)
            return list(conn.execute(query).scalars())

    def list_runs(self, limit: int = 50) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            query = select(runs.c.id, runs.c.status, runs.c.created_at, runs.c.finished_at).order_by(runs.c.created_at.desc())
            return [dict(r) for r in conn.execute(query.limit(limit)).mappings()]
