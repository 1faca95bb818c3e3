"""What the worker holds of a data set (app/worker/data.py): the inspector a
few rows of each set it checked, a training job class numbers where the loss
wants one-hot rows (fit gets them one-hot, a batch at a time)."""

from __future__ import annotations

import copy
import gc
import json
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from app.spec.validate import validate_spec

ROOT = Path(__file__).resolve().parents[2]
DIGITS = json.loads((ROOT / "app/lessons/39-accuracy-metrics/preset.json").read_text())  # categorical_crossentropy
HEADLINES = json.loads((ROOT / "app/lessons/05-functional-api/preset.json").read_text())
CONFIG = {"max_params": 10**7}


def checked(raw: dict) -> dict:
    """The inspector's answer for a spec, problems included."""
    import keras

    from app.worker import inspect

    spec = validate_spec(raw, for_run=True).model_dump(mode="json")
    reply = inspect.run({"spec": spec, "check": True}, CONFIG)
    keras.backend.clear_session()
    assert reply["ok"], reply
    return reply["result"]


def videos(seed: int) -> dict:
    """A spec on 500 videos of 16 frames of 32×32: 35 MB of x and y."""
    return {
        "dataset": {"name": "moving_dots", "options": {"n_samples": 500, "frames": 16, "size": 32, "seed": seed}},
        "model": {"input": {"shape": [16, 32, 32, 1]}, "layers": [{"class_name": "Dense", "config": {"units": 1}}]},
        "compile": {"optimizer": "adam", "loss": "mse"},
        "fit": {"epochs": 1},
    }


def test_the_inspector_keeps_a_few_rows_of_each_data_set_it_checks():
    checked(videos(100))  # Keras's first-use costs, outside the count
    gc.collect()
    tracemalloc.start()  # NumPy reports its buffers to tracemalloc
    try:
        for seed in range(9):
            assert checked(videos(seed))["problems"] == []
        gc.collect()
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # 9 × 8 rows of x and y are 9.4 MB; the whole sets, 35 MB each, were 279 MB (8 of them cached)
    assert held < 24 * 2**20, f"{held / 2**20:.0f} MB held after checking 9 data sets"


