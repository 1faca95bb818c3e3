from __future__ import annotations

import time

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import func, insert, select

from app import uploads
from app.accounts.access import can_see
from app.api.bodies import CSV_EXAMPLE
from app.api.deps import StateDep, UserDep, not_found
from app.api.limits import read_body
from app.api.openapi import body, errors, links
from app.api.schemas import Upload
from app.runs import limits
from app.store.db import uploads as uploads_table

router = APIRouter(prefix="/api/uploads", tags=["uploads"])


def upload_owner(state, upload_id: str) -> tuple[bool, str | None]:
    """(whether the upload is known, its owner)."""
    with state.store.engine.connect() as conn:
        row = conn.execute(select(uploads_table.c.owner_id).where(uploads_table.c.id == upload_id)).first()
    return (row is not None, row.owner_id if row else None)


def may_use(state, user, upload_id: str) -> bool:
    """Whether `user` may read (and train on) this upload: theirs, their student's, or
    from before accounts (then admins and personal mode only)."""
    return can_see(state.accounts, user, upload_owner(state, upload_id)[1])


def _store(state, user, name: str, body: bytes) -> dict:
    if user.id:
        with state.store.engine.connect() as conn:
            used = conn.execute(select(func.coalesce(func.sum(uploads_table.c.bytes), 0)).where(uploads_table.c.owner_id == user.id)).scalar_one()
        limits.check_upload(used, len(body), user, state.settings)
    info = uploads.store(name, body)
    with state.store.engine.begin() as conn:
        conn.execute(insert(uploads_table).values(id=info["id"], owner_id=user.id, bytes=len(body), created_at=time.time()))
    return info


@router.post(
    "", status_code=201, response_model=Upload,
    responses={201: links("get_upload", upload_id="$response.body#/id")} | errors(413, 422, 429),
    openapi_extra=body("text/csv", {"type": "string"}, CSV_EXAMPLE),
)  # fmt: skip
async def upload(request: Request, state: StateDep, user: UserDep, name: str = "data.csv") -> dict:
    """Store a CSV file (the request body): its columns, statistics, a preview and suggested columns."""
    body = await read_body(request, uploads.MAX_BYTES)
    return await run_in_threadpool(_store, state, user, name, body)


@router.get("/{upload_id}", response_model=Upload, responses=errors(404))
async def get_upload(upload_id: str, state: StateDep, user: UserDep) -> dict:
    """An uploaded file's columns, statistics and preview."""
    info = uploads.meta(upload_id)
    if info is None or not await run_in_threadpool(may_use, state, user, upload_id):
        raise not_found("upload", upload_id)
    return info
