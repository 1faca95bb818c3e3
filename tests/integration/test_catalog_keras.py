"""One harness over the catalog: every entry is real Keras, with Keras's own
defaults, and every layer builds in a small model and trains one step."""

from __future__ import annotations

import inspect

import keras
import numpy as np
import pytest

from app.catalog import CALLBACKS, LAYERS, LOSSES, METRICS, OPTIMIZERS
from app.catalog.common import ACTIVATIONS, CONSTRAINTS, INITIALIZERS, REGULARIZERS
from app.worker.build import build_model, compile_model

MODULES = [(LAYERS, keras.layers), (OPTIMIZERS, keras.optimizers), (LOSSES, keras.losses), (METRICS, keras.metrics), (CALLBACKS, keras.callbacks)]
ENTRIES = [(reg, mod, e) for reg, mod in MODULES for e in reg]
BASE_LAYER_ARGS = {"name": None, "trainable": True}

# An input each layer accepts with its default arguments.
HARNESS_INPUT = {"Reshape": [16], "Permute": [4, 3], "Flatten": [4, 3]}


@pytest.mark.parametrize(("registry", "module", "entry"), ENTRIES, ids=[f"{r.kind}.{e.class_name}" for r, _, e in ENTRIES])
def test_entry_matches_the_keras_signature(registry, module, entry):
    cls = getattr(module, entry.class_name)
    signature = inspect.signature(cls.__init__).parameters
    for param in entry.params:
        if registry is LAYERS and param.name in BASE_LAYER_ARGS:
            assert param.default == BASE_LAYER_ARGS[param.name]
            continue
        assert param.name in signature, f"{entry.class_name} has no argument {param.name}"
        keras_default = signature[param.name].default
        assert param.required == (keras_default is inspect.Parameter.empty), f"{entry.class_name}.{param.name}"
        if not param.required:
            assert param.default == keras_default, f"{entry.class_name}.{param.name}: catalog {param.default!r}, Keras {keras_default!r}"


def test_every_choice_is_one_keras_knows():
    for name in ACTIVATIONS:
        keras.activations.get(name)
    for name in INITIALIZERS:
        keras.initializers.get(name)
    for name in REGULARIZERS:
        keras.regularizers.get(name)
    for name in CONSTRAINTS:
        keras.constraints.get(name)
    for entry in OPTIMIZERS:
        for alias in entry.aliases:
            assert type(keras.optimizers.get(alias)).__name__ == entry.class_name
    for entry in LOSSES:
        for alias in entry.aliases:
            keras.losses.get(alias)
    for entry in METRICS:
        for alias in entry.aliases:
            metric = keras.metrics.get(alias)
            assert type(metric).__name__ == entry.class_name, alias


@pytest.mark.parametrize("entry", list(LAYERS), ids=[e.class_name for e in LAYERS])
def test_every_layer_builds_and_trains_one_step(entry):
    shape = HARNESS_INPUT.get(entry.class_name, [8])
    # what the form puts in a new layer: the required arguments at their suggested values
    layers = [{"class_name": entry.class_name, "config": {p.name: p.default for p in entry.params if p.required}}]
    layers += [{"class_name": "Flatten", "config": {}}, {"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}}]
    model = build_model({"input": {"shape": shape}, "layers": layers})
    compile_model(model, {"optimizer": "adam", "loss": "binary_crossentropy", "metrics": ["accuracy"]})
    x = np.random.default_rng(0).random((8, *shape), dtype=np.float32)
    loss, _ = model.train_on_batch(x, np.ones((8, 1), np.float32))
    assert np.isfinite(loss)
