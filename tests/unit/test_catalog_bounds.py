"""Every parameter of every catalog entry refuses a value out of its bounds
with a located, teaching message: exactly what `POST /api/runs` answers in
its 422 (SpecError.detail is the response body's `detail`)."""

from __future__ import annotations

import copy

import pytest

from app.catalog import REGISTRIES
from app.catalog.nested import Kwargs, Nested, RateOrSchedule
from app.catalog.params import (
    Bool,
    Choice,
    Float,
    Int,
    Ints,
    Numbers,
    Permutation,
    Shape,
    Text,
    Words,
)
from app.spec.errors import SpecError
from app.spec.validate import validate_spec
from tests.helpers import PRESET


def bad_value(param):
    """A value just outside what the parameter allows."""
    if isinstance(param, RateOrSchedule):
        return param.hi * 10
    if isinstance(param, Int | Float):
        return param.hi + 1 if param.hi < 1e9 else -param.hi * 10
    if isinstance(param, Bool):
        return "yes"
    if isinstance(param, Choice):
        return "no_such_choice"
    if isinstance(param, Ints):
        return param.hi + 1
    if isinstance(param, Numbers):
        return [param.hi * 2 + 1]
    if isinstance(param, Shape):
        return [0]
    if isinstance(param, Permutation):
        return [1, 1]
    if isinstance(param, Text):
        return "9 not a name!" * 10  # longer than any Text allows (a token may be any short text)
    if isinstance(param, Nested):
        return {"class_name": "NoSuchClass", "config": {}}
    if isinstance(param, Kwargs):
        return {"factor": 1e12}
    if isinstance(param, Words):
        return ["same", "same"]
    raise AssertionError(f"no bad value for {type(param).__name__}")


def suggested(entry) -> dict:
    return {p.name: copy.deepcopy(p.default) for p in entry.params if p.required}


def place(kind: str, entry, config: dict) -> tuple[dict, tuple]:
    """A run spec with this object in it, and where its config sits."""
    spec = copy.deepcopy(PRESET)
    obj = {"class_name": entry.class_name, "config": config}
    if kind == "layers":
        spec["model"]["layers"][0] = obj
        return spec, ("model", "layers", 0, "config")
    if kind in ("optimizers", "losses"):
        spec["compile"][kind[:-1] if kind == "optimizers" else "loss"] = obj
        return spec, ("compile", "optimizer" if kind == "optimizers" else "loss", "config")
    if kind == "metrics":
        spec["compile"]["metrics"] = [obj]
        return spec, ("compile", "metrics", 0, "config")
    if kind == "callbacks":
        spec["callbacks"] = [obj]
        return spec, ("callbacks", 0, "config")
    if kind == "cells":
        spec["model"]["layers"][0] = {"class_name": "RNN", "config": {"cell": [obj]}}
        return spec, ("model", "layers", 0, "config", "cell", 0, "config")
    if kind == "schedules":
        spec["compile"]["optimizer"] = {"class_name": "SGD", "config": {"learning_rate": obj}}
        return spec, ("compile", "optimizer", "config", "learning_rate", "config")
    if kind == "epoch_schedules":
        spec["callbacks"] = [{"class_name": "LearningRateScheduler", "config": {"schedule": obj}}]
        return spec, ("callbacks", 0, "config", "schedule", "config")
    if kind == "models":
        spec["model"]["subclass"] = obj
        return spec, ("model", "subclass", "config")
    raise AssertionError(kind)


CASES = [(kind, e, p) for kind, reg in REGISTRIES.items() for e in reg for p in e.params]


@pytest.mark.parametrize(("kind", "entry", "param"), CASES, ids=[f"{k}.{e.class_name}.{p.name}" for k, e, p in CASES])
def test_every_bound_is_enforced_at_its_field(kind, entry, param):
    config = suggested(entry) | {param.name: bad_value(param)}
    spec, where = place(kind, entry, config)
    with pytest.raises(SpecError) as info:
        validate_spec(spec, for_run=True)
    for lang in ("en", "zh"):
        errors = info.value.detail(lang)
        mine = [e for e in errors if tuple(e["loc"][1 : len(where) + 2]) == (*where, param.name)]
        assert mine, errors
        msg = mine[0]["msg"]
        assert ("expected" in msg and "received" in msg) if lang == "en" else ("收到" in msg or "应" in msg), msg


def test_the_cases_cover_every_registry():
    assert {k for k, _, _ in CASES} == set(REGISTRIES)
