"""Training data for a spec: load the data set, shape the targets for the loss.

Two readers, two sizes: a training job takes every row (`training_data`); the
inspector's check of a spec takes a few (`check_data`), and the inspector is
long-lived, so it keeps no full data set."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np

from app.datasets import DATASETS, Target, loaders
from app.datasets.targets import loss_class, loss_for, target_form

# re-exported for the worker's other modules
__all__ = ["check_data", "loss_class", "loss_for", "one_hot", "one_hot_classes", "pipelines", "targets", "training_data", "validation_start"]

CHECK_ROWS = 8  # the rows the inspector evaluates a model on


def targets(y: np.ndarray, target: Target, loss: str) -> np.ndarray:
    """A data set's targets shaped as the loss expects them, except that the
    one-hot rows a loss may want stay class numbers (int32) until batched
    (see `one_hot_classes`): 1000 classes of 100k rows would be 400 MB."""
    form = target_form(target, loss)
    if form == "values":
        return y.astype("float32").reshape(-1, 1) if y.ndim == 1 else y.astype("float32")
    if form == "column":
        return y.reshape(-1, 1).astype("float32")
    return y.astype("int32")


def _dataset(spec: dict[str, Any]):
    """(Dataset, full options) of a spec."""
    ds = spec["dataset"]
    dataset = DATASETS.get(ds["name"])
    return dataset, dataset.with_defaults(ds.get("options", {}))


def _key(spec: dict[str, Any]) -> tuple[str, str]:
    """(name, full options as JSON): what identifies the data a spec trains on."""
    dataset, options = _dataset(spec)
    return dataset.name, json.dumps(options, sort_keys=True)


def _outputs(spec: dict[str, Any]) -> list[tuple[str, Target, str]]:
    """(name in the data, Target, loss class) of each output the data set gives."""
    dataset, options = _dataset(spec)
    _, outputs = dataset.signature(options)
    model, loss = spec["model"], spec["compile"]["loss"]
    if not dataset.named_io:
        output = model["outputs"][0] if model.get("kind") == "functional" else "output"
        return [("output", outputs["output"], loss_class(loss_for(loss, output)))]
    return [(output, target, loss_class(loss_for(loss, output))) for output, target in outputs.items()]


def _unwrapped(values: dict[str, Any]):
    # a model with one output (or input) takes a plain array, not a dict of one
    return dict(values) if len(values) > 1 else next(iter(values.values()))


def _shaped(spec: dict[str, Any], x, y):
    """(x, y) for fit from a data set's own (x, y): arrays for a data set with one
    input and output, dicts keyed by input and output name for one that names several."""
    outputs = _outputs(spec)
    if not _dataset(spec)[0].named_io:
        [(_, target, loss)] = outputs
        return x, targets(y, target, loss)
    return _unwrapped(x), _unwrapped({name: targets(y[name], target, loss) for name, target, loss in outputs})


@lru_cache(maxsize=8)
def _load(name: str, options_json: str):
    x, y = loaders.load(name, json.loads(options_json))
    for array in [*(x.values() if isinstance(x, dict) else [x]), *(y.values() if isinstance(y, dict) else [y])]:
        array.setflags(write=False)  # cached: shared by every run that asks for these options
    return x, y


def training_data(spec: dict[str, Any]):
    """(x, y) for fit, every row (see `_shaped`); class numbers where the loss
    wants one-hot rows: `pipelines` one-hots them batch by batch."""
    x, y = _load(*_key(spec))
    return _shaped(spec, x, y)


class Sample(NamedTuple):
    """What the inspector's check needs of a data set: its first rows, and the
    largest value of each numeric input over all rows (the ids an Embedding
    fed the data must cover), None for another input."""

    x: Any
    y: Any
    largest: Any


def _each(values, function):
    return {k: function(v) for k, v in values.items()} if isinstance(values, dict) else function(values)


def _first_rows(values: np.ndarray) -> np.ndarray:
    # a copy, not a view: a view would keep the whole array alive
    rows = np.array(values[:CHECK_ROWS])
    rows.setflags(write=False)  # cached: shared by every check of these options
    return rows


def _largest(values: np.ndarray) -> int | None:
    if not np.issubdtype(values.dtype, np.number):
        return None
    return int(np.max(values)) if values.size else 0


@lru_cache(maxsize=32)
def _sample(name: str, options_json: str) -> Sample:
    # Read once, the full arrays dropped (8 data sets of 2000 videos held 1 GB).
    x, y = loaders.load(name, json.loads(options_json))
    return Sample(_each(x, _first_rows), _each(y, _first_rows), _each(x, _largest))


def check_data(spec: dict[str, Any]) -> Sample:
    """The first rows of a spec's data shaped for fit, targets one-hot where
    the loss wants it (what a batch of fit holds), and the largest value of
    each input, keyed as x."""
    sample = _sample(*_key(spec))
    x, y = _shaped(spec, sample.x, sample.y)
    largest = _unwrapped(sample.largest) if _dataset(spec)[0].named_io else sample.largest
    return Sample(x, one_hot(y, one_hot_classes(spec)), largest)


def one_hot_classes(spec: dict[str, Any]):
    """For each output, keyed as training_data's y: its number of classes when
    its loss wants one-hot rows (its targets are class numbers until batched), else 0."""
    return _unwrapped({name: target.classes if target_form(target, loss) == "one_hot" else 0 for name, target, loss in _outputs(spec)})


def _per_output(y, classes, encode):
    if isinstance(y, dict):
        return {name: _per_output(v, classes[name], encode) for name, v in y.items()}
    return encode(y, classes) if classes else y


def one_hot(y, classes):
    """Targets with one-hot rows where `classes` (from `one_hot_classes`) says:
    what fit receives, for a few rows or for arrays passed to fit directly."""
    return _per_output(y, classes, lambda labels, n: np.eye(n, dtype="float32")[labels])


def validation_start(n: int, validation_split: float) -> int:
    """The first of the rows `validation_split` holds out: the last ones, as
    Keras's `fit(validation_split=)` takes them (n when nothing is held out)."""
    return int(math.floor(n * (1.0 - validation_split))) if validation_split else n


