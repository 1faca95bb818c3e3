"""Data set loaders, run in the worker: one module per family."""

from __future__ import annotations

import importlib


def load(name: str, options: dict):
    """The (x, y) of the registered data set `name` with its full options."""
    from app.datasets import DATASETS

    dataset = DATASETS.get(name)
    if dataset is None:
        raise KeyError(name)
    module = importlib.import_module(f"app.datasets.loaders.{dataset.module}")  # a registry name, not user text
    return getattr(module, dataset.function)(**dataset.with_defaults(options))
