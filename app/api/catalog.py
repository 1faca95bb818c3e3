from __future__ import annotations

from functools import cache

from fastapi import APIRouter

from app.catalog import catalog_json

router = APIRouter(prefix="/api", tags=["catalog"])


@cache
def cached_catalog() -> dict:
    return catalog_json()


@router.get("/catalog")
def catalog() -> dict:
    """Every class the playground can use, with typed, bounded, bilingual parameters."""
    return cached_catalog()
