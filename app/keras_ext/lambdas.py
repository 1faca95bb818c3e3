"""The fixed set of named expressions a playground `Lambda` layer may use.

Users pick a name from `LAMBDA_FUNCTIONS` (they never type code); `LAMBDA_ARGUMENTS`
names the keyword arguments each one takes (passed as `Lambda(..., arguments=...)`).
Each function is a registered Keras object, so a model that uses it is saved by name
and loads back with `keras.saving.load_model` under the default `safe_mode=True`:
only Python lambdas (saved as bytecode) are refused there.
"""

from __future__ import annotations

from collections.abc import Callable

import keras
from keras import ops


def _register(name: str):
    return keras.saving.register_keras_serializable(package="keras_playground", name=name)


@_register("square")
def square(x):
    """x ** 2."""
    return ops.square(x)


@_register("abs")
def absolute(x):
    """|x|."""
    return ops.absolute(x)


@_register("negate")
def negate(x):
    """-x."""
    return ops.negative(x)


@_register("scale")
def scale(x, *, factor):
    """x * factor."""
    return x * factor


@_register("shift")
def shift(x, *, offset):
    """x + offset."""
    return x + offset


@_register("clip")
def clip(x, *, min_value, max_value):
    """x clipped to [min_value, max_value]."""
    return ops.clip(x, min_value, max_value)


@_register("l2_normalize")
def l2_normalize(x):
    """x / sqrt(max(sum(x ** 2), 1e-12)) along the last axis, like Keras 2's `K.l2_normalize`."""
    squared = ops.sum(ops.square(x), axis=-1, keepdims=True)
    return x * ops.rsqrt(ops.maximum(squared, 1e-12))


@_register("mean_over_axis1")
def mean_over_axis1(x):
    """Mean over axis 1 (e.g. over time steps)."""
    return ops.mean(x, axis=1)


@_register("sum_over_axis1")
def sum_over_axis1(x):
    """Sum over axis 1 (e.g. over time steps)."""
    return ops.sum(x, axis=1)


LAMBDA_FUNCTIONS: dict[str, Callable] = {
    "square": square,
    "abs": absolute,
    "negate": negate,
    "scale": scale,
    "shift": shift,
    "clip": clip,
    "l2_normalize": l2_normalize,
    "mean_over_axis1": mean_over_axis1,
    "sum_over_axis1": sum_over_axis1,
}

LAMBDA_ARGUMENTS: dict[str, tuple[str, ...]] = {
    "square": (),
    "abs": (),
    "negate": (),
    "scale": ("factor",),
    "shift": ("offset",),
    "clip": ("min_value", "max_value"),
    "l2_normalize": (),
    "mean_over_axis1": (),
    "sum_over_axis1": (),
}
