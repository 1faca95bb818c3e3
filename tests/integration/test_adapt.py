"""Layers that learn their state from data (app/worker/adapt.py): adapted on
the rows fit trains on and never the validation rows, by the worker, the
inspector and the exported script alike; and the text layers refuse a data
set of numbers with a located 422."""

from __future__ import annotations

import copy
import subprocess
import sys

import keras
import numpy as np
import pytest

from app.spec.validate import validate_spec
from app.worker import adapt, build, data

NORMALIZED = {
    "dataset": {"name": "random_features", "options": {"n_samples": 200, "n_features": 6, "seed": 3}},
    "model": {"kind": "sequential", "input": {"shape": [6]}, "layers": [
        {"class_name": "Normalization", "config": {}},
        {"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}},
    ]},
    "compile": {"optimizer": "adam", "loss": "binary_crossentropy", "metrics": ["accuracy"]},
    "fit": {"epochs": 2, "batch_size": 32, "validation_split": 0.25},
}
TRAINING_ROWS = 150  # fit(validation_split=0.25) on 200 rows trains on the first 150


def checked(spec: dict) -> dict:
    return validate_spec(spec, for_run=True).model_dump(mode="json")


def training_rows() -> np.ndarray:
    x, _ = data.training_data(checked(NORMALIZED))
    x = np.asarray(x, dtype="float32")
    # the test means something only if the held-out rows would change the statistics
    assert not np.allclose(x[:TRAINING_ROWS].mean(axis=0), x.mean(axis=0), atol=1e-4)
    return x[:TRAINING_ROWS]


def test_normalization_learns_the_mean_and_variance_of_the_training_rows_only():
    spec = checked(NORMALIZED)
    x, _ = data.training_data(spec)
    model = build.build_model(spec["model"])
    layer = model.layers[0]
    assert adapt.for_fit(model, spec, x) == [layer.name]
    rows = training_rows()
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer.adapt_mean), rows.mean(axis=0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer.adapt_variance), rows.var(axis=0), rtol=1e-5, atol=1e-6)


def test_given_values_and_adapt_false_are_not_adapted():
    given = copy.deepcopy(NORMALIZED)
    given["model"]["layers"][0]["config"] = {"mean": [0.0] * 6, "variance": [1.0] * 6}
    off = copy.deepcopy(NORMALIZED)
    off["model"]["layers"][0]["config"] = {"adapt": False}
    for spec in (checked(given), checked(off)):
        assert adapt.adapted_layers(spec["model"]) == []
        model = build.build_model(spec["model"])
        x, _ = data.training_data(spec)
        assert adapt.for_fit(model, spec, x) == []
        out = keras.ops.convert_to_numpy(model.layers[0](x[:4]))
        np.testing.assert_allclose(out, x[:4], rtol=1e-6)  # mean 0, variance 1: unchanged


