"""What every neuron computes (issue 8): the `neurons` event of a model on a
2-D data set, checked against the run's saved model."""

from __future__ import annotations

import keras
import numpy as np
import pytest

import app.keras_ext  # noqa: F401 - registers the app's layers for load_model


def dense(units: int, activation: str | None = None) -> dict:
    return {"class_name": "Dense", "config": {"units": units} | ({"activation": activation} if activation else {})}


def moons(*layers: dict, epochs: int = 3, **views) -> dict:
    return {
        "dataset": {"name": "moons", "options": {"n_samples": 200}},
        "model": {"input": {"shape": [2]}, "layers": list(layers)},
        "compile": {"optimizer": "adam", "loss": "binary_crossentropy", "metrics": ["accuracy"]},
        "fit": {"epochs": epochs, "batch_size": 32, "validation_split": 0.25},
        "views": views,
    }


MOONS = moons(dense(8, "relu"), {"class_name": "Dropout", "config": {"rate": 0.2}}, dense(4, "tanh"), dense(1, "sigmoid"))


def neurons(events: list[dict]) -> list[dict]:
    return [e for e in events if e["type"] == "neurons"]


def train(server, spec: dict) -> list[dict]:
    reply = server.post("/api/runs", json=spec)
    assert reply.status_code == 201, reply.text
    events = server.events(reply.json()["id"])
    assert events[-1]["status"] == "succeeded", events[-1]
    return events


@pytest.fixture(scope="module")
def moons_run(server):
    run_id = server.post("/api/runs", json=MOONS).json()["id"]
    events = server.events(run_id)
    assert events[-1]["status"] == "succeeded"
    return run_id, events


def test_one_event_an_epoch_with_every_dense_layer(moons_run):
    _, events = moons_run
    sent = neurons(events)
    assert [e["epoch"] for e in sent] == [e["epoch"] for e in events if e["type"] == "epoch"] == [0, 1, 2]
    for event in sent:
        layers = event["layers"]
        assert [layer["activation"] for layer in layers] == ["relu", "tanh", "sigmoid"]
        assert [len(layer["units"]) for layer in layers] == [8, 4, 1]
        assert [np.shape(layer["units"]) for layer in layers] == [(8, 24, 24), (4, 24, 24), (1, 24, 24)]
        assert [np.shape(layer["weights"]) for layer in layers] == [(8, 2), (4, 8), (1, 4)]
        assert [len(layer["bias"]) for layer in layers] == [8, 4, 1]
        assert len(event["x"]) == len(event["y"]) == 24
        maps = np.concatenate([np.ravel(np.array(layer["units"], dtype="float64")) for layer in layers])
        numbers = np.concatenate([np.ravel(np.array(layer[key], dtype="float64")) for layer in layers for key in ("weights", "bias")])
        assert maps.size == (8 + 4 + 1) * 576 and numbers.size == 16 + 32 + 4 + 13
        assert np.isfinite(maps).all() and np.isfinite(numbers).all()
        assert (np.round(maps, 2) == maps).all() and (np.round(numbers, 3) == numbers).all()  # 2 decimals for colours, 3 for weights
    sigmoid = np.array(sent[-1]["layers"][-1]["units"])
    # A sigmoid's map lies in [0, 1] and varies over the plane; where it crosses 0.5 after
    # three unseeded epochs depends on the random start, so that is not asserted.
    assert 0 <= sigmoid.min() < sigmoid.max() <= 1


def test_the_plane_is_the_boundarys(moons_run):
    _, events = moons_run
    boundary, first = next(e for e in events if e["type"] == "boundary"), neurons(events)[0]
    for axis in ("x", "y"):
        assert (first[axis][0], first[axis][-1]) == (boundary[axis][0], boundary[axis][-1])
        assert np.allclose(np.diff(first[axis]), (boundary[axis][-1] - boundary[axis][0]) / 23)


