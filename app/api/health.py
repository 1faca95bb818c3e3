from __future__ import annotations

from fastapi import APIRouter

from app.api.deps import StateDep, UserDep

router = APIRouter(prefix="/api", tags=["health"])


@router.get("/health")
def health(state: StateDep, user: UserDep) -> dict:
    """Whether the app is up, and what its workers are doing (which runs: admins only, in classroom mode)."""
    report = {"status": "ok", "mode": state.settings.mode, **state.backend.health()}
    if not user.admin:
        report["workers"] = [{k: v for k, v in w.items() if k != "run_id"} for w in report["workers"]]
        report["inspector"] = {k: v for k, v in (report.get("inspector") or {}).items() if k != "run_id"}
    return report
