"""What every neuron computes, as TensorFlow Playground draws it: for a model
on a 2-D data set, each Dense unit's output over the input plane, sent every
epoch as a `neurons` event (app/runs/events.md) with the weights that feed it."""

from __future__ import annotations

from typing import Any

import keras
import numpy as np

from app.worker.views import grid, plane

GRID = 24  # points per axis of each unit's map
MAX_UNITS = 16  # units drawn per layer (the first ones), and inputs per unit's weights
# Dense layers a network may have to be drawn (TensorFlow Playground draws up to
# 6 hidden ones): beyond, one event would pass a megabyte, every epoch.
MAX_DENSE = 8
# The maps are colours: 2 decimals draw them exactly as well, and every number
# less makes each epoch's event smaller on the pipe, in the database and on
# the websocket (docs/benchmarks.md). Weights and biases, read as numbers, keep 3.
MAP_DECIMALS = 2
DECIMALS = 3

# Layers that may sit between two Dense layers: they act on each unit's value
# (or normalize the vector) and keep its shape, so the next Dense still reads
# the previous one's units.
BETWEEN = frozenset({
    "Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "ThresholdedReLU",
    "Dropout", "AlphaDropout", "GaussianDropout", "GaussianNoise", "ActivityRegularization",
    "BatchNormalization", "LayerNormalization", "UnitNormalization",
})  # fmt: skip


def dense_chain(model: keras.Model) -> list[tuple[keras.layers.Dense, Any]] | None:
    """The Dense layers from input to output, each with its output tensor, when
    the model takes one 2-feature vector and is a chain of Dense layers with
    only `BETWEEN` layers among them; None for any other model."""
    if len(model.inputs) != 1 or len(model.outputs) != 1 or tuple(model.inputs[0].shape) != (None, 2):
        return None
    chain, seen = [], set()
    tensor = model.outputs[0]
    # Walk back along the model's own graph: a loaded Sequential's layers keep
    # nodes of earlier builds, so `layer.input` may not be this graph's tensor.
    while tensor is not model.inputs[0]:
        history = getattr(tensor, "_keras_history", None)
        if history is None:
            return None
        layer, node_index, _ = history
        inputs = layer._inbound_nodes[node_index].input_tensors
        if len(inputs) != 1 or id(layer) in seen:
            return None
        seen.add(id(layer))
        if isinstance(layer, keras.layers.Dense):
            chain.append((layer, tensor))
        elif type(layer).__name__ not in BETWEEN:
            return None
        tensor = inputs[0]
    return chain[::-1] or None


def _rounded(values: np.ndarray, decimals: int = DECIMALS) -> list:
    """Nested lists of numbers rounded to `decimals` places; NaN and infinity become None."""
    values = np.round(np.asarray(values, dtype="float64"), decimals) + 0.0  # -0.0 (rounded from -0.0004) becomes 0.0
    if np.isfinite(values).all():
        return values.tolist()
    return np.where(np.isfinite(values), values, None).tolist()


class Neurons(keras.callbacks.Callback):
    """Sends a `neurons` event after each epoch, for models `dense_chain` accepts."""

    def __init__(self, emit, x, stopped=lambda: False):
        super().__init__()
        self.emit = emit
        self.x = x
        self.stopped = stopped  # a run cut short reports no partial epoch
        self.probe = None

    def on_train_begin(self, logs=None):
        two_d = isinstance(self.x, np.ndarray) and self.x.ndim == 2 and self.x.shape[1] == 2 and len(self.x) > 0
        chain = dense_chain(self.model) if two_d else None
        if not chain or len(chain) > MAX_DENSE:
            return
        self.layers = [layer for layer, _ in chain]
        self.probe = keras.Model(self.model.inputs, [tensor for _, tensor in chain])  # built once
        self.axes = plane(self.x, GRID)
        self.grid = grid(self.axes)

    def on_epoch_end(self, epoch, logs=None):
        if self.probe is None or self.stopped():
            return
        # The compiled predict step, as the views' activation probe: traced once
        # (~20 ms), then ~0.5 ms an epoch against ~1.2 ms for an eager call of the layers.
        units = self.probe.predict_on_batch(self.grid)
        units = units if isinstance(units, list | tuple) else [units]
        layers = []
        for layer, out in zip(self.layers, units, strict=True):
            kernel = layer.kernel.numpy()  # half the time of keras.ops.convert_to_numpy
            bias = layer.bias.numpy() if layer.use_bias else np.zeros(layer.units)
            layers.append({
                "name": layer.name, "activation": keras.activations.serialize(layer.activation),
                "units": _rounded(np.asarray(out)[:, :MAX_UNITS].T.reshape(-1, GRID, GRID), MAP_DECIMALS),
                "weights": _rounded(kernel[:MAX_UNITS, :MAX_UNITS].T), "bias": _rounded(bias[:MAX_UNITS]),
            })  # fmt: skip
        self.emit({"type": "neurons", "epoch": epoch, "x": self.axes[0].tolist(), "y": self.axes[1].tolist(), "layers": layers})
