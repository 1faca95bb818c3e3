"""The fast lane's job: build a spec's model, describe it, and (when the spec
has data and compile settings) check that model, data and loss fit."""

from __future__ import annotations

from typing import Any

import keras
import numpy as np

from app.datasets import DATASETS, shape_fits
from app.datasets.targets import expected_output
from app.worker import adapt, data
from app.worker.build import (
    BuildError,
    build_model,
    compile_model,
    issue,
    keras_message,
    limits_for,
    shape_text,
)


def run(message: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    spec = message["spec"]
    try:
        # The cap is checked from shapes before Keras allocates any weight; the
        # count of the built model stays the check for a layer the estimate missed.
        model = build_model(spec["model"], limits_for(spec, config))
        result = describe(model)
        result["summary"] = "\n".join(filter(None, [result["summary"], adapt.summary_note(model, spec["model"])]))
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


def _output_shape(layer) -> list:
    """The layer's output shape; a list of them for several outputs; for a layer
    shared by several nodes, one (per the rule above) for each call."""

    def of(out) -> list:
        return [_shape(o.shape) for o in out] if isinstance(out, list | tuple) else _shape(out.shape)

    nodes = getattr(layer, "_inbound_nodes", [])
    if len(nodes) > 1:
        return [of(node.output_tensors if len(node.output_tensors) > 1 else node.output_tensors[0]) for node in nodes]
    return of(layer.output)


def describe(model: keras.Model) -> dict[str, Any]:
    layers = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        calls = len(getattr(layer, "_inbound_nodes", [])) or 1
        layers.append({"name": layer.name, "class_name": type(layer).__name__, "output_shape": _output_shape(layer), "params": int(layer.count_params()), "calls": calls})
    trainable, frozen = _count(model.trainable_weights), _count(model.non_trainable_weights)
    return {
        "layers": layers,
        "total_params": trainable + frozen,
        "trainable_params": trainable,
        "non_trainable_params": frozen,
        "summary": summary_text(model),
    }


def _outputs(model: keras.Model, spec: dict[str, Any], dataset, options) -> list[tuple[tuple, Any, Any, Any]]:
    """(where, output shape, Target, loss) for each model output."""
    m = spec["model"]
    _, outputs = dataset.signature(options)
    loss = spec["compile"]["loss"]
    if m.get("kind") == "functional":
        index = {node["name"]: i for i, node in enumerate(m["nodes"])}
        return [
            (("model", "nodes", index[name]), model.outputs[position].shape, outputs[name] if dataset.named_io else outputs["output"], data.loss_for(loss, name))
            for position, name in enumerate(m["outputs"])
        ]
    out = model.layers[-1].output.shape if model.layers else model.inputs[0].shape
    return [(("model", "layers", max(len(m["layers"]) - 1, 0)), out, outputs["output"], loss)]


def check_fit(model: keras.Model, spec: dict[str, Any]) -> None:
    """Model outputs, data set targets and losses agree, or BuildError says how not."""
    ds = spec["dataset"]
    dataset = DATASETS.get(ds["name"])
    options = dataset.with_defaults(ds.get("options", {}))
    issues = []
    for where, out, target, loss_ref in _outputs(model, spec, dataset, options):
        loss = data.loss_class(loss_ref)
        wanted = expected_output(target, loss)
        got = tuple(out[1:])
        if shape_fits(got, wanted):  # a None axis (a length left open) takes the data's size
            continue
        if target.task != "regression" and len(got) == 1:
            issues.append(issue(where, "output_units", loss=loss, n_classes=target.classes, dataset=dataset.label(), expected=wanted[0], received=int(got[0])))
        else:
            hint = "add Flatten before the last Dense" if target.task != "regression" and len(got) > 1 else "change the last layers so the output has the target's shape"
            detail = f"each sample's output must have shape {wanted}; {hint}"
            issues.append(issue(where, "incompatible", output_shape=shape_text(out), target_shape=shape_text((None, *wanted)), loss=loss, detail=detail))
    if issues:
        raise BuildError(issues)
    x, y, largest = data.check_data(spec)
    embedding = _embedding_range(spec["model"], largest)
    if embedding:
        raise BuildError([embedding])
    adapt.adapt(model, spec["model"], x)  # on these rows: a run adapts on its training rows (app/worker/adapt.py)
    try:
        compile_model(model, spec["compile"], run_eagerly=True)
        model.test_on_batch(x, y)
    except Exception as e:  # noqa: BLE001 - Keras says why; we say where
        raise BuildError([_metric_at_fault(model, spec["compile"], x, y) or issue(("compile",), "compile", detail=keras_message(e))]) from None


def _embedding_range(spec_model: dict[str, Any], largest):
    """An Embedding fed the data's ids directly, with an input_dim no larger than
    the largest id (Keras would fail on the first batch): put it at input_dim.
    `largest`: the largest value of each input (None when not a number), keyed as x."""
    if spec_model["kind"] == "sequential":
        fed = [(("model", "layers", 0), spec_model["layers"][0], largest)] if spec_model["layers"] else []
    else:
        names = [i["name"] for i in spec_model["inputs"]]
        fed = [(("model", "nodes", k), node, largest[node["inputs"][0]] if isinstance(largest, dict) else largest)
               for k, node in enumerate(spec_model["nodes"]) if node.get("inputs") and node["inputs"][0] in names]  # fmt: skip
    for loc, layer, top in fed:
        if layer.get("class_name") != "Embedding" or top is None:
            continue
        size = layer["config"].get("input_dim")
        if isinstance(size, int) and top >= size:
            return issue((*loc, "config", "input_dim"), "embedding_range", largest=top, input_dim=size, needed=top + 1)
    return None


def _metric_at_fault(model: keras.Model, compiled: dict[str, Any], x, y):
    """When the model evaluates without its metrics, the first metric that
    fails alone (e.g. TopKCategoricalAccuracy on the integer labels a sparse
    loss takes): the problem is put at that metric, not on the whole model."""
    metrics = compiled.get("metrics")
    if not isinstance(metrics, list) or not metrics:
        return None

    def fails(chosen: list) -> str | None:
        try:
            compile_model(model, compiled | {"metrics": chosen}, run_eagerly=True)
            model.test_on_batch(x, y)
        except Exception as e:  # noqa: BLE001 - what Keras says is the message
            return keras_message(e)
        return None

    if fails([]) is not None:
        return None
    for index, metric in enumerate(metrics):
        detail = fails([metric])
        if detail is not None:
            name = metric if isinstance(metric, str) else metric.get("class_name", "?")
            return issue(("compile", "metrics", index), "metric_targets", metric=name, loss=data.loss_class(compiled["loss"]), detail=detail)
    return None
