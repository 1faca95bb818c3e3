"""The fast lane's calculators: a loss, a metric or an optimizer of the
catalog, applied by real Keras to the learner's small arrays.

The requests were validated in the web process (app.explore.models): every
Keras identifier is a catalog object {"class_name", "config"} and every array
a bounded rectangular list of finite numbers.
"""

from __future__ import annotations

import math
import re
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from app.catalog import LOSSES, METRICS, OPTIMIZERS
from app.worker.build import issue, keras_message, make, shape_text


def _failed(*issues: dict[str, Any]) -> dict[str, Any]:
    return {"ok": False, "issues": list(issues)}


def _array(value: list) -> np.ndarray:
    return np.asarray(value, dtype="float32")


def _number(x: Any) -> float | None:
    """A JSON number; NaN and infinities (a loss of log(negative)) become null."""
    x = float(x)
    return x if math.isfinite(x) else None


def _numbers(value: Any) -> Any:
    array = np.asarray(value, dtype="float64")
    if array.ndim == 0:
        return _number(array)
    return [_numbers(v) for v in array]


def _message(error: Exception) -> str:
    """Keras's (or TensorFlow's) words, without the op and device names."""
    text = re.sub(r"\{\{function_node [^}]*\}\}", "", str(error))
    text = re.sub(r"\[Op:\w+\].*$", "", text, flags=re.S)
    return keras_message(Exception(text))


def _create(module, registry, ref: dict[str, Any], loc: tuple, **extra: Any):
    """The Keras object of a validated ref, or the issue saying why Keras refused it."""
    try:
        return make(module, registry, {"class_name": ref["class_name"], "config": {**ref["config"], **extra}}), None
    except (TypeError, ValueError) as e:
        where = (*loc, "config") if ref["config"] else loc
        return None, issue(where, "explore_build", cls=ref["class_name"], detail=_message(e))


def _shape_issue(loc: tuple, cls: str, y_true: np.ndarray, y_pred: np.ndarray, error: Exception) -> dict[str, Any]:
    detail = _message(error)
    shapes = {"cls": cls, "y_true": shape_text(y_true.shape), "y_pred": shape_text(y_pred.shape), "detail": detail}
    if "label value" in detail:  # sparse targets outside the classes of y_pred
        return issue((*loc, "y_true"), "explore_labels", **shapes)
    return issue((*loc, "y_pred"), "explore_shapes", **shapes)


