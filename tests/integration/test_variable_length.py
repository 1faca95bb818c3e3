"""An input axis left open (null in the spec, None in Keras): `keras.Input(shape=(None, 2))`
takes sequences of any length. The summary shows None where Keras does, a run
trains on the data set's length, the memory limit counts that length, a layer
that needs the size is a located 422, and the code export and the Keras JSON
importer keep the None."""

from __future__ import annotations

import json
import subprocess
import sys

import keras
import pytest

from app.worker import params
from app.worker.build import BuildError, build_model, limits_for
from tests.integration.test_code_export import RUNNER


def sequences(shape, *layers, window=12, batch_size=32, epochs=2) -> dict:
    """A model on the seasonal time series (samples of `window` steps × 1 value)."""
    return {
        "dataset": {"name": "time_series", "options": {"n_samples": 120, "window": window}},
        "model": {"kind": "sequential", "input": {"shape": shape}, "layers": [{"class_name": c, "config": cfg} for c, cfg in layers]},
        "compile": {"optimizer": "adam", "loss": "mse", "metrics": ["mae"]},
        "fit": {"epochs": epochs, "batch_size": batch_size, "validation_split": 0.2},
        "callbacks": [],
    }


RNN = (("SimpleRNN", {"units": 8, "return_sequences": True}), ("SimpleRNN", {"units": 4}), ("Dense", {"units": 1}))
FLATTEN_DENSE = (("Flatten", {}), ("Dense", {"units": 1}))


def test_the_estimate_counts_weights_as_keras_and_activations_at_the_data_sets_length():
    model_spec = sequences([None, 2], *RNN)["model"]
    found = params.estimate(model_spec)
    model = build_model(model_spec)
    assert found.params == model.count_params() == 8 * (2 + 8 + 1) + 4 * (8 + 4 + 1) + 5
    assert [shape for _, shape in found.layers] == [(None, None, 8), (None, 4), (None, 1)]
    assert found.largest == 4  # with no data, the open axis has no size: only (None, 4) is counted
    sized = params.estimate(model_spec, {"input": (50, 2)})
    assert sized.params == found.params and sized.layers == found.layers  # the counts stay Keras's
    assert sized.largest == 50 * 8 and sized.largest_at.en == "the output of layer 1, SimpleRNN"


def test_a_batch_too_large_for_the_data_sets_length_is_refused_before_building():
    wide = (("SimpleRNN", {"units": 1024, "return_sequences": True}), ("GlobalAveragePooling1D", {}), ("Dense", {"units": 1}))
    big = sequences([None, 1], *wide, window=128, batch_size=8192)
    limits = limits_for(big, {"max_params": 5_000_000})
    assert limits.sizes == {"input": (128, 1)}
    with pytest.raises(BuildError) as open_axis:
        build_model(big["model"], limits)
    fixed = sequences([128, 1], *wide, window=128, batch_size=8192)
    with pytest.raises(BuildError) as fixed_axis:
        build_model(fixed["model"], limits_for(fixed, {"max_params": 5_000_000}))
    assert open_axis.value.issues == fixed_axis.value.issues  # the same limit as the same model on a fixed length
    [found] = open_axis.value.issues
    assert found["loc"] == ["fit", "batch_size"] and found["code"] == "too_large_activation"
    assert found["ctx"]["values"] == f"{128 * 1024:,}"


def test_inspect_shows_none_as_keras_does(server):
    spec = {"model": sequences([None, 2], *RNN)["model"]}
    reply = server.post("/api/inspect", json=spec)
    assert reply.status_code == 200, reply.text
    got = reply.json()
    assert [x["output_shape"] for x in got["layers"]] == [[None, None, 8], [None, 4], [None, 1]]
    assert got["total_params"] == 8 * (2 + 8 + 1) + 4 * (8 + 4 + 1) + 5
    assert "(None, None, 8)" in got["summary"] and "(None, 4)" in got["summary"]


