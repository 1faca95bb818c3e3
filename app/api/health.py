from __future__ import annotations

import time

from fastapi import APIRouter

from app.api.deps import StateDep, UserDep
from app.api.schemas import Health
from app.runs.retention import disk_use

router = APIRouter(prefix="/api", tags=["health"])
DISK_EVERY = 60.0  # walking the data directory is not free: measured at most once a minute
_disk: dict = {"at": -DISK_EVERY, "value": None}


def disk_report(state) -> dict:
    now = time.monotonic()
    if now - _disk["at"] >= DISK_EVERY:
        _disk.update(at=now, value=disk_use(state.settings.data_dir))
    return _disk["value"]


@router.get("/health", response_model=Health, response_model_exclude_unset=True)
def health(state: StateDep, user: UserDep) -> dict:
    """Whether the app is up, and what its workers are doing (which runs: admins only, in classroom mode)."""
    report = {"mode": state.settings.mode, **state.deployment.health()}
    missing = [name for name, up in (("training workers", any(w["ready"] for w in report["workers"])), ("inspector", report["inspector"]["ready_count"] > 0)) if not up]
    # still answered 200: the server is up; "degraded" says what cannot work right now (starting, restarting)
    report = {"status": "degraded" if missing else "ok", "missing": missing} | report
    if user.admin:
        report["disk"] = disk_report(state)
    else:
        report["workers"] = [{k: v for k, v in w.items() if k != "run_id"} for w in report["workers"]]
        report["inspector"] = {k: v for k, v in (report.get("inspector") or {}).items() if k != "run_id"}
    return report
