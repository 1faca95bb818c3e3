"""Data sets: each loader gives the shapes and classes its metadata promises."""

from __future__ import annotations

import numpy as np
import pytest

from app.datasets import DATASETS, loaders

NAMES = [d.name for d in DATASETS if d.source == "app" and d.check is None]  # Keras's own and uploads have their own tests


@pytest.mark.parametrize("name", NAMES)
def test_loader_matches_metadata(name):
    dataset = DATASETS.get(name)
    options = dataset.with_defaults({})
    inputs, outputs = dataset.signature(options)
    x, y = loaders.load(name, options)
    xs = x if isinstance(x, dict) else {"input": x}
    ys = y if isinstance(y, dict) else {"output": y}
    assert set(xs) == set(inputs) and set(ys) == set(outputs)
    n = options.get("n_samples") or len(next(iter(xs.values())))
    for key, (shape, dtype) in inputs.items():
        assert xs[key].shape == (n, *shape), key
        assert xs[key].dtype.kind == "U" if dtype == "string" else xs[key].dtype == np.dtype(dtype), key  # text: NumPy's str
    for key, target in outputs.items():
        if target.task == "regression":
            assert ys[key].shape == (n, *target.shape) and ys[key].dtype == np.float32, key
        else:
            assert ys[key].shape == (n,) and set(np.unique(ys[key])) == set(range(target.classes)), key
    again_x, again_y = loaders.load(name, options)
    again_xs = again_x if isinstance(again_x, dict) else {"input": again_x}
    assert all(np.array_equal(xs[k], again_xs[k]) for k in xs)  # the seed makes it repeatable


def test_options_change_the_data():
    x, _ = loaders.load("digits", {"n_samples": 100, "shape": "image", "seed": 1})
    assert x.shape == (100, 8, 8, 1) and 0 <= x.min() and x.max() <= 1
    x, y = loaders.load("random_features", {"n_samples": 500, "n_features": 7, "labels": "rule", "label_noise": 0.0, "seed": 3})
    assert x.shape == (500, 7) and abs(y.mean() - 0.5) < 0.01
    x, y = loaders.load("blobs", {"n_samples": 90, "centers": 5, "cluster_std": 0.5, "seed": 0})
    assert set(y) == set(range(5))


def test_rule_labels_are_learnable_and_random_ones_are_not():
    def separability(labels: str) -> float:
        x, y = loaders.load("random_features", {"n_samples": 2000, "n_features": 20, "labels": labels, "label_noise": 0.0, "seed": 0})
        w, *_ = np.linalg.lstsq(np.c_[x, np.ones(len(x))], y * 2 - 1, rcond=None)
        return float(((np.c_[x, np.ones(len(x))] @ w > 0) == y).mean())

    assert separability("rule") > 0.9
    assert separability("random") < 0.6


def test_binary_crossentropy_on_many_classes_needs_one_unit_per_class():
    """A multi-class target under binary cross-entropy is one-hot (one sigmoid per class), so a
    one-unit model is caught by the shape check instead of training on labels 0/1/2 as floats."""
    from app.datasets.registry import Target
    from app.datasets.targets import expected_output, target_form

    three = Target("multiclass", 3)
    assert target_form(three, "BinaryCrossentropy") == "one_hot"
    assert expected_output(three, "BinaryCrossentropy") == (3,)
    two = Target("binary", 2)
    assert target_form(two, "BinaryCrossentropy") == "column"
    assert expected_output(two, "MeanSquaredError") == (1,)
