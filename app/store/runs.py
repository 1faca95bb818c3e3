"""The run store: runs, their status, and their gap-free event log.

Every event gets the next sequence number of its run and is committed before
anyone is told about it; a status event updates the run row in the same
transaction, so the run row and its log never disagree. The database assigns
the number (the run row's `last_seq`, raised in the transaction that inserts
the event: the update locks the row), so several processes may store events of
one run and none shares or skips a number.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, or_, select, update
from sqlalchemy.engine import Engine

from app import wire
from app.spec import versions
from app.store.db import events, runs

TERMINAL = frozenset({"succeeded", "failed", "cancelled", "interrupted"})
# A replay page (events_page): 256 KiB of stored JSON, at most 64 rows, so even a
# driver that buffers a whole result (psycopg2) holds 64 of the largest events
# (~190 kB each) at worst; SQLite stops reading at the byte bound.
PAGE_BYTES = 256 * 1024
PAGE_ROWS = 64


# Built once: composing a statement costs more than SQLite takes to run it.
TAKE_SEQ = (
    update(runs)
    .where(runs.c.id == bindparam("run"))
    .values(last_seq=func.coalesce(runs.c.last_seq, select(func.max(events.c.seq)).where(events.c.run_id == bindparam("run")).scalar_subquery(), 0) + 1)
    .returning(runs.c.last_seq)
)
INSERT_EVENT = insert(events)
# `n` numbers at once, for a burst read from a worker's stream up to `new`, only if the
# run's place in that stream is still `old` ("" for none yet): see append_burst.
TAKE_SEQS = (
    update(runs)
    .where(runs.c.id == bindparam("run"), func.coalesce(runs.c.stream_pos, "") == bindparam("old"))
    .values(last_seq=func.coalesce(runs.c.last_seq, 0) + bindparam("n"), stream_pos=bindparam("new"))
    .returning(runs.c.last_seq)
)
# The same, only while the run is still running on a lease that lapsed before `lapsed`
# (app/store/leases.py): of two processes that find it lapsed, one records its end.
TAKE_SEQ_IF_LAPSED = TAKE_SEQ.where(
    runs.c.status == "running", or_(runs.c.lease_until.is_(None), runs.c.lease_until < bindparam("lapsed"))
)


def new_run_id() -> str:
    return secrets.token_hex(8)


class RunStore:
    def __init__(self, engine: Engine, holder: str | None = None, lease_seconds: float = 15.0):
        self.engine = engine
        self._lock = threading.Lock()  # this process's writers take turns (SQLite would make them wait anyway)
        # the web process that holds the runs it accepts and trains (None: no leases, one process)
        self.holder, self.lease_seconds = holder, lease_seconds

    def create_run(self, spec: dict[str, Any], owner_id: str | None = None, lesson: str | None = None, assignment_id: str | None = None, first: bool = False) -> str:
        run_id = new_run_id()
        with self.engine.begin() as conn:
            conn.execute(
                insert(runs).values(
                    id=run_id, status="queued", spec=json.dumps(spec), created_at=time.time(),
                    owner_id=owner_id, lesson=lesson, assignment_id=assignment_id, first=first, last_seq=0, spec_version=versions.CURRENT,
                    **self._lease(time.time()),
                )
            )  # fmt: skip
        return run_id

    def delete_runs(self, run_ids: list[str]) -> None:
        """Forget runs and their events (a refused run; pruning)."""
        if not run_ids:
            return
        with self._lock, self.engine.begin() as conn:
            conn.execute(delete(events).where(events.c.run_id.in_(run_ids)))
            conn.execute(delete(runs).where(runs.c.id.in_(run_ids)))

    def _lease(self, now: float) -> dict[str, Any]:
        return {"leased_by": self.holder, "lease_until": now + self.lease_seconds} if self.holder else {}

    def append_event(self, run_id: str, event: dict[str, Any], lapsed: float | None = None) -> dict[str, Any] | None:
        """Store `event` as the run's next event and return it with its seq. With `lapsed`,
        only if the run is running on a lease that lapsed before then (else None: nothing stored)."""
        with self._lock:
            with self.engine.begin() as conn:
                if lapsed is not None:
                    seq = conn.execute(TAKE_SEQ_IF_LAPSED, {"run": run_id, "lapsed": lapsed}).scalar_one_or_none()
                    if seq is None:
                        return None
                else:
                    seq = self._next_seq(conn, run_id)
                return self._insert(conn, run_id, event, seq, time.time())

    def append_burst(self, run_id: str, burst: list[dict[str, Any]], stream_from: str | None, stream_to: str) -> list[dict[str, Any]] | None:
        """Store a burst of a run's events, read from a worker's stream (app/jobs/celery_backend.py),
        in one transaction, and move the run's place in that stream from `stream_from` to
        `stream_to` in it: stored exactly once. None if the place is not `stream_from` (another
        process has taken the run over and stored them): nothing is stored."""
        with self._lock:
            with self.engine.begin() as conn:
                last = conn.execute(TAKE_SEQS, {"run": run_id, "n": len(burst), "old": stream_from or "", "new": stream_to}).scalar_one_or_none()
                if last is None:
                    return None
                now = time.time()
                return [self._insert(conn, run_id, event, seq, now) for seq, event in enumerate(burst, start=last - len(burst) + 1)]

    def _insert(self, conn, run_id: str, event: dict[str, Any], seq: int, now: float) -> dict[str, Any]:
        stored = {"seq": seq, **event}
        conn.execute(INSERT_EVENT, {"run_id": run_id, "seq": seq, "type": event["type"], "data": wire.dumps_text(stored), "created_at": now})
        if event["type"] == "status":
            conn.execute(update(runs).where(runs.c.id == run_id).values(**self._status_columns(event, now), **self._held(event, now)))
        elif event["type"] == "epoch":
            conn.execute(update(runs).where(runs.c.id == run_id).values(**self._epoch_columns(conn, run_id, event)))
        return stored

    def stream_position(self, run_id: str) -> str | None:
        """How far this run's worker stream has been stored (None: not at all)."""
        with self.engine.connect() as conn:
            return conn.execute(select(runs.c.stream_pos).where(runs.c.id == run_id)).scalar_one_or_none() or None

    @staticmethod
    def _next_seq(conn, run_id: str) -> int:
        """The run's next number, taken in this transaction (a run row stored before
        `last_seq` existed starts from its highest stored event)."""
        taken = conn.execute(TAKE_SEQ, {"run": run_id}).scalar_one_or_none()
        if taken is None:
            raise KeyError(f"no run {run_id!r}")
        return taken

    def _held(self, event: dict[str, Any], now: float) -> dict[str, Any]:
        """A run that starts training here is held by this process, on a fresh lease;
        an ended run is held by nobody."""
        if event["status"] == "running":
            return self._lease(now)
        return {"leased_by": None, "lease_until": None} if event["status"] in TERMINAL else {}

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

    @staticmethod
    def _epoch_columns(conn, run_id: str, event: dict[str, Any]) -> dict[str, Any]:
        """The run row's summary of its epochs: the latest, each value's extremes, the loss's recent path."""
        row = conn.execute(select(runs.c.extremes, runs.c.spark).where(runs.c.id == run_id)).first()
        extremes = json.loads(row.extremes) if row and row.extremes else {}
        spark = json.loads(row.spark) if row and row.spark else []
        logs = {k: v for k, v in (event.get("logs") or {}).items() if isinstance(v, int | float)}
        for key, value in logs.items():
            low, high = extremes.get(key, (value, value))
            extremes[key] = [min(low, value), max(high, value)]
        if "loss" in logs:
            spark = [*spark, logs["loss"]][-SPARK_POINTS:]
        return {"epoch": event.get("epoch"), "logs": json.dumps(logs), "extremes": json.dumps(extremes), "spark": json.dumps(spark)}

    def get_run(self, run_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(runs).where(runs.c.id == run_id)).mappings().first()
        if row is None:
            return None
        return dict(row) | {"spec": versions.upgraded(json.loads(row["spec"]), row["spec_version"])}

    def events_after(self, run_id: str, after: int = 0, types: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
        query = select(events.c.data).where(events.c.run_id == run_id, events.c.seq > after)
        if types:
            query = query.where(events.c.type.in_(types))
        with self.engine.connect() as conn:
            return [wire.loads(d) for d in conn.execute(query.order_by(events.c.seq)).scalars()]

    def events_page(self, run_id: str, after: int, max_bytes: int = PAGE_BYTES) -> list[dict[str, Any]]:
        """The next events after `after`, in order, as many as fit in `max_bytes` of
        stored JSON (at least one): replaying a run a page at a time keeps one page in memory."""
        query = select(events.c.data).where(events.c.run_id == run_id, events.c.seq > after).order_by(events.c.seq).limit(PAGE_ROWS)
        page, size = [], 0
        with self.engine.connect() as conn:
            for data in conn.execute(query).scalars():  # SQLite hands rows over one at a time
                if page and size + len(data) > max_bytes:
                    break
                page.append(wire.loads(data))
                size += len(data)
        return page

    def run_ids_with_status(self, *statuses: str) -> list[str]:
        with self.engine.connect() as conn:
            query = select(runs.c.id).where(runs.c.status.in_(statuses)).order_by(runs.c.created_at)
            return list(conn.execute(query).scalars())

    def list_runs(self, owners: Iterable[str] | None = None, limit: int = 200, assignment_id: str | None = None) -> list[dict[str, Any]]:
        """Runs newest first, each with its summary columns decoded (`owners` None: everyone's)."""
        query = select(*SUMMARY).order_by(runs.c.created_at.desc())
        if owners is not None:
            query = query.where(runs.c.owner_id.in_(list(owners)))
        if assignment_id is not None:
            query = query.where(runs.c.assignment_id == assignment_id)
        with self.engine.connect() as conn:
            return [_decoded(r) for r in conn.execute(query.limit(limit)).mappings()]

    def latest_per_owner(self, owners: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Each owner's newest run (the dashboard's rows)."""
        owners = list(owners)
        if not owners:
            return {}
        newest = select(runs.c.owner_id, func.max(runs.c.created_at).label("at")).where(runs.c.owner_id.in_(owners)).group_by(runs.c.owner_id).subquery()
        query = select(*SUMMARY).join(newest, (runs.c.owner_id == newest.c.owner_id) & (runs.c.created_at == newest.c.at))
        with self.engine.connect() as conn:
            return {r["owner_id"]: _decoded(r) for r in conn.execute(query).mappings()}

    def counts_per_owner(self, owners: Iterable[str]) -> dict[str, int]:
        """How many runs each owner has stored (owners with none are left out)."""
        owners = list(owners)
        if not owners:
            return {}
        query = select(runs.c.owner_id, func.count()).where(runs.c.owner_id.in_(owners)).group_by(runs.c.owner_id)
        with self.engine.connect() as conn:
            return dict(conn.execute(query).all())

    def count(self, owner_id: str, statuses: tuple[str, ...] = (), since: float | None = None) -> int:
        query = select(func.count()).select_from(runs).where(runs.c.owner_id == owner_id)
        if statuses:
            query = query.where(runs.c.status.in_(statuses))
        if since is not None:
            query = query.where(runs.c.created_at > since)
        with self.engine.connect() as conn:
            return conn.execute(query).scalar_one()

    def created_since(self, owner_id: str, since: float) -> list[float]:
        query = select(runs.c.created_at).where(runs.c.owner_id == owner_id, runs.c.created_at > since).order_by(runs.c.created_at)
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def finished_beyond(self, owner_id: str, keep: int) -> list[str]:
        """The owner's finished runs past the newest `keep` runs (running ones are never listed)."""
        query = select(runs.c.id, runs.c.status).where(runs.c.owner_id == owner_id).order_by(runs.c.created_at.desc()).offset(keep)
        with self.engine.connect() as conn:
            return [r.id for r in conn.execute(query) if r.status in TERMINAL]

    def finished_before(self, when: float) -> list[str]:
        query = select(runs.c.id).where(runs.c.status.in_(TERMINAL), runs.c.created_at < when)
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def finished_oldest_first(self) -> list[dict[str, Any]]:
        """Every ended run, the oldest first (by when it ended): what retention may delete."""
        ended = func.coalesce(runs.c.finished_at, runs.c.created_at)
        query = select(runs.c.id, ended.label("ended")).where(runs.c.status.in_(TERMINAL)).order_by(ended, runs.c.id)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def event_bytes(self, run_ids: Iterable[str] | None = None) -> dict[str, int]:
        """The stored size of each run's events (`run_ids` None: every run's)."""
        query = select(events.c.run_id, func.sum(func.length(events.c.data))).group_by(events.c.run_id)
        if run_ids is not None:
            query = query.where(events.c.run_id.in_(list(run_ids)))
        with self.engine.connect() as conn:
            return {run_id: int(size or 0) for run_id, size in conn.execute(query)}

    def resumed_by_active(self) -> set[str]:
        """The runs a queued or training run continues from (it loads their model)."""
        query = select(runs.c.spec).where(runs.c.status.in_(("queued", "running")))
        with self.engine.connect() as conn:
            return {(json.loads(spec).get("resume") or {}).get("run") for spec in conn.execute(query).scalars()} - {None}

    def run_count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(runs)).scalar_one()

    def owners_of(self, run_ids: Iterable[str]) -> dict[str, str | None]:
        with self.engine.connect() as conn:
            return {r.id: r.owner_id for r in conn.execute(select(runs.c.id, runs.c.owner_id).where(runs.c.id.in_(list(run_ids))))}

    def set_share_token(self, run_id: str, token: str) -> str:
        """The run's share token (the one it has, else `token`)."""
        with self.engine.begin() as conn:
            conn.execute(update(runs).where(runs.c.id == run_id, runs.c.share_token.is_(None)).values(share_token=token))
            return conn.execute(select(runs.c.share_token).where(runs.c.id == run_id)).scalar_one()

    def run_for_share(self, token: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(runs.c.id).where(runs.c.share_token == token)).scalar()


SPARK_POINTS = 40
SUMMARY = (runs.c.id, runs.c.status, runs.c.created_at, runs.c.finished_at, runs.c.owner_id, runs.c.lesson, runs.c.assignment_id, runs.c.epoch, runs.c.logs, runs.c.extremes, runs.c.spark)


def _decoded(row) -> dict[str, Any]:
    out = dict(row)
    for key, empty in (("logs", {}), ("extremes", {}), ("spark", [])):
        out[key] = json.loads(out[key]) if out[key] else empty
    return out
