"""Per-user limits on what one person may make the server hold (classroom
mode's defaults; 0 turns a limit off). Over a limit → 429 whose detail names
the limit and when it frees up."""

from __future__ import annotations

import math
import time

from app.accounts.errors import AccountError
from app.accounts.users import User
from app.settings import Settings
from app.store.runs import RunStore


def exempt(user: User, settings: Settings) -> bool:
    return user.personal or user.admin or not settings.classroom


def check_run(store: RunStore, user: User, settings: Settings, now: float | None = None) -> None:
    """429 if `user` may not start another run now."""
    if exempt(user, settings):
        return
    now = now or time.time()
    if settings.limit_active_runs:
        active = store.count(user.id, statuses=("queued", "running"))
        if active >= settings.limit_active_runs:
            raise AccountError(429, "limit_active", count=active, limit=settings.limit_active_runs)
    if settings.limit_runs_per_hour:
        recent = store.created_since(user.id, now - 3600)
        if len(recent) >= settings.limit_runs_per_hour:
            wait = recent[len(recent) - settings.limit_runs_per_hour] + 3600 - now
            raise AccountError(429, "limit_hourly", headers={"Retry-After": str(math.ceil(wait))},
                               count=len(recent), limit=settings.limit_runs_per_hour, minutes=max(1, math.ceil(wait / 60)))  # fmt: skip


def check_upload(used: int, size: int, user: User, settings: Settings) -> None:
    if exempt(user, settings) or not settings.limit_upload_mb:
        return
    if used + size > settings.limit_upload_mb * 2**20:
        raise AccountError(429, "limit_upload", size=f"{(used + size) / 2**20:.1f}", limit=f"{settings.limit_upload_mb:g}")
