"""Training data for a spec: load the data set, shape the targets for the loss."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import numpy as np

from app.catalog import LOSSES
from app.datasets import DATASETS, loaders

ONE_HOT_LOSSES = {"CategoricalCrossentropy"}
REGRESSION_LOSSES = {"MeanSquaredError", "MeanAbsoluteError"}


def loss_class(loss: Any) -> str:
    if isinstance(loss, dict):
        return loss["class_name"]
    entry = LOSSES.by_alias(loss) or LOSSES.get(loss)
    return entry.class_name if entry else str(loss)


def expected_units(task: str, n_classes: int, loss: str) -> int:
    """Output units a classifier needs for this loss (1 for a single sigmoid)."""
    if loss == "BinaryCrossentropy" or (loss in REGRESSION_LOSSES and task == "binary"):
        return 1
    return n_classes


def targets(y: np.ndarray, task: str, n_classes: int, loss: str) -> np.ndarray:
    """Integer labels reshaped as the loss expects them."""
    if expected_units(task, n_classes, loss) == 1:
        return y.reshape(-1, 1).astype("float32")
    if loss in ONE_HOT_LOSSES or loss in REGRESSION_LOSSES:
        return np.eye(n_classes, dtype="float32")[y]
    return y.astype("int32")


@lru_cache(maxsize=8)
def _load(name: str, options_json: str) -> tuple[np.ndarray, np.ndarray]:
    x, y = loaders.load(name, json.loads(options_json))
    x.setflags(write=False)
    y.setflags(write=False)
    return x, y


def training_data(spec: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    ds = spec["dataset"]
    dataset = DATASETS.get(ds["name"])
    options = dataset.with_defaults(ds.get("options", {}))
    x, y = _load(ds["name"], json.dumps(options, sort_keys=True))
    n_classes = dataset.n_classes(options)
    return x, targets(y, dataset.task, n_classes, loss_class(spec["compile"]["loss"]))