def test_weights_and_maps_are_the_saved_models(server, moons_run, tmp_path):
    run_id, events = moons_run
    (tmp_path / "model.keras").write_bytes(server.get(f"/api/runs/{run_id}/model.keras").content)
    model = keras.saving.load_model(tmp_path / "model.keras", safe_mode=True)
    last = neurons(events)[-1]
    layers = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    assert [layer["name"] for layer in last["layers"]] == [layer.name for layer in layers]
    for layer, sent in zip(layers, last["layers"], strict=True):
        kernel, bias = (w.astype("float64") for w in layer.get_weights())
        assert sent["weights"] == np.round(kernel.T, 3).tolist()
        assert sent["bias"] == np.round(bias, 3).tolist()

    # Row r is the r-th y value, column c the c-th x value.
    plane = np.array([[x, y] for y in last["y"] for x in last["x"]], dtype="float32")
    predicted = np.asarray(model.predict_on_batch(plane))[:, 0].reshape(24, 24)
    np.testing.assert_allclose(last["layers"][-1]["units"][0], predicted, rtol=0, atol=0.005 + 1e-6)
    # every hidden unit, by hand from the saved weights (Dropout does nothing at inference)
    (k1, b1), (k2, b2), (k3, b3) = ((w.astype("float64") for w in layer.get_weights()) for layer in layers)
    h1 = np.maximum(plane @ k1 + b1, 0)
    h2 = np.tanh(h1 @ k2 + b2)
    out = 1 / (1 + np.exp(-(h2 @ k3 + b3)))
    for sent, values in zip(last["layers"], (h1, h2, out), strict=True):
        np.testing.assert_allclose(sent["units"], values.T.reshape(-1, 24, 24), rtol=0, atol=0.005 + 1e-5)


def test_replay_after_the_end_returns_them(server, moons_run):
    run_id, events = moons_run
    replayed = server.events(run_id)
    assert replayed == events and len(neurons(replayed)) == 3
    assert neurons(server.events(run_id, after=neurons(events)[1]["seq"])) == neurons(events)[2:]


def test_a_continued_run_goes_on(server, moons_run):
    # The continued run's model is loaded from model.keras: a Sequential whose layers remember earlier builds.
    run_id, _ = moons_run
    child = server.post(f"/api/runs/{run_id}/continue", json={"epochs": 1}).json()["id"]
    sent = neurons(server.events(child))
    assert [e["epoch"] for e in sent] == [3]
    assert [np.shape(layer["weights"]) for layer in sent[0]["layers"]] == [(8, 2), (4, 8), (1, 4)]


def test_a_layer_of_32_units_sends_16(server):
    [first, _] = neurons(train(server, moons(dense(32, "relu"), dense(32, "relu"), dense(1, "sigmoid"), epochs=2)))
    layers = first["layers"]
    assert [len(layer["units"]) for layer in layers] == [16, 16, 1]
    assert [np.shape(layer["weights"]) for layer in layers] == [(16, 2), (16, 16), (1, 16)]
    assert [len(layer["bias"]) for layer in layers] == [16, 16, 1]


def test_a_network_too_deep_to_draw_sends_none(server):
    # 8 Dense layers are drawn, 9 are not: one event would pass a megabyte, every epoch
    eight = neurons(train(server, moons(*[dense(4, "relu")] * 7, dense(1, "sigmoid"), epochs=1)))
    assert [len(event["layers"]) for event in eight] == [8]
    assert neurons(train(server, moons(*[dense(4, "relu")] * 8, dense(1, "sigmoid"), epochs=1))) == []