def test_a_run_adapts_on_its_training_rows(server):
    reply = server.post("/api/runs", json=NORMALIZED)
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    assert server.wait_status(run_id, {"succeeded", "failed", "cancelled", "interrupted"}, timeout=120)["status"] == "succeeded"
    model = keras.saving.load_model(server.data_dir / "runs" / run_id / "model.keras")
    rows = training_rows()
    np.testing.assert_allclose(keras.ops.convert_to_numpy(model.layers[0].adapt_mean), rows.mean(axis=0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(model.layers[0].adapt_variance), rows.var(axis=0), rtol=1e-5, atol=1e-6)


def test_the_summary_names_the_adapted_layers_and_the_inspector_adapts_its_rows(server):
    spec = copy.deepcopy(NORMALIZED)
    # without adapting on its check rows, Keras would refuse the Discretization's first batch
    spec["model"]["layers"][1:1] = [{"class_name": "Discretization", "config": {"num_bins": 3}}, {"class_name": "CategoryEncoding", "config": {"num_tokens": 3}}]
    reply = server.post("/api/inspect", json=spec)
    assert reply.status_code == 200, reply.text
    result = reply.json()
    assert result["problems"] == []
    assert result["summary"].splitlines()[-1] == "Adapted before fit, on the training rows only (layer.adapt(x_train)): normalization, discretization"
    assert [layer["params"] for layer in result["layers"]] == [13, 0, 0, 4]  # mean, variance, count; then weights and bias


@pytest.mark.slow
def test_the_exported_script_adapts_on_the_training_rows_before_fit(server, tmp_path):
    reply = server.post("/api/code", json=NORMALIZED)
    assert reply.status_code == 200, reply.text
    script = reply.text
    assert "n_train = int(len(x) * (1 - 0.25))\nx_train = x[:n_train]\nmodel.layers[0].adapt(x_train)  # Normalization" in script
    assert script.index(".adapt(x_train)") < script.index("model.fit(")
    path = tmp_path / "normalized.py"
    path.write_text(script + "\nprint('MEAN', *model.layers[0].adapt_mean.numpy().tolist())\n")
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "loss: " in done.stdout
    mean = [float(v) for v in next(line for line in done.stdout.splitlines() if line.startswith("MEAN")).split()[1:]]
    np.testing.assert_allclose(mean, training_rows().mean(axis=0), rtol=1e-5, atol=1e-6)


TEXT_ON_NUMBERS = {
    "dataset": {"name": "reviews", "options": {"n_samples": 200}},
    "model": {"kind": "sequential", "input": {"shape": [16], "dtype": "int32"}, "layers": [
        {"class_name": "TextVectorization", "config": {"max_tokens": 100, "output_sequence_length": 8}},
        {"class_name": "Embedding", "config": {"input_dim": 100, "output_dim": 8}},
        {"class_name": "GlobalAveragePooling1D", "config": {}},
        {"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}},
    ]},
    "compile": {"optimizer": "adam", "loss": "binary_crossentropy", "metrics": ["accuracy"]},
    "fit": {"epochs": 1, "batch_size": 32, "validation_split": 0.2},
}


def test_a_text_layer_on_a_data_set_of_numbers_is_a_located_422(server):
    reply = server.post("/api/runs", json=TEXT_ON_NUMBERS)
    assert reply.status_code == 422, reply.text
    assert reply.json()["detail"] == [{
        "loc": ["body", "model", "layers", 0], "type": "text_input",
        "msg": "TextVectorization reads text: expected the strings of a data set of text (such as “Film reviews as text (sentiment, English or Chinese)”), "
               "fed to it directly by an input of dtype string; received the int32 numbers of the dataset “Film reviews (sentiment, English or Chinese)”",
    }]  # fmt: skip
    [zh] = server.post("/api/runs?lang=zh", json=TEXT_ON_NUMBERS).json()["detail"]
    assert zh["loc"] == ["body", "model", "layers", 0] and zh["msg"].startswith("TextVectorization 读取的是文本") and "int32 数值" in zh["msg"]
    # the live summary shows the model and the problem beside it
    inspected = server.post("/api/inspect", json=TEXT_ON_NUMBERS)
    assert inspected.status_code == 200 and [p["type"] for p in inspected.json()["problems"]] == ["text_input"]


def test_text_data_needs_an_input_of_dtype_string(server):
    spec = copy.deepcopy(TEXT_ON_NUMBERS)
    spec["dataset"] = {"name": "review_texts", "options": {"n_samples": 200}}
    spec["model"]["input"] = {"shape": [1], "dtype": "float32"}
    [error] = server.post("/api/runs", json=spec).json()["detail"]
    assert error["loc"] == ["body", "model", "input", "dtype"] and error["type"] == "dataset_dtype"
    assert error["msg"] == "the dataset “Film reviews as text (sentiment, English or Chinese)” gives text (strings), so the model's input dtype must be string; received float32"
    spec["model"]["input"]["dtype"] = "string"
    spec["model"]["layers"].insert(0, {"class_name": "Dense", "config": {"units": 4}})
    [error] = server.post("/api/runs", json=spec).json()["detail"]
    assert error["loc"] == ["body", "model", "layers", 1] and error["msg"].endswith("received the output of layer 1, Dense")
    del spec["model"]["layers"][0]
    reply = server.post("/api/runs", json=spec)
    assert reply.status_code == 201, reply.text
    assert server.wait_status(reply.json()["id"], {"succeeded", "failed", "cancelled", "interrupted"}, timeout=120)["status"] == "succeeded"


def test_a_layer_keras_cannot_adapt_is_a_located_problem(server):
    spec = copy.deepcopy(TEXT_ON_NUMBERS)
    spec["dataset"] = {"name": "review_texts", "options": {"n_samples": 120}}
    spec["model"]["input"] = {"shape": [1], "dtype": "string"}
    spec["model"]["layers"] = [{"class_name": "Discretization", "config": {"num_bins": 3}}, {"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}}]
    inspected = server.post("/api/inspect", json=spec)
    assert inspected.status_code == 200, inspected.text
    [problem] = inspected.json()["problems"]
    assert problem["loc"] == ["body", "model", "layers", 0] and problem["type"] == "adapt"
    assert problem["msg"].startswith("Discretization learns its state from the data before fit (adapt), and Keras could not adapt it to this data: ")
    reply = server.post("/api/runs", json=spec)
    assert reply.status_code == 422 and reply.json()["detail"][0]["loc"] == ["body", "model", "layers", 0]
