"""Training data for a spec: load the data set, shape the targets for the loss."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Any

import numpy as np

from app.datasets import DATASETS, Target, loaders
from app.datasets.targets import loss_class, loss_for, target_form

# re-exported for the worker's other modules
__all__ = ["loss_class", "loss_for", "pipelines", "targets", "training_data", "validation_start"]


def targets(y: np.ndarray, target: Target, loss: str) -> np.ndarray:
    """A data set's targets shaped as the loss expects them."""
    form = target_form(target, loss)
    if form == "values":
        return y.astype("float32").reshape(-1, 1) if y.ndim == 1 else y.astype("float32")
    if form == "column":
        return y.reshape(-1, 1).astype("float32")
    if form == "one_hot":
        return np.eye(target.classes, dtype="float32")[y]
    return y.astype("int32")


@lru_cache(maxsize=8)
def _load(name: str, options_json: str):
    x, y = loaders.load(name, json.loads(options_json))
    for array in [*(x.values() if isinstance(x, dict) else [x]), *(y.values() if isinstance(y, dict) else [y])]:
        array.setflags(write=False)  # cached: shared by every run that asks for these options
    return x, y


def training_data(spec: dict[str, Any]):
    """(x, y) for fit: arrays for a data set with one input and output, dicts
    keyed by input and output name for one that names several."""
    ds = spec["dataset"]
    dataset = DATASETS.get(ds["name"])
    options = dataset.with_defaults(ds.get("options", {}))
    x, y = _load(ds["name"], json.dumps(options, sort_keys=True))
    model, loss = spec["model"], spec["compile"]["loss"]
    _, outputs = dataset.signature(options)
    if not dataset.named_io:
        output = model["outputs"][0] if model.get("kind") == "functional" else "output"
        return x, targets(y, outputs["output"], loss_class(loss_for(loss, output)))
    ys = {name: targets(y[name], target, loss_class(loss_for(loss, name))) for name, target in outputs.items()}
    # a model with one output (or input) takes a plain array, not a dict of one
    return (dict(x) if len(x) > 1 else next(iter(x.values()))), (ys if len(ys) > 1 else next(iter(ys.values())))


def validation_start(n: int, validation_split: float) -> int:
    """The first of the rows `validation_split` holds out: the last ones, as
    Keras's `fit(validation_split=)` takes them (n when nothing is held out)."""
    return int(math.floor(n * (1.0 - validation_split))) if validation_split else n


def pipelines(x, y, fit: dict[str, Any]) -> dict[str, Any]:
    """fit()'s data arguments as tf.data pipelines with the meaning of
    `fit(x, y, batch_size=, validation_split=, shuffle=)` on arrays: the last
    `validation_split` of the rows (before any shuffling) for validation, the
    rest reshuffled each epoch when `shuffle` is on, the same batches.

    Why not pass the arrays: Keras 3's array adapter builds a fresh iterator
    pipeline for every epoch and every validation pass, ~10 ms each on this
    machine; for the small data sets of the lessons that is half of a run's
    time (bench/run.py measures both). The code export keeps the plain arrays,
    which mean the same."""
    import tensorflow as tf

    n = len(next(iter(x.values())) if isinstance(x, dict) else x)
    split = validation_start(n, fit["validation_split"])
    rows = lambda data, part: {k: v[part] for k, v in data.items()} if isinstance(data, dict) else data[part]  # noqa: E731
    train = tf.data.Dataset.from_tensor_slices((rows(x, slice(0, split)), rows(y, slice(0, split))))
    if fit["shuffle"]:
        train = train.shuffle(split, reshuffle_each_iteration=True)
    out: dict[str, Any] = {"x": train.batch(fit["batch_size"]), "shuffle": False}  # shuffled above
    if split < n:
        val = tf.data.Dataset.from_tensor_slices((rows(x, slice(split, n)), rows(y, slice(split, n))))
        out["validation_data"] = val.batch(fit["batch_size"])
    return out
