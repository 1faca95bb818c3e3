"""Keras JSON in: `model.to_json()` of a Keras model becomes a spec that
builds the same model (same classes, same parameter count)."""

from __future__ import annotations

import json

import keras
import pytest

from app.worker.build import build_model
from tests.fixtures.specs import all_specs

SPECS = all_specs()


def summary_of(server, spec) -> dict:
    reply = server.post("/api/inspect", json=spec)
    assert reply.status_code == 200, reply.text
    return reply.json()


@pytest.mark.parametrize("name", list(SPECS))
def test_every_fixture_model_round_trips(server, name):
    model = build_model(SPECS[name]["model"])
    reply = server.post("/api/import/keras-json", json=model.to_json())
    assert reply.status_code == 200, reply.text
    imported = reply.json()
    assert set(imported) == {"model"}
    got = summary_of(server, imported)
    assert got["total_params"] == model.count_params()
    expected = [type(layer).__name__ for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    assert sorted(x["class_name"] for x in got["layers"]) == sorted(expected)


def test_a_model_written_by_hand_imports_with_its_settings(server):
    model = keras.Sequential([
        keras.Input((10, 3)),
        keras.layers.Conv1D(4, 3, strides=2, padding="same", activation="relu", kernel_initializer="he_normal", kernel_regularizer="l2"),
        keras.layers.Bidirectional(keras.layers.GRU(5, return_sequences=True, dropout=0.1)),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(2, activation="softmax", name="probabilities"),
    ])
    spec = server.post("/api/import/keras-json", json=model.to_json()).json()
    conv, bidi, _, dense = spec["model"]["layers"]
    assert conv["config"] | {} == conv["config"] and conv["config"]["kernel_initializer"] == "he_normal" and conv["config"]["kernel_regularizer"] == "l2"
    assert conv["config"]["strides"] == [2] and conv["config"]["padding"] == "same"
    assert bidi["config"]["layer"]["class_name"] == "GRU" and bidi["config"]["layer"]["config"]["dropout"] == 0.1
    assert dense["config"]["name"] == "probabilities"
    assert summary_of(server, spec)["total_params"] == model.count_params()


def test_shared_layers_become_reuse_nodes(server):
    a, b = keras.Input((4,), name="a"), keras.Input((4,), name="b")
    shared = keras.layers.Dense(3, name="shared")
    out = keras.layers.Dense(1, name="out")(keras.layers.Add(name="add")([shared(a), shared(b)]))
    spec = server.post("/api/import/keras-json", json=keras.Model([a, b], out).to_json()).json()
    nodes = {n["name"]: n for n in spec["model"]["nodes"]}
    assert nodes["shared_1"]["reuse"] == "shared" and nodes["shared_1"]["inputs"] == ["b"]
    assert nodes["add"]["inputs"] == ["shared", "shared_1"]
    assert spec["model"]["outputs"] == ["out"]


def test_unknown_classes_are_named(server):
    model = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.RandomFlip(), keras.layers.Flatten()])
    reply = server.post("/api/import/keras-json", json=model.to_json())
    assert reply.status_code == 422
    [error] = reply.json()["detail"]
    assert error["loc"] == ["body", "model", "layers", 0, "class_name"]
    assert error["msg"] == '"RandomFlip" is not one of the layers in the playground\'s catalog, so this model cannot be imported'


def test_python_lambdas_are_refused(server):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Lambda(lambda x: x * 2)])
    reply = server.post("/api/import/keras-json", json=model.to_json())
    assert reply.status_code == 422
    assert reply.json()["detail"][0]["loc"][-2:] == ["config", "function"]


def test_not_a_model(server):
    assert server.post("/api/import/keras-json", json="{nope").json()["detail"][0]["msg"].startswith("expected the text of model.to_json(); it is not JSON")
    reply = server.post("/api/import/keras-json", json=json.dumps({"class_name": "Dense"}))
    assert reply.json()["detail"][0]["msg"] == 'expected a Sequential or Functional model from model.to_json(); received class_name "Dense"'
