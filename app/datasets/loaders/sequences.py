"""Generated sequences: time series windows, a long-range memory task,
moving-dot videos, and the two-input data sets of the functional lesson."""

from __future__ import annotations

import numpy as np


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def time_series(n_samples: int, window: int, noise: float, seed: int):
    """Windows of a noisy seasonal series; the target is the value right after each window."""
    rng = _rng(seed)
    t = np.arange(n_samples + window, dtype=np.float32)
    series = np.sin(t * 2 * np.pi / 24) + 0.5 * np.sin(t * 2 * np.pi / 7) + rng.normal(scale=noise, size=t.size)
    x = np.stack([series[i : i + window] for i in range(n_samples)]).astype(np.float32)[..., None]
    y = series[window : window + n_samples].astype(np.float32)
    return x, y


def long_memory(n_samples: int, steps: int, seed: int):
    """The label is the sign of the first step; every later step is noise to remember through."""
    rng = _rng(seed)
    y = rng.integers(0, 2, size=n_samples)
    x = rng.normal(scale=0.5, size=(n_samples, steps, 1)).astype(np.float32)
    x[:, 0, 0] = np.where(y == 1, 1.0, -1.0)
    return x, y


def moving_dots(n_samples: int, frames: int, size: int, seed: int):
    """Videos of a 2×2 dot bouncing off the walls; the target is each next frame."""
    rng = _rng(seed)
    video = np.zeros((n_samples, frames + 1, size, size, 1), dtype=np.float32)
    pos = rng.integers(0, size - 1, size=(n_samples, 2))
    vel = rng.choice([-1, 1], size=(n_samples, 2))
    for f in range(frames + 1):
        for i in range(n_samples):
            r, c = pos[i]
            video[i, f, r : r + 2, c : c + 2, 0] = 1.0
        nxt = pos + vel
        bounce = (nxt < 0) | (nxt > size - 2)
        vel = np.where(bounce, -vel, vel)
        pos = np.clip(pos + vel, 0, size - 2)
    return video[:, :-1], video[:, 1:]


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