def test_an_embedding_is_checked_against_the_largest_id_of_all_rows():
    from app.datasets import loaders

    options = {"n_samples": 300, "maxlen": 16, "vocab_size": 1000, "language": "en", "seed": 0}
    ids, _ = loaders.load("reviews", options)
    largest = int(ids.max())
    assert int(ids[:8].max()) < largest  # the check's own rows would not find it

    def embedding(input_dim: int) -> dict:
        layers = [{"class_name": "Embedding", "config": {"input_dim": input_dim, "output_dim": 4}},
                  {"class_name": "GlobalAveragePooling1D", "config": {}}, {"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}}]  # fmt: skip
        return {"dataset": {"name": "reviews", "options": options}, "model": {"input": {"shape": [16], "dtype": "int32"}, "layers": layers},
                "compile": {"optimizer": "adam", "loss": "binary_crossentropy"}, "fit": {"epochs": 1}}  # fmt: skip

    [problem] = checked(embedding(largest))["problems"]
    assert problem["loc"] == ["model", "layers", 0, "config", "input_dim"] and problem["code"] == "embedding_range"
    assert problem["ctx"]["largest"] == largest and problem["ctx"]["needed"] == largest + 1
    assert checked(embedding(largest + 1))["problems"] == []
    named = copy.deepcopy(HEADLINES)  # an input of several, by name: ids 1…499
    named["model"]["nodes"][0]["config"]["input_dim"] = 499
    [problem] = checked(named)["problems"]
    assert problem["loc"] == ["model", "nodes", 0, "config", "input_dim"] and problem["ctx"]["largest"] == 499


def digits(n: int = 300) -> dict:
    spec = copy.deepcopy(DIGITS)
    spec["dataset"]["options"]["n_samples"] = n
    return spec


def headlines(n: int = 300) -> dict:
    """The functional lesson's two outputs, the main one as two classes for categorical crossentropy."""
    spec = copy.deepcopy(HEADLINES)
    spec["dataset"]["options"]["n_samples"] = n
    spec["model"]["nodes"][-1]["config"] = {"units": 2, "activation": "softmax"}
    spec["compile"]["loss"]["main_output"] = "categorical_crossentropy"
    return spec


def valid(raw: dict) -> dict:
    return validate_spec(raw, for_run=True).model_dump(mode="json")


def fit_logs(spec: dict, y, classes) -> dict:
    import keras

    from app.worker import data
    from app.worker.build import build_model, compile_model

    keras.utils.set_random_seed(3)
    model = build_model(spec["model"])
    compile_model(model, spec["compile"])
    history = model.fit(**data.pipelines(data.training_data(spec)[0], y, spec["fit"], classes), epochs=2, verbose=0)
    keras.backend.clear_session()
    return {k: [round(float(v), 6) for v in values] for k, values in history.history.items()}


def test_class_numbers_are_kept_and_fit_gets_one_hot_batches():
    from app.worker import data

    spec = valid(digits())
    x, y = data.training_data(spec)
    assert (y.dtype, y.shape) == (np.int32, (300,))  # not (300, 10) float32
    classes = data.one_hot_classes(spec)
    assert classes == 10
    feed = data.pipelines(x, y, spec["fit"], classes)
    seen = []
    for part in ("x", "validation_data"):
        for _, batch in feed[part]:
            assert batch.dtype.name == "float32" and batch.shape[1:] == (10,) and np.all(batch.numpy().sum(axis=1) == 1)
            seen.append(batch.numpy().argmax(axis=1))
    assert sorted(np.concatenate(seen)) == sorted(y)  # every row once, its own class
    assert next(iter(feed["x"]))[1].shape == (32, 10)
    # the same training as one-hot rows held in memory
    dense = fit_logs(spec, data.one_hot(y, classes), 0)
    assert fit_logs(spec, y, classes) == dense and {"accuracy", "top_k_categorical_accuracy", "val_loss"} <= set(dense)


def test_each_output_keeps_the_targets_its_loss_takes():
    from app.worker import data

    spec = valid(headlines())
    _, y = data.training_data(spec)
    assert (y["main_output"].dtype, y["main_output"].shape) == (np.int32, (300,))
    assert (y["aux_output"].dtype, y["aux_output"].shape) == (np.float32, (300, 1))  # binary crossentropy's 0/1 column
    classes = data.one_hot_classes(spec)
    assert classes == {"main_output": 2, "aux_output": 0}
    _, batch = next(iter(data.pipelines(data.training_data(spec)[0], y, spec["fit"], classes)["x"]))
    assert batch["main_output"].shape == (64, 2) and batch["aux_output"].shape == (64, 1)
    assert fit_logs(spec, y, classes) == fit_logs(spec, data.one_hot(y, classes), {"main_output": 0, "aux_output": 0})
    assert checked(spec)["problems"] == []


@pytest.mark.parametrize("spec", [digits, headlines], ids=["categorical", "two-outputs"])
def test_a_run_with_categorical_crossentropy_trains_through_the_worker(server, spec):
    raw = spec(200)
    raw["fit"]["epochs"] = 2
    events = server.events(server.post("/api/runs", json=raw).json()["id"])
    assert events[-1]["status"] == "succeeded", events[-1]
    epochs = [e for e in events if e["type"] == "epoch"]
    assert len(epochs) == 2 and all(np.isfinite(v) for e in epochs for v in e["logs"].values())
    if spec is digits:
        assert "top_k_categorical_accuracy" in epochs[0]["logs"]
        confusion = [e for e in events if e["type"] == "confusion"]
        assert len(confusion) == 2 and np.array(confusion[0]["matrix"]).shape == (10, 10) and np.sum(confusion[0]["matrix"]) == 40
