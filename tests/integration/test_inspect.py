"""Inspect answers exactly what Keras computes for the same model built here."""

from __future__ import annotations

import threading
import time

import keras
import pytest

from tests.helpers import spec

CASES = {
    "dense": ([20], [("Dense", {"units": 64, "activation": "relu"}), ("Dense", {"units": 1, "use_bias": False})]),
    "reshape": ([12], [("Reshape", {"target_shape": [3, 4]}), ("Reshape", {"target_shape": [-1, 2, 2]})]),
    "permute": ([10, 64], [("Permute", {"dims": [2, 1]}), ("Dense", {"units": 3})]),
    "flatten": ([4, 5, 2], [("Flatten", {}), ("Dense", {"units": 7})]),
    "dropout": ([8], [("Dense", {"units": 16}), ("Dropout", {"rate": 0.25}), ("Activation", {"activation": "tanh"})]),
    "batchnorm": ([6], [("Dense", {"units": 10}), ("BatchNormalization", {"momentum": 0.9}), ("Dense", {"units": 2, "trainable": False})]),
}


def keras_model(shape, layers):
    return keras.Sequential([keras.Input(shape=tuple(shape)), *[getattr(keras.layers, c)(**cfg) for c, cfg in layers]])


def model_spec(shape, layers):
    return {"model": {"input": {"shape": shape}, "layers": [{"class_name": c, "config": cfg} for c, cfg in layers]}}


def count(weights):
    return sum(int(w.numpy().size) for w in weights)


@pytest.mark.parametrize("case", CASES)
def test_shapes_and_params_equal_keras(server, case):
    shape, layers = CASES[case]
    reply = server.post("/api/inspect", json=model_spec(shape, layers))
    assert reply.status_code == 200, reply.text
    got = reply.json()
    model = keras_model(shape, layers)
    assert [(x["class_name"], x["output_shape"], x["params"]) for x in got["layers"]] == [
        (type(layer).__name__, list(layer.output.shape), layer.count_params()) for layer in model.layers
    ]
    assert got["total_params"] == model.count_params()
    assert got["trainable_params"] == count(model.trainable_weights)
    assert got["non_trainable_params"] == count(model.non_trainable_weights)
    assert "Total params" in got["summary"] and "Layer (type)" in got["summary"]
    assert "InputLayer" not in [x["class_name"] for x in got["layers"]]


def test_chapter_facts(server):
    got = server.post("/api/inspect", json=model_spec(*CASES["reshape"])).json()
    assert got["layers"][1]["output_shape"] == [None, 3, 2, 2]
    got = server.post("/api/inspect", json=model_spec([10, 64], [("Permute", {"dims": [2, 1]})])).json()
    assert got["layers"][0]["output_shape"] == [None, 64, 10]


def test_impossible_reshape_is_a_422_at_the_layer(server):
    reply = server.post("/api/inspect", json=model_spec([12], [("Dense", {"units": 3}), ("Reshape", {"target_shape": [2, 2]})]))
    assert reply.status_code == 422
    [error] = reply.json()["detail"]
    assert error["loc"] == ["body", "model", "layers", 1]
    assert error["msg"].startswith("Reshape cannot be applied to an input of shape (None, 3):")
    assert "target_shape=(2, 2)" in error["msg"] and "\x1b" not in error["msg"]


def test_permute_of_the_wrong_rank_is_located(server):
    reply = server.post("/api/inspect", json=model_spec([6], [("Dense", {"units": 4}), ("Permute", {"dims": [2, 1]})]))
    assert reply.status_code == 422
    assert reply.json()["detail"][0]["loc"] == ["body", "model", "layers", 1]


def test_output_that_does_not_fit_the_loss(server):
    s = spec()
    s["model"]["layers"][-1]["config"]["units"] = 2
    reply = server.post("/api/inspect", json=s)
    assert reply.status_code == 200  # Keras builds it: the summary is shown, with the problem beside it
    assert reply.json()["layers"][-1]["output_shape"] == [None, 2]
    [problem] = reply.json()["problems"]
    assert problem["loc"] == ["body", "model", "layers", 4]
    expected = "with the loss BinaryCrossentropy and 2 classes in “20 random features, binary labels”, expected a last layer with 1 output unit; received 2"
    assert problem["msg"] == expected
    reply = server.post("/api/runs", json=s)  # but it cannot be trained
    assert reply.status_code == 422 and reply.json()["detail"] == [problem]
    s["compile"]["loss"] = "sparse_categorical_crossentropy"
    assert server.post("/api/inspect", json=s).json()["problems"] == []  # two softmax units fit sparse labels


def test_errors_in_chinese(server):
    reply = server.post("/api/inspect?lang=zh", json=model_spec([12], [("Reshape", {"target_shape": [5]})]))
    assert reply.json()["detail"][0]["msg"].startswith("Reshape 无法作用于形状为 (None, 12) 的输入：")


def test_too_many_parameters(server):
    reply = server.post("/api/inspect", json=model_spec([4096], [("Dense", {"units": 4096})]))
    assert reply.status_code == 422
    assert reply.json()["detail"][0]["msg"] == "expected a model with at most 5,000,000 parameters; received one with 16,781,312"


def test_the_fast_lane_answers_while_a_long_run_trains(server):
    long = spec(epochs=300)
    long["dataset"]["options"]["n_samples"] = 4000
    run_id = server.post("/api/runs", json=long).json()["id"]
    server.wait_status(run_id, {"running"})
    times = []
    for units in range(3, 8):
        started = time.monotonic()
        reply = server.post("/api/inspect", json=model_spec([20], [("Dense", {"units": units})]))
        times.append(time.monotonic() - started)
        assert reply.status_code == 200
    assert server.get(f"/api/runs/{run_id}").json()["status"] == "running"
    assert max(times) < 2.0, times
    server.post(f"/api/runs/{run_id}/cancel")
    server.wait_status(run_id, {"cancelled"}, timeout=15)


def test_concurrent_inspects_all_answer(server):
    results = []

    def ask(units):
        results.append(server.post("/api/inspect", json=model_spec([5], [("Dense", {"units": units})])).json()["total_params"])

    threads = [threading.Thread(target=ask, args=(u,)) for u in range(1, 9)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(results) == [6 * u for u in range(1, 9)]
