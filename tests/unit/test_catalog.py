"""The catalog: every parameter typed, bounded, bilingual, with a default it accepts."""

from __future__ import annotations

import json

import pytest

from app.catalog import REGISTRIES, catalog_json
from app.catalog.params import Float, Int, ParamError, Shape
from app.datasets import DATASETS

ENTRIES = [(kind, entry) for kind, registry in REGISTRIES.items() for entry in registry]
PARAMS = [(f"{kind}.{entry.class_name}.{p.name}", p) for kind, entry in ENTRIES for p in entry.params]
PARAMS += [(f"datasets.{d.name}.{p.name}", p) for d in DATASETS for p in d.options]


def test_the_first_lessons_classes_are_there():
    names = {kind: {e.class_name for e in reg} for kind, reg in REGISTRIES.items()}
    assert {"Dense", "Activation", "Dropout", "Flatten", "Reshape", "Permute", "BatchNormalization"} <= names["layers"]
    assert {"SGD", "RMSprop", "Adam"} <= names["optimizers"]
    assert {"BinaryCrossentropy", "CategoricalCrossentropy", "SparseCategoricalCrossentropy", "MeanSquaredError", "MeanAbsoluteError"} <= names["losses"]
    assert {"EarlyStopping"} <= names["callbacks"]
    assert {"random_features", "moons", "circles", "xor", "spirals", "blobs", "digits"} <= {d.name for d in DATASETS}


@pytest.mark.parametrize(("kind", "entry"), ENTRIES, ids=[f"{k}.{e.class_name}" for k, e in ENTRIES])
def test_every_entry_has_help_in_both_languages(kind, entry):
    assert entry.help.en.strip() and entry.help.zh.strip()
    assert entry.help.en != entry.help.zh


@pytest.mark.parametrize(("name", "param"), PARAMS, ids=[n for n, _ in PARAMS])
def test_every_parameter_is_typed_bounded_and_bilingual(name, param):
    assert param.help.en.strip() and param.help.zh.strip()
    assert param.check(param.default) == param.default  # the default is allowed
    if isinstance(param, Int | Float):
        assert param.lo < param.hi
        with pytest.raises(ParamError):
            param.check(param.hi * 2 + 1 if param.hi > 0 else param.hi + 1)
        with pytest.raises(ParamError):
            param.check(param.lo - 1)
        with pytest.raises(ParamError):
            param.check("1")
    if isinstance(param, Shape):
        with pytest.raises(ParamError):
            param.check([param.hi + 1])
    if not param.nullable:
        with pytest.raises(ParamError):
            param.check(None)


def test_nan_and_infinity_are_refused():
    rate = REGISTRIES["layers"].get("Dropout").param("rate")
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ParamError):
            rate.check(bad)


def test_catalog_json_is_plain_json():
    data = json.loads(json.dumps(catalog_json()))
    assert set(data) >= {"layers", "optimizers", "losses", "metrics", "callbacks", "datasets", "limits"}
    dense = next(e for e in data["layers"] if e["class_name"] == "Dense")
    units = next(p for p in dense["params"] if p["name"] == "units")
    assert units == units | {"kind": "int", "min": 1, "max": 4096, "default": 32}
    assert set(units["help"]) == {"en", "zh"}


def test_aliases_are_unique_within_a_kind():
    for kind, registry in REGISTRIES.items():
        aliases = registry.aliases()
        assert len(aliases) == len(set(aliases)), kind
