"""Transfer learning (lesson 49): the pretrained base the app ships, used as a
layer in real runs, frozen and then fine-tuned by continuing the run."""

from __future__ import annotations

import io
import zipfile

import keras
import numpy as np

from app.catalog.layers.transfer import BASES, BASES_FOLDER
from app.datasets.loaders.bundled import digits

TRANSFER = {
    "dataset": {"name": "digits", "options": {"n_samples": 150, "shape": "image", "classes": "5-9"}},
    "model": {"kind": "sequential", "input": {"shape": [8, 8, 1]}, "layers": [
        {"class_name": "Pretrained", "config": {"model": "digits_features", "name": "base"}},
        {"class_name": "Dense", "config": {"units": 5, "activation": "softmax"}},
    ]},
    "compile": {"optimizer": {"class_name": "Adam", "config": {"learning_rate": 0.01}}, "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]},
    "fit": {"epochs": 3, "batch_size": 16, "validation_split": 0.2},
}


def shipped() -> keras.Model:
    return keras.saving.load_model(BASES_FOLDER / "digits_features.keras", safe_mode=True)


def trained(server, run_id: str, tmp_path) -> keras.Model:
    reply = server.get(f"/api/runs/{run_id}/model.keras")
    assert reply.status_code == 200
    path = tmp_path / f"{run_id}.keras"
    path.write_bytes(reply.content)
    return keras.saving.load_model(path, safe_mode=True)


def weights(model: keras.Model, layer: str) -> list[np.ndarray]:
    return [w.numpy() for w in model.get_layer(layer).weights]


def same(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def test_each_base_is_what_its_catalog_entry_says_and_is_served_for_scripts(server):
    for name, about in BASES.items():
        base = keras.saving.load_model(BASES_FOLDER / f"{name}.keras", safe_mode=True)
        assert tuple((type(layer).__name__, layer.name) for layer in base.layers) == about["layers"]
        assert tuple(base.input_shape[1:]) == about["input_shape"] and tuple(base.output_shape[1:]) == about["output_shape"]
        assert (BASES_FOLDER / f"make_{name}.py").is_file()  # with the script that made it
        served = server.get(f"/static/bases/{name}.keras")
        assert served.status_code == 200 and served.content == (BASES_FOLDER / f"{name}.keras").read_bytes()
        assert zipfile.is_zipfile(io.BytesIO(served.content))
    assert server.get("/static/bases/make_digits_features.py").status_code == 404  # only the bases themselves


def test_the_halves_of_the_digits_are_relabelled_from_zero():
    x_all, y_all = digits(1797, "image", 0, "0-9")
    x, y = digits(1797, "image", 0, "5-9")
    assert sorted(set(y.tolist())) == [0, 1, 2, 3, 4] and len(y) == int((y_all >= 5).sum())
    sample = x_all[y_all == 7][0]  # a 7 of the whole set is class 2 of the upper half
    assert any(np.array_equal(sample, image) and label == 2 for image, label in zip(x, y, strict=True))


def test_a_frozen_base_keeps_its_weights_then_a_continued_run_fine_tunes_it(server, tmp_path):
    inspected = server.post("/api/inspect", json=TRANSFER).json()
    assert inspected["total_params"] == shipped().count_params() + 32 * 5 + 5
    base = shipped()
    for _ in range(2):  # the second run of the same spec gets the worker's kept model: the base loaded afresh all the same
        first = server.post("/api/runs", json=TRANSFER).json()["id"]
        server.events(first)
        assert server.get(f"/api/runs/{first}").json()["status"] == "succeeded"
        model = trained(server, first, tmp_path)
        for layer in ("conv_1", "bn_1", "conv_2", "bn_2"):  # frozen: what it learned on 0-4, moving statistics too
            assert same(weights(model.get_layer("base"), layer), weights(base, layer)), layer
    head = model.layers[-1].kernel.numpy()

    refused = server.post(f"/api/runs/{first}/continue?lang=zh", json={"unfreeze": False})
    assert refused.status_code == 422 and "true" in refused.text and "收到的是 false" in refused.text
    tuned = server.post(f"/api/runs/{first}/continue", json={"epochs": 2, "unfreeze": True, "optimizer": {"class_name": "Adam", "config": {"learning_rate": 0.0001}}}).json()["id"]
    epochs = [e["epoch"] for e in server.events(tuned) if e["type"] == "epoch"]
    run = server.get(f"/api/runs/{tuned}").json()
    assert run["status"] == "succeeded" and epochs == [3, 4]
    assert run["spec"]["model"]["layers"][0]["config"]["trainable"] is True
    model = trained(server, tuned, tmp_path)
    fine = model.get_layer("base")
    assert fine.trainable and not fine.get_layer("bn_1").trainable
    for layer in ("conv_1", "conv_2"):  # fine-tuned
        assert not same(weights(fine, layer), weights(base, layer)), layer
    for layer in ("bn_1", "bn_2"):  # its BatchNormalization stayed frozen: gamma, beta and the moving statistics
        assert same(weights(fine, layer), weights(base, layer)), layer
    assert not np.array_equal(model.layers[-1].kernel.numpy(), head)

    again = server.post(f"/api/runs/{tuned}/continue", json={"unfreeze": True})
    assert again.status_code == 422 and again.json()["detail"][0]["type"] == "nothing_to_unfreeze"
