"""Catalog objects → Keras objects. Only classes in the catalog are ever built:
a class name is looked up in its registry before Keras is asked for it, and
nested objects (a wrapper's layer, an RNN's cells, a learning-rate schedule)
are built the same way, recursively."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keras

from app import keras_ext
from app.catalog import REGISTRIES
from app.catalog.nested import Nested, RateOrSchedule
from app.catalog.params import Ints, Permutation, Shape
from app.keras_ext.lambdas import LAMBDA_FUNCTIONS
from app.keras_ext.schedules import EPOCH_SCHEDULES

MODULES = {
    "layers": keras.layers,
    "cells": keras.layers,
    "optimizers": keras.optimizers,
    "losses": keras.losses,
    "metrics": keras.metrics,
    "callbacks": keras.callbacks,
    "schedules": keras.optimizers.schedules,
}


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _argument(param, value: Any, context: dict[str, Any]) -> Any:
    if value is None:
        return None
    if isinstance(param, Nested):
        return [construct(param.registry, v, context) for v in value] if param.many else construct(param.registry, value, context)
    if isinstance(param, RateOrSchedule) and isinstance(value, dict):
        return construct("schedules", value, context)
    if isinstance(param, Ints | Shape | Permutation):
        return _tuples(value)
    return value


def construct(kind: str, ref: Any, context: dict[str, Any] | None = None) -> Any:
    """The Keras object for a checked ref of registry `kind`; alias strings pass
    through (Keras resolves them). `context` carries what the app fixes, such as
    the run's folder for a checkpoint."""
    if isinstance(ref, str):
        return ref
    context = context or {}
    entry = REGISTRIES[kind].get(ref["class_name"])
    if entry is None:  # validated already; never build outside the catalog
        raise KeyError(f"{ref['class_name']} is not in the {kind} catalog")
    config = {name: _argument(entry.param(name), value, context) for name, value in entry.keras_config(ref["config"]).items()}
    special = SPECIAL.get((kind, entry.class_name)) or SPECIAL.get((kind, "*"))
    if special:
        return special(entry.class_name, config, context)
    cls = getattr(keras_ext, entry.class_name) if entry.source == "app" else getattr(MODULES[kind], entry.class_name)
    return cls(**config)


def _lambda(name: str, config: dict[str, Any], context: dict[str, Any]) -> keras.layers.Layer:
    function = LAMBDA_FUNCTIONS[config.pop("function")]
    return keras.layers.Lambda(function, arguments=config.pop("arguments", None) or None, **config)


def _epoch_schedule(name: str, config: dict[str, Any], context: dict[str, Any]):
    return EPOCH_SCHEDULES[name](**config)


def _run_folder(context: dict[str, Any]) -> Path:
    folder = Path(context["run_dir"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _checkpoint(name: str, config: dict[str, Any], context: dict[str, Any]) -> keras.callbacks.Callback:
    file = "checkpoint.weights.h5" if config.get("save_weights_only") else "checkpoint.keras"
    return keras.callbacks.ModelCheckpoint(filepath=str(_run_folder(context) / file), **config)


def _csv_logger(name: str, config: dict[str, Any], context: dict[str, Any]) -> keras.callbacks.Callback:
    separator = config.pop("separator", ",").replace("\\t", "\t")
    return keras.callbacks.CSVLogger(str(_run_folder(context) / "history.csv"), separator=separator)


def _subclass(name: str, config: dict[str, Any], context: dict[str, Any]) -> keras.Model:
    """The built graph (context["graph"]) as one of the app's keras.Model subclasses."""
    graph = context["graph"]
    inputs, outputs = graph.inputs, graph.outputs
    return getattr(keras_ext, name)(
        inputs=inputs if len(inputs) > 1 else inputs[0], outputs=outputs if len(outputs) > 1 else outputs[0], name=graph.name, **config
    )


SPECIAL = {
    ("layers", "Lambda"): _lambda,
    ("epoch_schedules", "*"): _epoch_schedule,
    ("callbacks", "ModelCheckpoint"): _checkpoint,
    ("callbacks", "CSVLogger"): _csv_logger,
    ("models", "*"): _subclass,
}
