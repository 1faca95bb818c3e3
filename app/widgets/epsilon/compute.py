"""What keras.config.epsilon() guards (worker only)."""

from __future__ import annotations

import math
from typing import Any

import keras
import numpy as np

from app.worker.widgets import finite, ok


def run(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """What keras.config.epsilon() guards: a log of 0 and a division by (almost) 0."""
    previous = keras.config.epsilon()
    keras.config.set_epsilon(m["epsilon"])
    try:
        eps = keras.config.epsilon()
        bce = keras.losses.BinaryCrossentropy()
        clipped = float(bce(np.array([[1.0]]), np.array([[0.0]])))
        xs = [0.0, 1e-9, 1e-6, 1e-3, 0.1]
        rows = [{"x": x, "naive": finite(np.float32(1.0) / np.float32(x)) if x else None, "guarded": finite(1.0 / (x + eps))} for x in xs]
    finally:
        keras.config.set_epsilon(previous)
    return ok({"epsilon": eps, "bce_of_1_and_0": clipped, "minus_log_epsilon": -math.log(eps), "divisions": rows})
