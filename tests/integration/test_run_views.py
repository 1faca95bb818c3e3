"""What a run shows besides its curves, and the files it leaves: views sent
as events while it trains, Keras's own history and TensorBoard logs, the
model, and continuing a finished run."""

from __future__ import annotations

import csv
import io
import math
import zipfile

import keras
import numpy as np
import pytest
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.util import tensor_util

import app.keras_ext  # noqa: F401 - registers the app's layers for load_model

MOONS = {
    "dataset": {"name": "moons", "options": {"n_samples": 200}},
    "model": {"input": {"shape": [2]}, "layers": [
        {"class_name": "Dense", "config": {"units": 8, "activation": "relu"}},
        {"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}}]},
    "compile": {"optimizer": "adam", "loss": "binary_crossentropy", "metrics": ["accuracy"]},
    "fit": {"epochs": 3, "batch_size": 32, "validation_split": 0.25},
    "views": {"histogram_freq": 1},
}


@pytest.fixture(scope="module")
def moons_run(server):
    run_id = server.post("/api/runs", json=MOONS).json()["id"]
    events = server.events(run_id)
    assert events[-1]["status"] == "succeeded"
    return run_id, events


def test_views_arrive_as_events(moons_run):
    _, events = moons_run
    kinds = [e["type"] for e in events]
    points = next(e for e in events if e["type"] == "points")
    assert len(points["x"]) == 200 and set(points["label"]) == {0, 1}
    assert [e["epoch"] for e in events if e["type"] == "boundary"] == [0, 1, 2]
    boundary = next(e for e in events if e["type"] == "boundary")
    assert len(boundary["z"]) == 40 and len(boundary["z"][0]) == 40 and 0 <= boundary["z"][0][0] <= 1
    confusion = [e for e in events if e["type"] == "confusion"]
    assert len(confusion) == 3 and sum(map(sum, confusion[0]["matrix"])) == 50  # the 25% held out
    histograms = [e for e in events if e["type"] == "histograms"]
    assert [h["epoch"] for h in histograms] == [0, 1, 2]
    names = {(i["kind"], i["name"]) for i in histograms[0]["items"]}
    assert ("weights", "sequential/dense/kernel") in names or any(k == "weights" and n.endswith("kernel") for k, n in names)
    assert any(k == "activations" for k, _ in names)
    kernel = next(i for i in histograms[0]["items"] if i["kind"] == "weights" and i["name"].endswith("kernel"))
    assert len(kernel["buckets"]) == 30 and sum(b[2] for b in kernel["buckets"]) == 16  # 2×8 weights
    assert len(kernel["quantiles"]) == 9
    assert kinds.index("points") < kinds.index("boundary")


def test_the_run_files(server, moons_run, tmp_path):
    run_id, _ = moons_run
    reply = server.get(f"/api/runs/{run_id}/model.keras")
    assert reply.status_code == 200
    (tmp_path / "m.keras").write_bytes(reply.content)
    model = keras.saving.load_model(tmp_path / "m.keras")
    assert model.count_params() == 2 * 8 + 8 + 8 + 1

    rows = list(csv.DictReader(io.StringIO(server.get(f"/api/runs/{run_id}/history.csv").text)))
    assert [r["epoch"] for r in rows] == ["0", "1", "2"]
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(rows[0])

    archive = zipfile.ZipFile(io.BytesIO(server.get(f"/api/runs/{run_id}/tensorboard.zip").content))
    archive.extractall(tmp_path / "logs")
    train_dir = next(p for p in (tmp_path / "logs" / "tensorboard").iterdir() if p.name == "train")
    events = EventAccumulator(str(train_dir), size_guidance={"tensors": 0, "scalars": 0})
    events.Reload()
    tags = events.Tags()
    values = events.Tensors("epoch_loss") if "epoch_loss" in tags.get("tensors", []) else events.Scalars("epoch_loss")
    assert len(values) == 3
    # the weight histograms TensorBoard's Histograms and Distributions dashboards read
    kernel = next(tag for tag in tags["tensors"] if tag.endswith("kernel/histogram"))
    assert events.SummaryMetadata(kernel).plugin_data.plugin_name == "histograms"
    steps = events.Tensors(kernel)
    assert [s.step for s in steps] == [0, 1, 2]
    buckets = tensor_util.make_ndarray(steps[-1].tensor_proto)
    assert buckets.shape == (30, 3) and buckets[:, 2].sum() in (2 * 8, 8 * 1)  # one count per kernel entry
    assert server.get("/api/runs/0123456789abcdef/model.keras").status_code == 404


@pytest.mark.parametrize("values", [
    np.random.default_rng(0).normal(size=(17, 5)),
    np.arange(10.0),
    np.full(7, 0.25),
    np.array([-1.0, 1.0]),
    np.zeros(0),
])
def test_tensorboard_buckets_are_tensorboards_own(values):
    # The TensorBoard log's histograms are bucketed in NumPy; TensorBoard's
    # own NumPy reference (histogram_pb) says what they must be.
    from tensorboard.plugins.histogram.summary_v2 import histogram_pb

    from app.worker.views import tensorboard_buckets

    expected = tensor_util.make_ndarray(histogram_pb("t", values).value[0].tensor)
    np.testing.assert_allclose(tensorboard_buckets(values), expected)


def test_continuing_a_run(server, moons_run):
    run_id, events = moons_run
    reply = server.post(f"/api/runs/{run_id}/continue", json={"epochs": 2})
    assert reply.status_code == 201, reply.text
    child = reply.json()["id"]
    child_events = server.events(child)
    assert child_events[-1]["status"] == "succeeded"
    assert [e["epoch"] for e in child_events if e["type"] == "epoch"] == [3, 4]  # the curves go on
    run = server.get(f"/api/runs/{child}").json()
    assert run["spec"]["resume"] == {"run": run_id, "initial_epoch": 3, "keep_optimizer": True}
    rows = list(csv.DictReader(io.StringIO(server.get(f"/api/runs/{child}/history.csv").text)))
    assert [r["epoch"] for r in rows] == ["0", "1", "2", "3", "4"]
    changed = server.post(f"/api/runs/{child}/continue", json={"epochs": 1, "optimizer": {"class_name": "SGD", "config": {"learning_rate": 0.01}}})
    assert server.events(changed.json()["id"])[-1]["status"] == "succeeded"
    assert server.get(f"/api/runs/{changed.json()['id']}").json()["epochs"][0]["epoch"] == 5


@pytest.mark.parametrize(
    ("dataset", "shape", "layers", "loss", "kind"),
    [
        ({"name": "digits", "options": {"n_samples": 200, "shape": "image"}}, [8, 8, 1],
         [{"class_name": "Flatten", "config": {}}, {"class_name": "Dense", "config": {"units": 10, "activation": "softmax"}}], "sparse_categorical_crossentropy", "samples"),
        ({"name": "curve", "options": {"n_samples": 100}}, [1],
         [{"class_name": "Dense", "config": {"units": 8, "activation": "tanh"}}, {"class_name": "Dense", "config": {"units": 1}}], "mse", "regression"),
    ],
)
def test_images_and_regressions_show_their_predictions(server, dataset, shape, layers, loss, kind):
    spec = {"dataset": dataset, "model": {"input": {"shape": shape}, "layers": layers}, "compile": {"loss": loss}, "fit": {"epochs": 2}}
    events = server.events(server.post("/api/runs", json=spec).json()["id"])
    found = [e for e in events if e["type"] == kind]
    if kind == "samples":
        assert len(found[0]["images"]) == 12 and found[0]["images"][0].startswith("data:image/png;base64,")
        assert [len(e["pred"]) for e in found[1:]] == [12, 12]
    else:
        assert len(found) == 2 and len(found[0]["true"]) == len(found[0]["pred"]) == 20


def test_a_diverged_runs_weights_are_bucketed_without_their_nan_and_inf():
    # A run stopped by TerminateOnNaN still logs its weights at the end of the epoch.
    from app.worker.views import tensorboard_buckets

    finite = np.array([-1.0, 0.5, 2.0])
    with_bad = np.array([-1.0, np.nan, 0.5, np.inf, 2.0, -np.inf])
    np.testing.assert_allclose(tensorboard_buckets(with_bad), tensorboard_buckets(finite))
    assert tensorboard_buckets(np.array([np.nan, np.nan])).shape == (30, 3)


def test_a_run_stores_at_most_its_cap_of_histograms_sent_more_sparsely(tmp_path):
    """6 histograms an epoch (2 kernels, 2 biases, 2 activations), asked every epoch for 20
    epochs, a cap of 30: 5 sends, every 4 epochs, live and in the TensorBoard files alike."""
    from tests.helpers import Server

    server = Server(tmp_path, KP_WORKERS="1", KP_RUN_MAX_HISTOGRAMS="30").start()
    try:
        long = MOONS | {"fit": MOONS["fit"] | {"epochs": 20}}
        run_id = server.post("/api/runs", json=long).json()["id"]
        events = server.events(run_id)
        assert events[-1]["status"] == "succeeded"
        histograms = [e for e in events if e["type"] == "histograms"]
        assert [h["epoch"] for h in histograms] == [0, 4, 8, 12, 16] and {h["every"] for h in histograms} == {4}
        assert sum(len(h["items"]) for h in histograms) == 30
        archive = zipfile.ZipFile(io.BytesIO(server.get(f"/api/runs/{run_id}/tensorboard.zip").content))
        archive.extractall(tmp_path / "logs")
        logs = EventAccumulator(str(tmp_path / "logs" / "tensorboard" / "train"), size_guidance={"tensors": 0})
        logs.Reload()
        kernel = next(tag for tag in logs.Tags()["tensors"] if tag.endswith("kernel/histogram"))
        assert [s.step for s in logs.Tensors(kernel)] == [0, 4, 8, 12, 16]
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("requested", "epochs", "per_epoch", "cap", "every"),
    [(0, 100, 6, 2000, 0), (1, 100, 6, 2000, 1), (5, 100, 6, 2000, 5), (1, 100, 150, 2000, 8), (1, 20, 6, 30, 4), (1, 10, 5000, 2000, 10), (3, 1000, 100, 2000, 50)],
)
def test_histogram_every(requested, epochs, per_epoch, cap, every):
    from app.worker.views import histogram_every

    assert histogram_every(requested, epochs, per_epoch, cap) == every
    if requested:
        assert math.ceil(epochs / every) * min(per_epoch, cap) <= max(cap, min(per_epoch, cap))  # never past the cap
