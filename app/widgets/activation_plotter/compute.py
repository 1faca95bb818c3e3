"""An activation and its derivative, by autodiff (worker only)."""

from __future__ import annotations

from typing import Any

import keras
import numpy as np
import tensorflow as tf

from app import keras_ext
from app.worker.widgets import finite_list, ok


def run(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """An activation (as the layer that has those arguments) and its derivative."""
    name = m["name"]
    if name == "relu":
        fn = keras.layers.ReLU(max_value=m["max_value"], negative_slope=m["negative_slope"], threshold=m["threshold"])
    elif name == "leaky_relu":
        fn = keras.layers.LeakyReLU(negative_slope=m["negative_slope"])
    elif name == "elu":
        fn = keras.layers.ELU(alpha=m["alpha"])
    elif name == "thresholded_relu":
        fn = keras_ext.ThresholdedReLU(theta=m["theta"])
    else:
        fn = keras.activations.get(name)
    x = tf.Variable(np.linspace(m["x_min"], m["x_max"], m["points"], dtype="float32"))
    with tf.GradientTape() as tape:
        y = fn(x)
        total = keras.ops.sum(y)  # elementwise: d(sum)/dx_i = f'(x_i)
    dy = tape.gradient(total, x)
    return ok({"x": finite_list(x), "y": finite_list(y), "dy": finite_list(dy)})
