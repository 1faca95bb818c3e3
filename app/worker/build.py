"""Spec → Keras objects. Only classes in the catalog can be built: a class
name is looked up in its registry before Keras is asked for it."""

from __future__ import annotations

import re
from typing import Any

import keras

from app.catalog import CALLBACKS, LAYERS, LOSSES, METRICS, OPTIMIZERS, Registry


class BuildError(Exception):
    """Keras refused the model; `issues` locate why ({"loc", "code", "ctx"})."""

    def __init__(self, issues: list[dict[str, Any]]):
        super().__init__("; ".join(str(i["ctx"]) for i in issues))
        self.issues = issues


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


def _class(module, registry: Registry, name: str):
    if registry.get(name) is None:  # validated already; never build outside the catalog
        raise KeyError(f"{name} is not in the {registry.kind} catalog")
    return getattr(module, name)


def make(module, registry: Registry, ref: Any):
    """An alias string is passed to Keras as is; an object is constructed."""
    if isinstance(ref, str):
        return ref
    return _class(module, registry, ref["class_name"])(**ref["config"])


def make_layer(index: int, ref: dict[str, Any]) -> keras.layers.Layer:
    try:
        return make(keras.layers, LAYERS, ref)
    except (TypeError, ValueError) as e:
        raise BuildError([issue(("model", "layers", index), "build", cls=ref["class_name"], input_shape="?", detail=keras_message(e))]) from None


def build_model(model: dict[str, Any]) -> keras.Model:
    """The Sequential model of a spec, or BuildError at the failing layer."""
    shape, dtype = tuple(model["input"]["shape"]), model["input"].get("dtype", "float32")
    layers = [make_layer(i, ref) for i, ref in enumerate(model["layers"])]
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


def compile_model(model: keras.Model, spec: dict[str, Any], **extra: Any) -> None:
    model.compile(
        optimizer=make(keras.optimizers, OPTIMIZERS, spec["optimizer"]),
        loss=make(keras.losses, LOSSES, spec["loss"]),
        metrics=[make(keras.metrics, METRICS, m) for m in spec.get("metrics", [])],
        **extra,
    )


def make_callbacks(specs: list[dict[str, Any]]) -> list[keras.callbacks.Callback]:
    return [make(keras.callbacks, CALLBACKS, c) for c in specs]
