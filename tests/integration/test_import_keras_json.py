"""Keras JSON in: `model.to_json()` of a Keras model becomes a spec that
builds the same model (same classes, same parameter count)."""

from __future__ import annotations

import json

import keras
import pytest

from app.importers.keras_json import spec_from_keras_json
from app.worker.build import build_model
from tests.fixtures.specs import all_specs
from tests.unit.test_keras_json_malformed import CASES

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
    assert conv["config"]["kernel_initializer"] == "he_normal" and conv["config"]["kernel_regularizer"] == "l2"
    assert conv["config"]["strides"] == [2] and conv["config"]["padding"] == "same"
    assert bidi["config"]["layer"]["class_name"] == "GRU" and bidi["config"]["layer"]["config"]["dropout"] == 0.1
    assert dense["config"]["name"] == "probabilities"
    assert summary_of(server, spec)["total_params"] == model.count_params()


def test_the_apps_model_subclass_imports_as_itself(server):
    for name, config in (("subclass-sequential", {"clip_norm": 1.0}), ("subclass-functional", {})):
        model = build_model(SPECS[name]["model"])
        assert type(model).__name__ == "GradientNormModel"
        spec = server.post("/api/import/keras-json", json=model.to_json()).json()
        assert spec["model"]["subclass"] == {"class_name": "GradientNormModel", "config": config}, name
        assert summary_of(server, spec)["total_params"] == model.count_params()
    plain = server.post("/api/import/keras-json", json=build_model(SPECS["lesson-sequential"]["model"]).to_json()).json()
    assert plain["model"].get("subclass") is None and plain["model"].get("dtype_policy") is None


def test_a_dtype_policy_imports_as_the_models():
    model = build_model(SPECS["mixed-precision"]["model"])
    assert model.layers[0].compute_dtype == "float16" and model.layers[0].kernel.dtype == "float32"
    assert keras.config.dtype_policy().name == "float32"  # the build left the process's policy as it was
    assert spec_from_keras_json(model.to_json())["model"]["dtype_policy"] == "mixed_float16"


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
    model = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.RandomBrightness(0.2), keras.layers.Flatten()])
    reply = server.post("/api/import/keras-json", json=model.to_json())
    assert reply.status_code == 422
    [error] = reply.json()["detail"]
    assert error["loc"] == ["body", "model", "layers", 0, "class_name"]
    assert error["msg"] == '"RandomBrightness" is not one of the layers in the playground\'s catalog, so this model cannot be imported'


def test_python_lambdas_are_refused(server):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Lambda(lambda x: x * 2)])
    reply = server.post("/api/import/keras-json", json=model.to_json())
    assert reply.status_code == 422
    assert reply.json()["detail"][0]["loc"][-2:] == ["config", "function"]


def test_not_a_model(server):
    assert server.post("/api/import/keras-json", json="{nope").json()["detail"][0]["msg"].startswith("expected the text of model.to_json(); it is not JSON")
    reply = server.post("/api/import/keras-json", json=json.dumps({"class_name": "Dense"}))
    assert reply.json()["detail"][0]["msg"] == 'expected a Sequential or Functional model (or the app\'s GradientNormModel) from model.to_json(); received class_name "Dense"'


def test_l1_and_l1l2_regularizers_round_trip(server):
    # Keras writes L1's 0.01 as float32 (0.009999999776482582), and "l1l2" is L1L2(l1=0.0, l2=0.0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, kernel_regularizer="l1", bias_regularizer="l1l2")])
    reply = server.post("/api/import/keras-json", json=model.to_json())
    assert reply.status_code == 200, reply.text
    config = reply.json()["model"]["layers"][0]["config"]
    assert (config["kernel_regularizer"], config["bias_regularizer"]) == ("l1", "l1l2")
    other = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, kernel_regularizer=keras.regularizers.L1L2(l1=0.01, l2=0.01))])
    reply = server.post("/api/import/keras-json", json=other.to_json())
    assert reply.status_code == 422 and reply.json()["detail"][0]["loc"] == ["body", "model", "layers", 0, "config", "kernel_regularizer"]


MALFORMED = {p.id: p.values for p in CASES}


