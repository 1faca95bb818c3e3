"""Value, gradient and Hessian of a surface at a point, by autodiff (worker only)."""

from __future__ import annotations

from typing import Any

import keras
import numpy as np
import tensorflow as tf

from app.worker.widgets import finite, finite_list, ok

SURFACES = {
    "bowl": (lambda x, y: x * x / 2 + 2 * y * y, (-3, 3)),
    "quadratic": (lambda x, y: (x * x + y * y) / 2, (-3, 3)),
    "saddle": (lambda x, y: x * x - y * y, (-3, 3)),
    "rosenbrock": (lambda x, y: (1 - x) ** 2 + 100 * (y - x * x) ** 2, (-2, 2)),
    "beale": (lambda x, y: (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2, (-4.5, 4.5)),
    "ripples": (lambda x, y: keras.ops.sin(x) * keras.ops.cos(y) + (x * x + y * y) / 10, (-4, 4)),
}


def run(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """Value, gradient and Hessian at a point (autodiff), and the surface around it."""
    fn, (lo, hi) = SURFACES[m["function"]]
    p = tf.Variable(np.asarray(m["point"], dtype="float32"))
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            value = fn(p[0], p[1])
        grad = inner.gradient(value, p)
    hessian = outer.jacobian(grad, p)
    axis = np.linspace(lo, hi, m["grid"], dtype="float32")
    xs, ys = np.meshgrid(axis, axis)
    zs = keras.ops.convert_to_numpy(fn(tf.constant(xs), tf.constant(ys)))
    return ok({"value": finite(value), "gradient": finite_list(grad), "hessian": finite_list(hessian), "x": finite_list(axis), "y": finite_list(axis), "z": finite_list(zs)})
