"""Functional models: several inputs and outputs, shared layers, per-output
losses; inspect equals Keras, runs train, the graph is checked at its field."""

from __future__ import annotations

import copy
import json

import keras
import pytest

from tests.helpers import ROOT

HEADLINE = json.loads((ROOT / "app/lessons/05-functional-api/preset.json").read_text())

SHARED = {
    "dataset": {"name": "tweet_pairs", "options": {"n_samples": 400}},
    "model": {
        "kind": "functional",
        "inputs": [{"name": "tweet_a", "shape": [16, 8]}, {"name": "tweet_b", "shape": [16, 8]}],
        "nodes": [
            {"name": "shared_lstm", "class_name": "LSTM", "config": {"units": 12}, "inputs": ["tweet_a"]},
            {"name": "read_b", "reuse": "shared_lstm", "inputs": ["tweet_b"]},
            {"name": "both", "class_name": "Concatenate", "config": {}, "inputs": ["shared_lstm", "read_b"]},
            {"name": "same_author", "class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}, "inputs": ["both"]},
        ],
        "outputs": ["same_author"],
    },
    "compile": {"optimizer": "adam", "loss": "binary_crossentropy", "metrics": ["accuracy"]},
    "fit": {"epochs": 2, "batch_size": 64, "validation_split": 0.2},
}


def keras_headline():
    main = keras.Input((20,), dtype="int32", name="main_input")
    aux = keras.Input((5,), name="aux_input")
    lstm = keras.layers.LSTM(16)(keras.layers.Embedding(500, 32)(main))
    aux_out = keras.layers.Dense(1, activation="sigmoid")(lstm)
    x = keras.layers.Concatenate()([lstm, aux])
    x = keras.layers.Dense(32, activation="relu")(keras.layers.Dense(32, activation="relu")(x))
    return keras.Model([main, aux], [keras.layers.Dense(1, activation="sigmoid")(x), aux_out])


def test_the_headline_model_inspects_as_keras_builds_it(server):
    got = server.post("/api/inspect", json=HEADLINE).json()
    model = keras_headline()
    assert got["total_params"] == model.count_params()
    assert [x["name"] for x in got["layers"]] == ["embedding", "lstm", "aux_output", "merged", "hidden_1", "hidden_2", "main_output"] or {
        x["name"] for x in got["layers"]
    } == {"embedding", "lstm", "aux_output", "merged", "hidden_1", "hidden_2", "main_output"}
    shapes = {x["name"]: x["output_shape"] for x in got["layers"]}
    assert shapes["embedding"] == [None, 20, 32] and shapes["merged"] == [None, 21]
    assert "InputLayer" not in {x["class_name"] for x in got["layers"]}
    assert got["problems"] == []


def test_a_shared_layer_is_listed_once_with_each_call(server):
    got = server.post("/api/inspect", json=SHARED).json()
    lstm = [x for x in got["layers"] if x["class_name"] == "LSTM"]
    assert len(lstm) == 1 and lstm[0]["calls"] == 2
    assert lstm[0]["output_shape"] == [[None, 12], [None, 12]]
    assert lstm[0]["params"] == 4 * (8 * 12 + 12 * 12 + 12)
    assert got["total_params"] == lstm[0]["params"] + (24 + 1)


def test_the_headline_model_trains_with_two_losses(server):
    spec = copy.deepcopy(HEADLINE)
    spec["fit"]["epochs"] = 2
    run_id = server.post("/api/runs", json=spec).json()["id"]
    events = server.events(run_id)
    assert events[-1]["status"] == "succeeded", events[-1]
    logs = [e for e in events if e["type"] == "epoch"][-1]["logs"]
    assert {"loss", "main_output_loss", "aux_output_loss", "main_output_accuracy", "aux_output_accuracy", "val_loss"} <= set(logs)


def test_the_shared_lstm_model_trains(server):
    run_id = server.post("/api/runs", json=SHARED).json()["id"]
    assert server.events(run_id)[-1]["status"] == "succeeded"


def test_a_single_io_dataset_feeds_a_functional_model(server):
    spec = {
        "dataset": {"name": "moons", "options": {"n_samples": 200}},
        "model": {"kind": "functional", "inputs": [{"name": "xy", "shape": [2]}], "nodes": [
            {"name": "h", "class_name": "Dense", "config": {"units": 8, "activation": "relu"}, "inputs": ["xy"]},
            {"name": "p", "class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}, "inputs": ["h"]}], "outputs": ["p"]},
        "compile": {"optimizer": "adam", "loss": "binary_crossentropy", "metrics": ["accuracy"]},
        "fit": {"epochs": 2},
    }
    run_id = server.post("/api/runs", json=spec).json()["id"]
    assert server.events(run_id)[-1]["status"] == "succeeded"


@pytest.mark.parametrize(
    ("change", "loc", "msg"),
    [
        (lambda m: m["nodes"][1].update(inputs=["nowhere"]), ["model", "nodes", 1, "inputs", 0], "expected the name of an input or of a node above this one"),
        (lambda m: m["nodes"][3].update(inputs=["lstm"]), ["model", "nodes", 3, "inputs"], "Concatenate merges several tensors: expected at least 2 inputs; received 1"),
        (lambda m: m["nodes"][4].update(name="lstm"), ["model", "nodes", 4, "name"], 'expected a name no input or earlier node has; received "lstm" a second time'),
        (lambda m: m.update(outputs=["main_output", "ghost"]), ["model", "outputs", 1], "expected the name of a node that creates a layer"),
        (lambda m: m["nodes"].append({"name": "again", "reuse": "missing", "inputs": ["lstm"]}), ["model", "nodes", 7, "reuse"], "expected the name of an earlier node that creates a layer"),
        (lambda m: m["nodes"][0].update(reuse="lstm"), ["model", "nodes", 0], 'expected node "embedding" to have either class_name'),
    ],
)
def test_graph_errors_are_located(server, change, loc, msg):
    spec = copy.deepcopy(HEADLINE)
    change(spec["model"])
    reply = server.post("/api/inspect", json=spec)
    assert reply.status_code == 422, reply.text
    errors = reply.json()["detail"]
    assert any(e["loc"][1:] == loc and e["msg"].startswith(msg) for e in errors), errors


def test_the_dataset_names_the_inputs_and_outputs(server):
    spec = copy.deepcopy(HEADLINE)
    spec["model"]["inputs"][1]["name"] = "extra"
    spec["model"]["nodes"][3]["inputs"] = ["lstm", "extra"]
    reply = server.post("/api/runs", json=spec)
    assert reply.status_code == 422
    [error] = reply.json()["detail"]
    assert error["loc"] == ["body", "model", "inputs"]
    assert error["msg"] == 'the dataset “Headlines with metadata (two inputs, two outputs)” gives inputs main_input [20], aux_input [5] → main_output, aux_output; the model\'s are main_input [20], extra [5]'


def test_per_output_losses_must_name_every_output(server):
    spec = copy.deepcopy(HEADLINE)
    del spec["compile"]["loss"]["aux_output"]
    reply = server.post("/api/runs", json=spec)
    assert reply.status_code == 422
    assert reply.json()["detail"][0]["loc"] == ["body", "compile", "loss"]
    assert reply.json()["detail"][0]["msg"] == 'expected one entry for each output (main_output, aux_output); received entries for "main_output"'


def test_a_node_that_keras_refuses_is_located(server):
    spec = copy.deepcopy(HEADLINE)
    spec["model"]["nodes"][3] = {"name": "merged", "class_name": "Add", "config": {}, "inputs": ["lstm", "aux_input"]}
    reply = server.post("/api/inspect", json=spec)
    assert reply.status_code == 422
    [error] = reply.json()["detail"]
    assert error["loc"] == ["body", "model", "nodes", 3]
    assert error["msg"].startswith("Add cannot be applied to an input of shape (None, 16), (None, 5):")
