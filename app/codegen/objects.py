"""Catalog objects as Python expressions: `layers.Dense(64, activation="relu")`."""

from __future__ import annotations

from typing import Any

from app.catalog import REGISTRIES
from app.catalog.nested import Nested, RateOrSchedule
from app.catalog.params import Ints, Permutation, Shape
from app.codegen.sources import lambda_function_names

PREFIX = {
    "layers": "layers.",
    "cells": "layers.",
    "optimizers": "keras.optimizers.",
    "losses": "keras.losses.",
    "metrics": "keras.metrics.",
    "callbacks": "keras.callbacks.",
    "schedules": "keras.optimizers.schedules.",
}


def literal(value: Any) -> str:
    """A Python literal; lists of sizes become tuples, as Keras documents them."""
    if isinstance(value, list):
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str):
        return string(value)
    return repr(value)


def string(value: str) -> str:
    """A Python string literal that evaluates to exactly `value`, whatever it
    holds (quotes, backslashes, newlines, NUL, lone surrogates): `repr`, with
    the double quotes a learner reads in Keras's docs when no quote needs them."""
    text = repr(value)
    # repr picks single quotes unless the text holds one and no double quote:
    # here it holds neither, so only the delimiters change.
    if text.startswith("'") and '"' not in value:
        return '"' + text[1:-1] + '"'
    return text


def _argument(param, value: Any, used: set[str]) -> str:
    if value is None:
        return "None"
    if isinstance(param, Nested):
        if param.many:
            return "[" + ", ".join(expression(param.registry, v, used) for v in value) + "]"
        return expression(param.registry, value, used)
    if isinstance(param, RateOrSchedule) and isinstance(value, dict):
        return expression("schedules", value, used)
    if isinstance(param, Ints | Shape | Permutation):
        return literal(value)
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return literal(value)


def expression(kind: str, ref: Any, used: set[str], extra: dict[str, str] | None = None) -> str:
    """Python source for a checked ref; `used` collects the app classes it needs."""
    if isinstance(ref, str):
        return literal(ref)
    entry = REGISTRIES[kind].get(ref["class_name"])
    config = entry.keras_config(ref["config"])  # the app's own settings (adapt) are code of their own
    if kind == "epoch_schedules":
        used.add("epoch_schedules")
        return f"{entry.class_name}({', '.join(f'{k}={literal(v)}' for k, v in config.items())})"
    args: list[str] = []
    if kind == "layers" and entry.class_name == "Lambda":
        used.add("Lambda")
        args.append(lambda_function_names()[config.pop("function")])
        arguments = config.pop("arguments", None)
        if arguments:
            args.append(f"arguments={{{', '.join(f'{literal(k)}: {literal(v)}' for k, v in arguments.items())}}}")
    required = [p for p in entry.params if p.required and p.name in config]
    for param in required:  # Keras's positional arguments first, as its docs write them
        args.append(_argument(param, config.pop(param.name), used))
    for name, value in config.items():
        args.append(f"{name}={_argument(entry.param(name), value, used)}")
    for name, value in (extra or {}).items():
        args.append(f"{name}={value}")
    if entry.source == "app":
        used.add(entry.class_name)
        return f"{entry.class_name}({', '.join(args)})"
    return f"{PREFIX[kind]}{entry.class_name}({', '.join(args)})"
