"""Keras's own data sets: the app's loaders call the real `keras.datasets`
functions on files in the real formats, written here into a fresh Keras cache.

The one stand-in: Keras checks each cached file against the SHA-256 of the
real download, which a small test file cannot match, so the check is
replaced by one that accepts (`validate_file`), in the child process only.
"""

from __future__ import annotations

import gzip
import json
import os
import pickle
import subprocess
import sys
import tarfile

import numpy as np
import pytest

from app.datasets import DATASETS
from app.spec.errors import SpecError
from app.spec.validate import validate_spec
from tests.helpers import ROOT

RUNNER = r"""
import json, os, sys
os.environ["KERAS_BACKEND"] = "tensorflow"
import keras.src.utils.file_utils as file_utils
file_utils.validate_file = lambda *a, **k: True  # a small test file cannot have the real file's hash
from app.datasets import DATASETS
from app.datasets.loaders import load
out = {}
for name in sys.argv[1:]:
    options = DATASETS.get(name).with_defaults({"n_samples": 100} if any(p.name == "n_samples" for p in DATASETS.get(name).options) else {})
    x, y = load(name, options)
    out[name] = {"x": list(x.shape), "x_dtype": str(x.dtype), "y": list(y.shape), "y_max": float(y.max())}
print(json.dumps(out))
"""


def write_cache(home):
    data = home / "datasets"
    (data / "fashion-mnist").mkdir(parents=True)
    rng = np.random.default_rng(0)
    images = lambda n, *shape: rng.integers(0, 256, size=(n, *shape), dtype=np.uint8)  # noqa: E731
    labels = lambda n, k: rng.integers(0, k, size=n).astype(np.uint8)  # noqa: E731
    np.savez(data / "mnist.npz", x_train=images(200, 28, 28), y_train=labels(200, 10), x_test=images(50, 28, 28), y_test=labels(50, 10))
    for name, _count, header, payload in (
        ("train-labels-idx1-ubyte.gz", 200, 8, labels(200, 10)), ("t10k-labels-idx1-ubyte.gz", 50, 8, labels(50, 10)),
        ("train-images-idx3-ubyte.gz", 200, 16, images(200, 28, 28)), ("t10k-images-idx3-ubyte.gz", 50, 16, images(50, 28, 28)),
    ):  # IDX: a header, then the bytes
        with gzip.open(data / "fashion-mnist" / name, "wb") as f:
            f.write(bytes(header) + payload.tobytes())
    ragged = lambda n, top: np.array([[int(w) for w in rng.integers(1, top, size=rng.integers(5, 40))] for _ in range(n)], dtype=object)  # noqa: E731
    np.savez(data / "imdb.npz", x_train=ragged(150, 3000), y_train=labels(150, 2).astype(np.int64), x_test=ragged(50, 3000), y_test=labels(50, 2).astype(np.int64))
    np.savez(data / "reuters.npz", x=ragged(200, 3000), y=labels(200, 46).astype(np.int64))
    np.savez(data / "boston_housing.npz", x=rng.normal(size=(120, 13)), y=rng.normal(20, 5, size=120))
    np.savez(data / "california_housing.npz", x=rng.normal(size=(700, 8)), y=rng.normal(2e5, 5e4, size=700))

    def cifar(archive_name: str, folder: str, batches: dict[str, dict]):
        root = home / "build" / folder
        root.mkdir(parents=True)
        for fname, content in batches.items():
            with open(root / fname, "wb") as f:
                pickle.dump(content, f)
        with tarfile.open(data / archive_name, "w:gz") as tar:
            tar.add(root, arcname=folder)

    batch = lambda key: {b"data": np.zeros((10000, 3072), np.uint8), key: [int(v) for v in rng.integers(0, 10, size=10000)]}  # noqa: E731
    cifar("cifar-10-batches-py-target_archive", "cifar-10-batches-py", {**{f"data_batch_{i}": batch(b"labels") for i in range(1, 6)}, "test_batch": batch(b"labels")})
    big = lambda n: {b"data": np.zeros((n, 3072), np.uint8), b"fine_labels": [int(v) for v in rng.integers(0, 100, size=n)], b"coarse_labels": [int(v) for v in rng.integers(0, 20, size=n)]}  # noqa: E731
    cifar("cifar-100-python-target_archive", "cifar-100-python", {"train": big(50000), "test": big(10000)})


@pytest.fixture(scope="module")
def keras_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("keras-home")
    write_cache(home)
    return home


@pytest.mark.slow
def test_the_real_loaders_read_the_real_formats(keras_home):
    names = [d.name for d in DATASETS if d.source == "keras"]
    env = os.environ | {"KERAS_HOME": str(keras_home), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", RUNNER, *names], env=env, capture_output=True, text=True, timeout=600, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["mnist"]["x"] == [100, 28, 28, 1] and got["mnist"]["y_max"] <= 9
    assert got["fashion_mnist"]["x"] == [100, 28, 28, 1]
    assert got["cifar10"]["x"] == [100, 32, 32, 3] and got["cifar100"]["x"] == [100, 32, 32, 3]
    assert got["imdb"]["x"] == [100, 100] and got["imdb"]["x_dtype"] == "int32"
    assert got["reuters"]["x"] == [100, 100]
    assert got["boston_housing"]["x"][1] == 13 and got["california_housing"]["x"] == [480, 8]  # the small version's 600 rows, less the test split


def test_availability_follows_the_cache(keras_home, monkeypatch):
    from app.datasets.keras_sets import available

    monkeypatch.setenv("KERAS_HOME", str(keras_home))
    assert all(available(d.name) for d in DATASETS if d.source == "keras")
    monkeypatch.setenv("KERAS_HOME", str(keras_home / "nowhere"))
    assert not any(available(d.name) for d in DATASETS if d.source == "keras")


def test_a_missing_keras_data_set_points_to_its_stand_in(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    spec = {
        "dataset": {"name": "mnist", "options": {"shape": "flat"}},
        "model": {"input": {"shape": [784]}, "layers": [{"class_name": "Dense", "config": {"units": 10, "activation": "softmax"}}]},
        "compile": {"loss": "sparse_categorical_crossentropy"},
    }
    with pytest.raises(SpecError) as info:
        validate_spec(spec, for_run=True)
    [error] = info.value.detail()
    assert error["loc"] == ["body", "dataset", "name"]
    assert error["msg"].startswith('the Keras data set “MNIST handwritten digits (Keras)” is not on this server')
    assert error["msg"].endswith('Meanwhile use the bundled stand-in “Handwritten digits (8×8)”')
    # named as the data set menu names them, in the page's language
    assert "“手写数字（8×8）”" in json.dumps(info.value.detail("zh"), ensure_ascii=False)
