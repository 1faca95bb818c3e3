"""Data loaders, run in the worker: each returns (x, y) as NumPy arrays.

`x` is float32 of shape (n, *input_shape); `y` holds integer class labels of
shape (n,). The worker adapts `y` to the loss (see app.worker.data).
"""

from __future__ import annotations

import numpy as np


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def random_features(n_samples: int, n_features: int, labels: str, label_noise: float, seed: int):
    rng = _rng(seed)
    x = rng.random((n_samples, n_features), dtype=np.float32)
    if labels == "random":
        return x, rng.integers(0, 2, size=n_samples)
    w = rng.normal(size=n_features)
    score = (x - 0.5) @ w
    y = (score > np.median(score)).astype(np.int64)
    flip = rng.random(n_samples) < label_noise
    return x, np.where(flip, 1 - y, y)


def _noisy(points: np.ndarray, noise: float, rng: np.random.Generator) -> np.ndarray:
    return (points + rng.normal(scale=noise, size=points.shape)).astype(np.float32)


def _shuffled(x: np.ndarray, y: np.ndarray, rng: np.random.Generator):
    order = rng.permutation(len(x))
    return x[order], y[order]


def moons(n_samples: int, noise: float, seed: int):
    rng = _rng(seed)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    t_out, t_in = np.linspace(0, np.pi, n_out), np.linspace(0, np.pi, n_in)
    outer = np.stack([np.cos(t_out), np.sin(t_out)], axis=1)
    inner = np.stack([1 - np.cos(t_in), 0.5 - np.sin(t_in)], axis=1)
    x = _noisy(np.concatenate([outer, inner]), noise, rng)
    y = np.concatenate([np.zeros(n_out, np.int64), np.ones(n_in, np.int64)])
    return _shuffled(x, y, rng)


def circles(n_samples: int, noise: float, seed: int, factor: float = 0.5):
    rng = _rng(seed)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    outer = np.stack([np.cos(t_out), np.sin(t_out)], axis=1)
    inner = factor * np.stack([np.cos(t_in), np.sin(t_in)], axis=1)
    x = _noisy(np.concatenate([outer, inner]), noise, rng)
    y = np.concatenate([np.zeros(n_out, np.int64), np.ones(n_in, np.int64)])
    return _shuffled(x, y, rng)


def xor(n_samples: int, noise: float, seed: int):
    rng = _rng(seed)
    points = rng.uniform(-1, 1, size=(n_samples, 2))
    y = (np.sign(points[:, 0]) == np.sign(points[:, 1])).astype(np.int64)
    return _noisy(points, noise, rng), y


def spirals(n_samples: int, noise: float, seed: int):
    rng = _rng(seed)
    n0 = n_samples // 2
    arms = []
    for label, n in ((0, n0), (1, n_samples - n0)):
        r = np.linspace(0.05, 1.0, n)
        t = 1.75 * 2 * np.pi * r + label * np.pi
        arms.append(np.stack([r * np.sin(t), r * np.cos(t)], axis=1))
    x = _noisy(np.concatenate(arms), noise * 0.5, rng)
    y = np.concatenate([np.zeros(n0, np.int64), np.ones(n_samples - n0, np.int64)])
    return _shuffled(x, y, rng)


def blobs(n_samples: int, centers: int, cluster_std: float, seed: int):
    rng = _rng(seed)
    middles = rng.uniform(-6, 6, size=(centers, 2))
    y = np.arange(n_samples) % centers
    x = middles[y] + rng.normal(scale=cluster_std, size=(n_samples, 2))
    return _shuffled(x.astype(np.float32), y.astype(np.int64), rng)


def digits(n_samples: int, shape: str, seed: int):
    from sklearn.datasets import load_digits  # bundled with scikit-learn: no download

    bunch = load_digits()
    rng = _rng(seed)
    x, y = _shuffled((bunch.data / 16.0).astype(np.float32), bunch.target.astype(np.int64), rng)
    x, y = x[:n_samples], y[:n_samples]
    return (x if shape == "flat" else x.reshape(-1, 8, 8, 1)), y


def headlines(n_samples: int, seed: int):
    rng = _rng(seed)
    words = rng.integers(1, 500, size=(n_samples, 20))
    aux = rng.normal(size=(n_samples, 5)).astype(np.float32)
    hot = (words < 60).sum(axis=1)  # a few exciting words make a headline popular
    score = (hot - hot.mean()) / (hot.std() + 1e-9) + aux[:, 0] - 0.5 * aux[:, 1] + rng.normal(scale=0.5, size=n_samples)
    y = (score > np.median(score)).astype(np.int64)
    return {"main_input": words.astype(np.int32), "aux_input": aux}, {"main_output": y, "aux_output": y}


def tweet_pairs(n_samples: int, seed: int, authors: int = 6, steps: int = 16, features: int = 8):
    rng = _rng(seed)
    style = rng.normal(size=(authors, features))
    tempo = rng.uniform(0.3, 1.5, size=authors)

    def write(author: np.ndarray) -> np.ndarray:
        t = np.arange(steps)[None, :, None]
        wave = np.sin(t * tempo[author][:, None, None] + rng.uniform(0, 2 * np.pi, size=(len(author), 1, 1)))
        return (wave * style[author][:, None, :] + rng.normal(scale=0.6, size=(len(author), steps, features))).astype(np.float32)

    a = rng.integers(0, authors, size=n_samples)
    same = rng.random(n_samples) < 0.5
    b = np.where(same, a, (a + rng.integers(1, authors, size=n_samples)) % authors)
    return {"tweet_a": write(a), "tweet_b": write(b)}, {"same_author": same.astype(np.int64)}


def load(name: str, options: dict) -> tuple[np.ndarray, np.ndarray]:
    """The (x, y) of the registered data set `name` with its full options."""
    from app.datasets import DATASETS

    dataset = DATASETS.get(name)
    if dataset is None:
        raise KeyError(name)
    return globals()[dataset.loader](**dataset.with_defaults(options))
