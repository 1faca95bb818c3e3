"""The fast lane's job: build a spec's model, describe it, and (when the spec
has data and compile settings) check that model, data and loss fit."""

from __future__ import annotations

from typing import Any

import keras
import numpy as np

from app.datasets import DATASETS
from app.worker import data
from app.worker.build import (
    BuildError,
    build_model,
    compile_model,
    issue,
    keras_message,
    shape_text,
)


def run(message: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    spec = message["spec"]
    try:
        model = build_model(spec["model"])
        result = describe(model)
        if result["total_params"] > config["max_params"]:
            raise BuildError([issue(("model", "layers"), "too_many_params", max=f"{config['max_params']:,}", count=f"{result['total_params']:,}")])
    except BuildError as e:
        return {"ok": False, "issues": e.issues}
    # A model that builds but does not fit its data or loss still gets its
    # summary; the problems travel beside it (a run refuses them).
    result["problems"] = []
    if message.get("check") and spec.get("dataset") and spec.get("compile"):
        try:
            check_fit(model, spec)
        except BuildError as e:
            result["problems"] = e.issues
    return {"ok": True, "result": result}


def _shape(shape) -> list:
    return [None if d is None else int(d) for d in shape]


def _count(weights) -> int:
    return int(sum(np.prod(w.shape) for w in weights))


def summary_text(model: keras.Model) -> str:
    lines: list[str] = []
    model.summary(print_fn=lambda line, *args, **kwargs: lines.append(line))
    return "\n".join(lines).rstrip()


def describe(model: keras.Model) -> dict[str, Any]:
    layers = []
    for layer in model.layers:
        out = layer.output
        shape = [_shape(o.shape) for o in out] if isinstance(out, list | tuple) else _shape(out.shape)
        layers.append({"name": layer.name, "class_name": type(layer).__name__, "output_shape": shape, "params": int(layer.count_params())})
    trainable, frozen = _count(model.trainable_weights), _count(model.non_trainable_weights)
    return {
        "layers": layers,
        "total_params": trainable + frozen,
        "trainable_params": trainable,
        "non_trainable_params": frozen,
        "summary": summary_text(model),
    }


def check_fit(model: keras.Model, spec: dict[str, Any]) -> None:
    """Model output, data set targets and loss agree, or BuildError says how not."""
    ds = spec["dataset"]
    dataset = DATASETS.get(ds["name"])
    options = dataset.with_defaults(ds.get("options", {}))
    loss = data.loss_class(spec["compile"]["loss"])
    n_classes = dataset.n_classes(options)
    out = model.layers[-1].output.shape if model.layers else model.inputs[0].shape
    last = ("model", "layers", max(len(spec["model"]["layers"]) - 1, 0))
    units = data.expected_units(dataset.task, n_classes, loss)
    if len(out) != 2:
        detail = f"a classifier's last layer must give one vector per sample, shape (None, {units}); add Flatten before the last Dense"
        raise BuildError([issue(last, "incompatible", output_shape=shape_text(out), target_shape=f"(None, {units})", loss=loss, detail=detail)])
    if out[-1] != units:
        raise BuildError([issue(last, "output_units", loss=loss, n_classes=n_classes, dataset=ds["name"], expected=units, received=int(out[-1]))])
    x, y = data.training_data(spec)
    try:
        compile_model(model, spec["compile"], run_eagerly=True)
        model.test_on_batch(x[:8], y[:8])
    except Exception as e:  # noqa: BLE001 - Keras says why; we say where
        raise BuildError([issue(("compile",), "compile", detail=keras_message(e))]) from None