def test_videos_of_any_length_and_images_of_any_size_fit_their_data(server):
    videos = {
        "dataset": {"name": "moving_dots", "options": {"n_samples": 40, "frames": 4, "size": 8}},
        "model": {"kind": "sequential", "input": {"shape": [None, 8, 8, 1]}, "layers": [
            {"class_name": "ConvLSTM2D", "config": {"filters": 4, "kernel_size": [3, 3], "padding": "same", "return_sequences": True}},
            {"class_name": "Conv3D", "config": {"filters": 1, "kernel_size": 3, "padding": "same", "activation": "sigmoid"}}]},
        "compile": {"optimizer": "adam", "loss": "binary_crossentropy", "metrics": []},
        "fit": {"epochs": 1, "batch_size": 8, "validation_split": 0.2},
    }  # fmt: skip
    reply = server.post("/api/inspect", json=videos)
    assert reply.status_code == 200, reply.text
    got = reply.json()
    assert got["problems"] == []  # the output (None, None, 8, 8, 1) takes the data's (4, 8, 8, 1) targets
    assert [x["output_shape"] for x in got["layers"]] == [[None, None, 8, 8, 4], [None, None, 8, 8, 1]]
    # ConvLSTM2D needs its frames' sides: Keras says so, at the layer
    videos["model"]["input"]["shape"] = [None, None, None, 1]
    [error] = server.post("/api/inspect", json=videos).json()["detail"]
    assert error["loc"] == ["body", "model", "layers", 0] and "static input shapes for the spatial dimension" in error["msg"]
    # a fully convolutional classifier takes images of any size
    images = {
        "dataset": {"name": "shapes", "options": {"n_samples": 60}},
        "model": {"kind": "sequential", "input": {"shape": [None, None, 3]}, "layers": [
            {"class_name": "Conv2D", "config": {"filters": 4, "kernel_size": 3}}, {"class_name": "GlobalAveragePooling2D", "config": {}},
            {"class_name": "Dense", "config": {"units": 3, "activation": "softmax"}}]},
        "compile": {"optimizer": "adam", "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]},
    }  # fmt: skip
    got = server.post("/api/inspect", json=images).json()
    assert got["problems"] == [] and got["layers"][0]["output_shape"] == [None, None, None, 4]
    assert got["total_params"] == 3 * 3 * 3 * 4 + 4 + 4 * 3 + 3


def test_a_run_trains_on_the_data_sets_length(server):
    reply = server.post("/api/runs", json=sequences([None, 1], *RNN))
    assert reply.status_code == 201, reply.text
    run = server.wait_status(reply.json()["id"], {"succeeded", "failed", "interrupted"}, timeout=120)
    assert run["status"] == "succeeded", run
    epochs = [e for e in server.events(run["id"]) if e["type"] == "epoch"]
    assert len(epochs) == 2 and all(e["logs"]["loss"] is not None for e in epochs)


def test_a_layer_that_needs_the_size_is_a_422_at_that_layer(server):
    """Flatten of (None, None, 1) has no fixed length, so Dense has no weight shape."""
    spec = sequences([None, 1], *FLATTEN_DENSE)
    for path in ("/api/inspect", "/api/runs"):
        reply = server.post(path, json=spec)
        assert reply.status_code == 422, (path, reply.text)
        [error] = reply.json()["detail"]
        assert error["loc"] == ["body", "model", "layers", 1] and error["type"] == "build"
        assert error["msg"].startswith("Dense cannot be applied to an input of shape (None, None): ")
    assert server.post("/api/inspect", json=sequences([12, 1], *FLATTEN_DENSE)).status_code == 200  # with the length given, it builds


def test_the_exported_code_keeps_none_and_runs(server, tmp_path):
    spec = sequences([None, 1], *RNN, epochs=1)
    reply = server.post("/api/code", json=spec)
    assert reply.status_code == 200, reply.text
    assert "keras.Input(shape=(None, 1))" in reply.text
    path = tmp_path / "any_length.py"
    path.write_text(reply.text)
    done = subprocess.run([sys.executable, "-c", RUNNER, str(path)], capture_output=True, text=True, timeout=300, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])[str(path)]
    assert result["status"] == "ok", result["status"]
    assert "(None, None, 8)" in result["stdout"]  # Keras's own summary


def test_keras_json_with_an_open_axis_imports_with_null(server):
    model = keras.Sequential([keras.Input((None, 2)), keras.layers.SimpleRNN(4), keras.layers.Dense(1)])
    assert json.loads(model.to_json())["config"]["layers"][0]["config"]["batch_shape"] == [None, None, 2]
    reply = server.post("/api/import/keras-json", json=model.to_json())
    assert reply.status_code == 200, reply.text
    assert reply.json()["model"]["input"]["shape"] == [None, 2]
    inspected = server.post("/api/inspect", json=reply.json())
    assert inspected.status_code == 200 and inspected.json()["total_params"] == model.count_params()
