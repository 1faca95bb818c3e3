"""Spec → Keras models: Sequential and functional, with every failure located
at the layer (or node) that caused it."""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import keras

from app.catalog import CALLBACKS, LOSSES, METRICS, OPTIMIZERS, REGISTRIES, Registry
from app.i18n.messages import render
from app.spec.limits import BATCH_SIZE
from app.worker import params
from app.worker.construct import construct


class BuildError(Exception):
    """Keras refused the model; `issues` locate why ({"loc", "code", "ctx"})."""

    def __init__(self, issues: list[dict[str, Any]]):
        super().__init__("; ".join(str(i["ctx"]) for i in issues))
        self.issues = issues

    def summary(self) -> str:
        """Keras's words for each problem, with the class it named, or the app's own message
        for one the app found (a limit): what a learner is shown."""

        def one(found: dict[str, Any]) -> str:
            ctx = found["ctx"]
            if "detail" not in ctx:
                return render(found["code"], ctx, "en")
            return f"{ctx['cls']}: {ctx['detail']}" if "cls" in ctx else str(ctx["detail"])

        return "; ".join(one(i) for i in self.issues)


def issue(loc: tuple, code: str, **ctx: Any) -> dict[str, Any]:
    return {"loc": list(loc), "code": code, "ctx": ctx}


def keras_message(error: Exception, limit: int = 400) -> str:
    """Keras's own words, without the argument dump it appends."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(error)).split("Arguments received by")[0]
    text = re.sub(r"Exception encountered when calling [\w.]+\(\)\.", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shape_text(shape) -> str:
    return str(tuple(shape))


def make(module, registry: Registry, ref: Any, context: dict[str, Any] | None = None):
    """The Keras object for a checked ref of `registry` (alias strings pass through)."""
    kind = next(k for k, r in REGISTRIES.items() if r is registry)
    return construct(kind, ref, context)


def make_layer(index: int, ref: dict[str, Any], where: str = "layers") -> keras.layers.Layer:
    try:
        return construct("layers", ref)
    except (TypeError, ValueError) as e:
        raise BuildError([issue(("model", where, index), "build", cls=ref["class_name"], input_shape="?", detail=keras_message(e))]) from None


@dataclass(frozen=True)
class Limits:
    """What a worker lets a model cost, checked from shapes before Keras builds it."""

    max_params: int
    batch_size: int
    batch_at: tuple = ("model",)  # where a batch too large for the model's activations is reported
    max_activation_bytes: int = params.MAX_ACTIVATION_BYTES
    sizes: params.Sizes | None = None  # the data's sample shapes: what an input axis left open (None) holds


def limits_for(spec: dict[str, Any], config: dict[str, Any]) -> Limits:
    """The worker's limits for `spec`: its fit's batch size, or Keras's default one without a fit."""
    fit = spec.get("fit")
    return Limits(
        max_params=config["max_params"],
        batch_size=fit["batch_size"] if fit else BATCH_SIZE.default,
        batch_at=("fit", "batch_size") if fit else ("model",),
        max_activation_bytes=config.get("max_activation_bytes", params.MAX_ACTIVATION_BYTES),
        sizes=params.data_sizes(spec),
    )


def check_limits(found: params.Estimate, limits: Limits) -> None:
    """BuildError when the estimate is over the limits: the model is not built."""
    issues = []
    if found.params > limits.max_params:
        issues.append(issue(("model", "layers"), "too_many_params", max=f"{limits.max_params:,}", count=f"{found.params:,}"))
    size = limits.batch_size * found.largest * params.BYTES_PER_VALUE
    if size > limits.max_activation_bytes:
        issues.append(issue(limits.batch_at, "too_large_activation", max=params.size_text(limits.max_activation_bytes), batch_size=limits.batch_size,
                            values=f"{found.largest:,}", size=params.size_text(size), at=found.largest_at.to_json()))  # fmt: skip
    if issues:
        raise BuildError(issues)


def build_model(model: dict[str, Any], limits: Limits | None = None) -> keras.Model:
    """The model of a spec, or BuildError at the failing layer or node (or, with
    `limits`, over them: then before any weight is allocated)."""
    with dtype_policy(model.get("dtype_policy") or "float32"):
        built = build_functional(model, limits) if model.get("kind") == "functional" else build_sequential(model, limits)
        return construct("models", model["subclass"], {"graph": built}) if model.get("subclass") else built


@contextmanager
def dtype_policy(name: str):
    """Layers made inside are built under this dtype policy; the process's own
    (float32) is back afterwards, for the next job of this worker."""
    before = keras.config.dtype_policy()
    keras.config.set_dtype_policy(name)
    try:
        yield
    finally:
        keras.config.set_dtype_policy(before)


