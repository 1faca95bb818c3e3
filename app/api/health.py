from __future__ import annotations

from fastapi import APIRouter

from app.api.deps import StateDep

router = APIRouter(prefix="/api", tags=["health"])


@router.get("/health")
def health(state: StateDep) -> dict:
    """Whether the app is up, and what its workers are doing."""
    return {"status": "ok", **state.backend.health()}