@pytest.mark.parametrize("case", ["config-is-a-list", "layer-name-is-a-number", "stacked-cells-is-an-object", "regularizer-l2-is-text", "keras-history-is-text", "output-layers-is-an-object", "nesting-deeper-than-python-parses"])
def test_malformed_documents_are_refused_where_they_are_wrong(server, case):
    doc, loc, code = MALFORMED[case]
    text = doc if isinstance(doc, str) else json.dumps(doc)
    replies = {lang: server.post(f"/api/import/keras-json?lang={lang}", json=text) for lang in ("en", "zh")}
    for reply in replies.values():
        assert reply.status_code == 422, reply.text
        [error] = reply.json()["detail"]
        assert (error["loc"], error["type"]) == (["body", *loc], code)
    assert replies["en"].json()["detail"][0]["msg"] != replies["zh"].json()["detail"][0]["msg"]


def test_a_malformed_document_sent_as_an_object_is_refused_too(server):
    doc, loc, code = MALFORMED["keras-history-too-short"]
    reply = server.post("/api/import/keras-json", json=doc)  # the JSON itself, not its text
    assert reply.status_code == 422, reply.text
    assert reply.json()["detail"][0]["loc"] == ["body", *loc]
    assert reply.json()["detail"][0]["msg"].startswith("expected a tensor's [layer name, node index, tensor index] at config.layers[2].inbound_nodes[0].args[0].config.keras_history")


def test_preprocessing_layers_import_with_their_settings(server):
    model = keras.Sequential([
        keras.Input((16, 16, 3)),
        keras.layers.RandomFlip("horizontal", seed=2),
        keras.layers.RandomRotation(0.1, fill_mode="nearest"),
        keras.layers.RandomContrast((0.2, 0.2), value_range=(0, 1)),
        keras.layers.Resizing(8, 8, interpolation="area"),
        keras.layers.Rescaling(2.0, offset=-1.0),
        keras.layers.Normalization(axis=None),
        keras.layers.Flatten(),
        keras.layers.Dense(2, activation="softmax"),
    ])
    spec = server.post("/api/import/keras-json", json=model.to_json()).json()
    flip, rotation, contrast, resizing, rescaling, normalization, _, _ = spec["model"]["layers"]
    assert flip["config"] == {"mode": "horizontal", "seed": 2, "data_format": "channels_last"}
    assert rotation["config"] == {"factor": [-0.1, 0.1], "fill_mode": "nearest", "data_format": "channels_last"}  # Keras writes the range
    assert contrast["config"]["factor"] == [0.2, 0.2] and contrast["config"]["value_range"] == [0, 1]
    assert resizing["config"] == {"height": 8, "width": 8, "interpolation": "area", "data_format": "channels_last"}
    assert rescaling["config"] == {"scale": 2.0, "offset": -1.0}
    assert normalization["config"] == {"axis": None}  # written as [], adapted by the app (adapt defaults to true)
    assert summary_of(server, spec)["total_params"] == model.count_params()


def test_attention_imports_with_its_call_and_settings(server):
    query, other = keras.Input((6, 4), name="query"), keras.Input((9, 5), name="other")
    mine = keras.layers.MultiHeadAttention(2, 3, name="mine")(query, query)  # self-attention, as a learner writes it
    normed = keras.layers.LayerNormalization(epsilon=1e-5, name="normed")(keras.layers.Add(name="res")([query, mine]))
    cross = keras.layers.MultiHeadAttention(1, 4, value_dim=5, output_shape=7, use_bias=False, name="cross")(normed, other)
    model = keras.Model([query, other], keras.layers.GlobalAveragePooling1D(name="pool")(cross))
    reply = server.post("/api/import/keras-json", json=model.to_json())
    assert reply.status_code == 200, reply.text
    nodes = {n["name"]: n for n in reply.json()["model"]["nodes"]}
    assert nodes["mine"]["inputs"] == ["query"] and nodes["mine"]["config"] == {"num_heads": 2, "key_dim": 3}  # value_dim, axes: Keras's derived defaults
    assert nodes["cross"]["inputs"] == ["normed", "other"]
    assert nodes["cross"]["config"] == {"num_heads": 1, "key_dim": 4, "value_dim": 5, "output_shape": 7, "use_bias": False}
    assert nodes["normed"]["config"] == {"epsilon": 1e-5}
    assert summary_of(server, reply.json())["total_params"] == model.count_params()