def build_sequential(model: dict[str, Any], limits: Limits | None = None) -> keras.Model:
    shape, dtype = tuple(model["input"]["shape"]), model["input"].get("dtype", "float32")
    layers = [make_layer(i, ref) for i, ref in enumerate(model["layers"])]
    if limits:
        check_limits(params.sequential(model, layers, limits.sizes), limits)
    try:
        return keras.Sequential([keras.Input(shape=shape, dtype=dtype), *layers])
    except Exception as e:  # noqa: BLE001 - any Keras error becomes a located issue
        _locate(model, e)
        raise BuildError([issue(("model", "layers"), "invalid", detail=keras_message(e))]) from None


def _locate(model: dict[str, Any], first_error: Exception) -> None:
    """Apply fresh copies of the layers one by one to find the one that fails."""
    x = keras.Input(shape=tuple(model["input"]["shape"]), dtype=model["input"].get("dtype", "float32"))
    for i, ref in enumerate(model["layers"]):
        try:
            x = make_layer(i, ref)(x)
        except BuildError:
            raise
        except Exception as e:  # noqa: BLE001
            raise BuildError(
                [issue(("model", "layers", i), "build", cls=ref["class_name"], input_shape=shape_text(x.shape), detail=keras_message(e))]
            ) from None


def call(layer: keras.layers.Layer, args: list) -> Any:
    """A node's layer on its tensors, passed the way its catalog entry says:
    one tensor, one list (merge layers), or query, value, key (attention)."""
    entry = REGISTRIES["layers"].get(type(layer).__name__)
    arguments, as_list = entry.call_with(args) if entry is not None else (args, len(args) > 1)
    return layer(arguments) if as_list else layer(*arguments)


def build_functional(model: dict[str, Any], limits: Limits | None = None) -> keras.Model:
    """Inputs, then each node calls a new layer (or an earlier node's layer) on
    the tensors it names; the model ends at the named outputs."""
    layers = {
        node["name"]: make_layer(index, {"class_name": node["class_name"], "config": {**node["config"], "name": node["name"]}}, "nodes")
        for index, node in enumerate(model["nodes"]) if not node.get("reuse")
    }  # fmt: skip
    if limits:
        check_limits(params.functional(model, layers, limits.sizes), limits)
    tensors = {i["name"]: keras.Input(shape=tuple(i["shape"]), dtype=i.get("dtype", "float32"), name=i["name"]) for i in model["inputs"]}
    for index, node in enumerate(model["nodes"]):
        layer = layers[node.get("reuse") or node["name"]]
        args = [tensors[name] for name in node["inputs"]]
        try:
            tensors[node["name"]] = call(layer, args)
        except Exception as e:  # noqa: BLE001 - any Keras error becomes a located issue
            shapes = ", ".join(shape_text(a.shape) if hasattr(a, "shape") else "?" for a in args)
            raise BuildError([issue(("model", "nodes", index), "build", cls=type(layer).__name__, input_shape=shapes, detail=keras_message(e))]) from None
    outputs = [tensors[name] for name in model["outputs"]]
    try:
        return keras.Model(
            inputs=[tensors[i["name"]] for i in model["inputs"]] if len(model["inputs"]) > 1 else tensors[model["inputs"][0]["name"]],
            outputs=outputs if len(outputs) > 1 else outputs[0],
            name="functional",
        )
    except Exception as e:  # noqa: BLE001
        raise BuildError([issue(("model", "outputs"), "invalid", detail=keras_message(e))]) from None


def _each(kind_module, registry: Registry, value: Any) -> Any:
    """A ref, a list of refs, or {output name: ref or list}, built."""
    if isinstance(value, dict) and "class_name" not in value:
        return {name: _each(kind_module, registry, v) for name, v in value.items()}
    if isinstance(value, list):
        return [make(kind_module, registry, v) for v in value]
    return make(kind_module, registry, value)


def compile_model(model: keras.Model, spec: dict[str, Any], **extra: Any) -> None:
    metrics = spec.get("metrics") or []
    if isinstance(metrics, list) and metrics and len(model.outputs) > 1:
        metrics = {name: metrics for name in model.output_names}  # a list means: for every output
    model.compile(
        optimizer=make(keras.optimizers, OPTIMIZERS, spec["optimizer"]),
        loss=_each(keras.losses, LOSSES, spec["loss"]),
        loss_weights=spec.get("loss_weights"),
        metrics=_each(keras.metrics, METRICS, metrics),
        **extra,
    )


def make_callbacks(specs: list[dict[str, Any]], run_dir: str | None = None) -> list[keras.callbacks.Callback]:
    return [make(keras.callbacks, CALLBACKS, c, {"run_dir": run_dir}) for c in specs]
