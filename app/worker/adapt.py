"""Adapting: the layers that learn their state from data before training
(Normalization's mean and variance, Discretization's bins, a lookup's or
TextVectorization's vocabulary; which ones: `app.catalog.layers.preprocessing.adapts`).

A learner cannot call `layer.adapt()` in the playground, so the worker does:
on the rows fit trains on, never the validation rows (`fit(validation_split=)`
holds out the last ones), before fit, as the exported script does. Each layer
adapts on what reaches it: the data itself for a layer the data feeds, else
the output of the layers before it (in inference mode: no augmentation).
The inspector, which checks a model on a few rows, adapts on those."""

from __future__ import annotations

from typing import Any

import keras
import numpy as np

from app.catalog.layers.preprocessing import adapts
from app.worker.build import BuildError, issue, keras_message
from app.worker.data import validation_start

BATCH = 1024  # rows computed at a time for a layer that adapts on an earlier layer's output


def adapted_layers(spec_model: dict[str, Any]) -> list[tuple[tuple, int | str]]:
    """(where in the spec, index or node name) of each layer the app adapts, in model order."""
    if spec_model.get("kind") == "functional":
        return [(("model", "nodes", k), node["name"]) for k, node in enumerate(spec_model["nodes"])
                if not node.get("reuse") and adapts(node["class_name"], node["config"])]  # fmt: skip
    return [(("model", "layers", i), i) for i, layer in enumerate(spec_model["layers"]) if adapts(layer["class_name"], layer["config"])]


def _rows(x, part: slice):
    return {name: values[part] for name, values in x.items()} if isinstance(x, dict) else x[part]


def _count(x) -> int:
    return len(next(iter(x.values())) if isinstance(x, dict) else x)


def _fed(model: keras.Model, spec_model: dict[str, Any], key: int | str, layer: keras.layers.Layer, x):
    """What reaches `layer` when the model reads `x`."""
    if spec_model.get("kind") == "functional":
        source = next(node["inputs"][0] for node in spec_model["nodes"] if node["name"] == key)
        if source in {i["name"] for i in spec_model["inputs"]}:
            return x[source] if isinstance(x, dict) else x
    elif key == 0:
        return x
    before = keras.Model(model.inputs, layer._inbound_nodes[0].input_tensors[0])  # its first call, for a shared layer
    parts = [np.asarray(before.predict_on_batch(_rows(x, slice(start, start + BATCH)))) for start in range(0, _count(x), BATCH)]
    return np.concatenate(parts)


def adapt(model: keras.Model, spec_model: dict[str, Any], x) -> list[str]:
    """Adapt each layer the app adapts on what reaches it from `x`, in order
    (a later one sees the earlier ones adapted); the names of those layers.
    BuildError, at the layer, when Keras cannot adapt it to this data."""
    names = []
    for where, key in adapted_layers(spec_model):
        layer = model.get_layer(key) if isinstance(key, str) else model.layers[key]
        try:
            layer.adapt(_fed(model, spec_model, key, layer, x))
        except Exception as e:  # noqa: BLE001 - Keras says why; we say where
            raise BuildError([issue(where, "adapt", cls=type(layer).__name__, detail=keras_message(e))]) from None
        names.append(layer.name)
    return names


def for_fit(model: keras.Model, spec: dict[str, Any], x) -> list[str]:
    """Adapt on the training rows of `x`: the first ones, those fit's validation_split leaves."""
    if not adapted_layers(spec["model"]):
        return []
    split = validation_start(_count(x), spec["fit"]["validation_split"])
    return adapt(model, spec["model"], _rows(x, slice(0, split)))


def summary_note(model: keras.Model, spec_model: dict[str, Any]) -> str:
    """The line the summary adds for the layers the app adapts ('' when none)."""
    names = [(model.get_layer(key) if isinstance(key, str) else model.layers[key]).name for _, key in adapted_layers(spec_model)]
    if not names:
        return ""
    return f"Adapted before fit, on the training rows only (layer.adapt(x_train)): {', '.join(names)}"
