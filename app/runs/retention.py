"""Retention: what the server keeps, and deleting the rest.

Three bounds, each a setting (0: no bound): runs that ended more than
`KP_KEEP_DAYS` ago; beyond the newest `KP_KEEP_RUNS` runs; and, while the
runs' events and files take more than `KP_KEEP_GB`, the oldest ended runs.
Only ended runs are ever deleted (never one queued or training, nor one a
queued or training run continues from), the oldest first, each with its
events and its folder (model, TensorBoard logs, CSV).
The server applies them at start and every hour; `python -m app prune`
applies them by hand (and `--dry-run` says what it would delete).
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GB = 10**9


@dataclass(frozen=True)
class Policy:
    days: float = 0.0
    runs: int = 0
    gb: float = 0.0

    @classmethod
    def of(cls, settings) -> Policy:
        return cls(settings.keep_days, settings.keep_runs, settings.keep_gb)

    @property
    def bounded(self) -> bool:
        return bool(self.days or self.runs or self.gb)


def folder_bytes(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass  # deleted while we walked
    return total


def plan(store, data_dir: Path, policy: Policy, now: float | None = None) -> list[dict[str, Any]]:
    """The runs to delete, oldest first, each `{"id", "ended", "bytes"}` (its events and folder)."""
    if not policy.bounded:
        return []
    now = time.time() if now is None else now
    needed = store.resumed_by_active()
    ended = [r for r in store.finished_oldest_first() if r["id"] not in needed]
    # every run's event sizes only when the total matters; else only the doomed runs' (below)
    events = store.event_bytes() if policy.gb else {}
    runs_dir = Path(data_dir) / "runs"

    def size(run: dict[str, Any]) -> int:
        if "bytes" not in run:
            run["bytes"] = events.get(run["id"], 0) + folder_bytes(runs_dir / run["id"])
        return run["bytes"]

    doomed: dict[str, dict[str, Any]] = {}
    if policy.days:
        doomed |= {r["id"]: r for r in ended if r["ended"] < now - policy.days * 86400}
    if policy.runs:
        extra = store.run_count() - policy.runs
        for run in ended:
            if len(doomed) >= extra:
                break
            doomed.setdefault(run["id"], run)
    if policy.gb:
        total = sum(events.values()) + folder_bytes(runs_dir) - sum(size(r) for r in doomed.values())
        for run in ended:
            if total <= policy.gb * GB:
                break
            if run["id"] not in doomed:
                doomed[run["id"]] = run
                total -= size(run)
    if not policy.gb:
        events = store.event_bytes(doomed)
    for run in doomed.values():
        size(run)
    return sorted(doomed.values(), key=lambda r: (r["ended"], r["id"]))


def forget(store, data_dir: Path, run_ids: list[str]) -> None:
    """Delete ended runs with their events and folders."""
    store.delete_runs(run_ids)
    for run_id in run_ids:
        shutil.rmtree(Path(data_dir) / "runs" / run_id, ignore_errors=True)


def prune(store, data_dir: Path, policy: Policy, dry_run: bool = False) -> dict[str, Any]:
    """Apply `policy`: `{"runs": how many, "bytes": how much they held, "ids": [...]}`."""
    doomed = plan(store, data_dir, policy)
    if not dry_run:
        forget(store, data_dir, [r["id"] for r in doomed])
    return {"runs": len(doomed), "bytes": sum(r["bytes"] for r in doomed), "ids": [r["id"] for r in doomed]}


def disk_use(data_dir: Path) -> dict[str, int]:
    """What the data directory holds and what its disk has left (for /api/health)."""
    data_dir = Path(data_dir)
    stat = os.statvfs(data_dir) if data_dir.exists() else None
    return {"data_bytes": folder_bytes(data_dir), "free_bytes": stat.f_bavail * stat.f_frsize if stat else 0}
