"""Generated toy data: random features, 2-D classification sets, curves.

Every loader returns (x, y) as NumPy arrays: `x` float32 of shape
(n, *input_shape); `y` integer class labels of shape (n,), or float32 values
for regression. The worker shapes `y` for the loss (app/datasets/targets.py).
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


def curve(n_samples: int, function: str, noise: float, seed: int):
    rng = _rng(seed)
    x = np.sort(rng.uniform(-3, 3, size=n_samples)).astype(np.float32)
    clean = {"sine": np.sin(x), "cubic": x**3 / 9, "abs": np.abs(x) - 1.5, "step": np.where(x > 0, 1.0, -1.0)}[function]
    y = (clean + rng.normal(scale=noise, size=n_samples)).astype(np.float32)
    order = rng.permutation(n_samples)  # shuffled, so a validation split takes points from everywhere
    return x[order].reshape(-1, 1), y[order]


def line(n_samples: int, slope: float, intercept: float, noise: float, seed: int):
    rng = _rng(seed)
    x = np.linspace(0, 2, n_samples, dtype=np.float32) if n_samples > 3 else np.arange(n_samples, dtype=np.float32)
    y = (slope * x + intercept + rng.normal(scale=noise, size=n_samples)).astype(np.float32)
    return x.reshape(-1, 1), y