def test_layers_between_dense_layers_and_functional_chains(server):
    between = moons(dense(6), {"class_name": "BatchNormalization", "config": {}}, {"class_name": "LeakyReLU", "config": {}},
                    {"class_name": "GaussianNoise", "config": {"stddev": 0.1}}, dense(1, "sigmoid"), epochs=1)  # fmt: skip
    [event] = neurons(train(server, between))
    assert [(layer["activation"], len(layer["units"])) for layer in event["layers"]] == [("linear", 6), ("sigmoid", 1)]
    chain = moons(epochs=1) | {"model": {"kind": "functional", "inputs": [{"name": "xy", "shape": [2]}], "nodes": [
        {"name": "h", "class_name": "Dense", "config": {"units": 8, "activation": "relu"}, "inputs": ["xy"]},
        {"name": "p", "class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}, "inputs": ["h"]}], "outputs": ["p"]}}  # fmt: skip
    [event] = neurons(train(server, chain))
    assert [layer["name"] for layer in event["layers"]] == ["h", "p"]


def test_a_regression_on_two_features(server):
    rng = np.random.default_rng(0)
    rows = [f"{a:.3f},{b:.3f},{a * b + rng.normal(0, 0.1):.3f}" for a, b in rng.uniform(-2, 2, size=(80, 2))]
    body = ("a,b,y\n" + "\n".join(rows) + "\n").encode()
    info = server.post("/api/uploads?name=product.csv", content=body, headers={"content-type": "text/csv"}).json()
    spec = {
        "dataset": {"name": "upload", "options": {"id": info["id"], "features": ["a", "b"], "target": "y", "task": "regression"}},
        "model": {"input": {"shape": [2]}, "layers": [dense(5, "tanh"), dense(1)]},
        "compile": {"optimizer": "adam", "loss": "mse"},
        "fit": {"epochs": 2, "batch_size": 16},
    }
    events = train(server, spec)
    assert not any(e["type"] == "boundary" for e in events)  # the boundary is a classifier's
    assert [[len(layer["units"]) for layer in e["layers"]] for e in neurons(events)] == [[5, 1], [5, 1]]


BRANCHES = {"kind": "functional", "inputs": [{"name": "xy", "shape": [2]}], "nodes": [
    {"name": "a", "class_name": "Dense", "config": {"units": 4}, "inputs": ["xy"]},
    {"name": "b", "class_name": "Dense", "config": {"units": 4}, "inputs": ["xy"]},
    {"name": "ab", "class_name": "Concatenate", "config": {}, "inputs": ["a", "b"]},
    {"name": "p", "class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}, "inputs": ["ab"]}], "outputs": ["p"]}  # fmt: skip


@pytest.mark.parametrize(
    "spec",
    [
        moons(dense(8, "relu"), dense(1, "sigmoid"), epochs=2, neurons=False),
        moons(epochs=2) | {"model": BRANCHES},
        moons(epochs=2) | {"dataset": {"name": "random_features", "options": {"n_samples": 200, "n_features": 3}},
                           "model": {"input": {"shape": [3]}, "layers": [dense(4, "relu"), dense(1, "sigmoid")]}},
        {"dataset": {"name": "digits", "options": {"n_samples": 200, "shape": "image"}},
         "model": {"input": {"shape": [8, 8, 1]}, "layers": [{"class_name": "Conv2D", "config": {"filters": 4, "kernel_size": 3}},
                                                              {"class_name": "Flatten", "config": {}}, dense(10, "softmax")]},
         "compile": {"loss": "sparse_categorical_crossentropy"}, "fit": {"epochs": 2}},
    ],
    ids=["switched-off", "branches", "three-features", "convolution"],
)  # fmt: skip
def test_no_neurons_for_other_models(server, spec):
    events = train(server, spec)
    assert [e["epoch"] for e in events if e["type"] == "epoch"] == [0, 1]
    assert neurons(events) == []


def test_a_cancelled_run_reports_no_partial_epoch(server):
    spec = moons(dense(8, "relu"), dense(1, "sigmoid"), epochs=1000)
    spec["dataset"]["options"]["n_samples"] = 5000
    spec["fit"]["batch_size"] = 4  # long epochs: the cancel lands in one
    run_id = server.post("/api/runs", json=spec).json()["id"]
    server.events(run_id, until=lambda e: e["type"] == "batch" and e["epoch"] == 1)  # inside the second epoch
    assert server.post(f"/api/runs/{run_id}/cancel").status_code == 202
    events = server.events(run_id)
    assert events[-1]["status"] == "cancelled"
    epochs = [e["epoch"] for e in events if e["type"] == "epoch"]
    assert max(e["epoch"] for e in events if e["type"] == "batch") == epochs[-1] + 1  # it was cut short inside an epoch
    assert [e["epoch"] for e in neurons(events)] == epochs
