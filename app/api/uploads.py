from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from app import uploads
from app.api.deps import not_found

router = APIRouter(prefix="/api/uploads", tags=["uploads"])


@router.post("", status_code=201)
async def upload(request: Request, name: str = "data.csv") -> dict:
    """Store a CSV file (the request body): its columns, statistics, a preview and suggested columns."""
    body = await request.body()
    return await run_in_threadpool(uploads.store, name, body)


@router.get("/{upload_id}")
def get_upload(upload_id: str) -> dict:
    """An uploaded file's columns, statistics and preview."""
    info = uploads.meta(upload_id)
    if info is None:
        raise not_found("upload", upload_id)
    return info