def loss(message: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """The loss object's value (its default reduction) and the per-sample losses."""
    ref = message["loss"]
    cls = ref["class_name"]
    reduced, problem = _create(keras.losses, LOSSES, ref, ("loss",))
    if problem:
        return _failed(problem)
    unreduced, problem = _create(keras.losses, LOSSES, ref, ("loss",), reduction=None)
    if problem:
        return _failed(problem)
    y_true, y_pred = _array(message["y_true"]), _array(message["y_pred"])
    try:
        value = reduced(y_true, y_pred)
        per_sample = keras.ops.convert_to_numpy(unreduced(y_true, y_pred)).astype("float64")
    except Exception as e:  # noqa: BLE001 - Keras says why; we say where
        return _failed(_shape_issue((), cls, y_true, y_pred, e))
    if per_sample.ndim == 0:  # Keras read the arrays as one sample
        per_sample = per_sample.reshape(1)
    elif per_sample.ndim > 1:  # one value per sample: the mean over its other axes
        per_sample = per_sample.reshape(per_sample.shape[0], -1).mean(axis=1)
    return {"ok": True, "result": {"value": _number(keras.ops.convert_to_numpy(value)), "per_sample": _numbers(per_sample)}}


def metric(message: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """One metric object; its result() after each update_state()."""
    ref = message["metric"]
    cls = ref["class_name"]
    obj, problem = _create(keras.metrics, METRICS, ref, ("metric",))
    if problem:
        return _failed(problem)
    results = []
    for i, update in enumerate(message["updates"]):
        y_true, y_pred = _array(update["y_true"]), _array(update["y_pred"])
        weights = _array(update["sample_weight"]) if "sample_weight" in update else None
        try:
            obj.update_state(y_true, y_pred, sample_weight=weights)
            results.append(_numbers(keras.ops.convert_to_numpy(obj.result())))
        except Exception as e:  # noqa: BLE001 - Keras says why; we say where
            if weights is not None and _fits_without_weights(ref, y_true, y_pred):
                detail = _message(e)
                shapes = {"weights": shape_text(weights.shape), "y_true": shape_text(y_true.shape), "y_pred": shape_text(y_pred.shape)}
                return _failed(issue(("updates", i, "sample_weight"), "explore_weights", cls=cls, detail=detail, **shapes))
            return _failed(_shape_issue(("updates", i), cls, y_true, y_pred, e))
    return {"ok": True, "result": {"results": results}}


def _fits_without_weights(ref: dict[str, Any], y_true: np.ndarray, y_pred: np.ndarray) -> bool:
    """Whether a fresh copy of the metric accepts the update without its weights."""
    fresh, _ = _create(keras.metrics, METRICS, ref, ("metric",))
    try:
        fresh.update_state(y_true, y_pred)
        fresh.result()
    except Exception:  # noqa: BLE001
        return False
    return True


def _quadratic(v):
    return keras.ops.sum(v * v) / 2


def _rosenbrock(v):
    x, y = v[0], v[1]
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def _beale(v):
    x, y = v[0], v[1]
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


def _saddle(v):
    x, y = v[0], v[1]
    return x * x - y * y


# y = a·x + b through (0, 1), (1, 2), (2, 3), with loss ½·Σ(a·x + b − y)²: the
# gradient-descent lesson's example, worked by hand there (from a = b = 2).
LINE_X = np.array([0.0, 1.0, 2.0], dtype="float32")
LINE_Y = np.array([1.0, 2.0, 3.0], dtype="float32")


def _line_fit(v):
    a, b = v[0], v[1]
    return keras.ops.sum((a * LINE_X + b - LINE_Y) ** 2) / 2


def _line_fit_mse(v):
    """The same fit with compile(loss="mse"): the mean of the squares, no ½."""
    a, b = v[0], v[1]
    return keras.ops.mean((a * LINE_X + b - LINE_Y) ** 2)


FUNCTIONS = {"quadratic": _quadratic, "rosenbrock": _rosenbrock, "beale": _beale, "saddle": _saddle, "line_fit": _line_fit, "line_fit_mse": _line_fit_mse}


def optimizer(message: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """The path of a real Keras optimizer down a test function: one
    apply_gradients() per step, with the gradient from autodiff."""
    ref = message["optimizer"]
    opt, problem = _create(keras.optimizers, OPTIMIZERS, ref, ("optimizer",))
    if problem:
        return _failed(problem)
    fn = FUNCTIONS[message["function"]]
    point = keras.Variable(np.asarray(message["start"], dtype="float32"), name="point")
    try:
        opt.build([point])
    except (TypeError, ValueError) as e:
        return _failed(issue(("optimizer",), "explore_build", cls=ref["class_name"], detail=_message(e)))

    @tf.function
    def step():  # traced once: 1000 steps take a fraction of a second
        with tf.GradientTape() as tape:
            value = fn(point)
        opt.apply_gradients([(tape.gradient(value, point.value), point)])
        return value

    trajectory, losses = [_numbers(point.numpy())], []
    try:
        for _ in range(message["steps"]):
            losses.append(_number(step()))
            trajectory.append(_numbers(point.numpy()))
        losses.append(_number(fn(point)))
    except Exception as e:  # noqa: BLE001 - Keras says why; we say where
        return _failed(issue(("optimizer",), "explore_build", cls=ref["class_name"], detail=_message(e)))
    return {"ok": True, "result": {"trajectory": trajectory, "losses": losses}}