def pipelines(x, y, fit: dict[str, Any], classes: Any = 0) -> dict[str, Any]:
    """fit()'s data arguments as tf.data pipelines with the meaning of
    `fit(x, one_hot(y, classes), batch_size=, validation_split=, shuffle=)` on
    arrays: the last `validation_split` of the rows (before any shuffling) for
    validation, the rest reshuffled each epoch when `shuffle` is on, the same
    batches; the class numbers of `classes` (from `one_hot_classes`) one-hot,
    a batch at a time.

    Why not pass the arrays: Keras 3's array adapter builds a fresh iterator
    pipeline for every epoch and every validation pass, ~10 ms each on this
    machine; for the small data sets of the lessons that is half of a run's
    time (bench/run.py measures both). The code export keeps the plain arrays,
    which mean the same."""
    import tensorflow as tf

    n = len(next(iter(x.values())) if isinstance(x, dict) else x)
    split = validation_start(n, fit["validation_split"])
    rows = lambda data, part: {k: v[part] for k, v in data.items()} if isinstance(data, dict) else data[part]  # noqa: E731
    sliced = lambda part: tf.data.Dataset.from_tensor_slices((rows(x, part), rows(y, part)))  # noqa: E731
    train = sliced(slice(0, split))
    if fit["shuffle"]:
        train = train.shuffle(split, reshuffle_each_iteration=True)
    parts = {"x": train.batch(fit["batch_size"])}
    if split < n:
        parts["validation_data"] = sliced(slice(split, n)).batch(fit["batch_size"])
    if any(classes.values()) if isinstance(classes, dict) else classes:  # some output one-hot
        parts = {k: part.map(lambda x, y: (x, _per_output(y, classes, tf.one_hot))) for k, part in parts.items()}
    return {**parts, "shuffle": False}  # shuffled above
