"""The catalog: every Keras class the playground can use, one registry per kind."""

from __future__ import annotations

from typing import Any

from app.catalog.callbacks import CALLBACKS
from app.catalog.layers import LAYERS
from app.catalog.layers.recurrent import CELLS
from app.catalog.losses import LOSSES
from app.catalog.metrics import METRICS
from app.catalog.models import MODELS
from app.catalog.optimizers import OPTIMIZERS
from app.catalog.registry import Entry, Registry
from app.catalog.schedules import EPOCH_SCHEDULES, SCHEDULES

REGISTRIES: dict[str, Registry] = {
    "layers": LAYERS,
    "optimizers": OPTIMIZERS,
    "losses": LOSSES,
    "metrics": METRICS,
    "callbacks": CALLBACKS,
    "models": MODELS,
    # objects that live inside other objects' arguments
    "cells": CELLS,
    "schedules": SCHEDULES,
    "epoch_schedules": EPOCH_SCHEDULES,
}


def catalog_json() -> dict[str, Any]:
    """The whole catalog as `GET /api/catalog` returns it."""
    from app.datasets import DATASETS
    from app.spec.limits import limits_json

    out: dict[str, Any] = {kind: reg.to_json() for kind, reg in REGISTRIES.items()}
    out["datasets"] = DATASETS.to_json()
    out["limits"] = limits_json()
    return out


__all__ = ["CALLBACKS", "CELLS", "EPOCH_SCHEDULES", "LAYERS", "SCHEDULES", "LOSSES", "METRICS", "MODELS", "OPTIMIZERS", "REGISTRIES", "Entry", "Registry", "catalog_json"]
