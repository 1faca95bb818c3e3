"""The one rule every route, list, file, websocket and health answer applies:
what is not yours (or your student's) does not exist."""

from __future__ import annotations

from app.accounts.users import AccountStore, User


def can_see(accounts: AccountStore, user: User, owner_id: str | None) -> bool:
    if user.personal or user.admin:
        return True
    if owner_id is None:
        return False  # made before classroom mode was on: only admins see it
    if owner_id == user.id:
        return True
    return user.teacher and accounts.teaches(user, owner_id)
