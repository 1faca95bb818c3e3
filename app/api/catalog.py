from __future__ import annotations

import hashlib
import json
from functools import cache

from fastapi import APIRouter, Request, Response

from app.api.schemas import Catalog
from app.catalog import catalog_json

router = APIRouter(prefix="/api", tags=["catalog"])


@cache
def _encoded() -> tuple[bytes, str]:
    body = json.dumps(catalog_json(), ensure_ascii=False, separators=(",", ":")).encode()
    return body, hashlib.sha256(body).hexdigest()[:16]


def catalog_version() -> str:
    """Changes whenever the catalog does: pages ask for /api/catalog?v=<version> and cache it."""
    return _encoded()[1]


@router.get("/catalog", response_model=Catalog, responses={304: {"description": "Not modified: the ETag sent in If-None-Match is the catalog's."}})
def catalog(request: Request) -> Response:
    """Every class the playground can use, with typed, bounded, bilingual parameters."""
    body, version = _encoded()
    etag = f'"{version}"'
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    cache_control = "public, max-age=31536000, immutable" if request.query_params.get("v") == version else "no-cache"
    return Response(body, media_type="application/json", headers={"ETag": etag, "Cache-Control": cache_control})
