"""Keras's own data sets, through the real `keras.datasets` loaders.

They read the files in Keras's cache (`$KERAS_HOME/datasets`, by default
`~/.keras/datasets`); the app never downloads during a run. Where the
internet is reachable, `python -m app.datasets fetch` (or `make datasets`)
fills the cache. A subset of the training split is used, shuffled by seed.
"""

from __future__ import annotations

import numpy as np


def _subset(x, y, n_samples: int, seed: int):
    order = np.random.default_rng(seed).permutation(len(x))[:n_samples]
    return x[order], y[order]


def _images(load, n_samples: int, shape: str, seed: int):
    (x, y), _ = load()
    x, y = _subset(x, y.reshape(-1), n_samples, seed)
    x = x.astype(np.float32) / 255.0
    if x.ndim == 3:  # grayscale: (n, 28, 28)
        x = x.reshape(len(x), -1) if shape == "flat" else x[..., None]
    return x, y.astype(np.int64)


def mnist(n_samples: int, shape: str, seed: int):
    import keras

    return _images(keras.datasets.mnist.load_data, n_samples, shape, seed)


def fashion_mnist(n_samples: int, shape: str, seed: int):
    import keras

    return _images(keras.datasets.fashion_mnist.load_data, n_samples, shape, seed)


def cifar10(n_samples: int, seed: int):
    import keras

    return _images(keras.datasets.cifar10.load_data, n_samples, "image", seed)


def cifar100(n_samples: int, label_mode: str, seed: int):
    import keras

    return _images(lambda: keras.datasets.cifar100.load_data(label_mode=label_mode), n_samples, "image", seed)


def _sequences(load, n_samples: int, num_words: int, maxlen: int, seed: int):
    import keras

    (x, y), _ = load(num_words=num_words)
    x, y = _subset(x, y, n_samples, seed)
    return keras.utils.pad_sequences(x, maxlen=maxlen).astype(np.int32), y.astype(np.int64)


def imdb(n_samples: int, num_words: int, maxlen: int, seed: int):
    import keras

    return _sequences(keras.datasets.imdb.load_data, n_samples, num_words, maxlen, seed)


def reuters(n_samples: int, num_words: int, maxlen: int, seed: int):
    import keras

    return _sequences(keras.datasets.reuters.load_data, n_samples, num_words, maxlen, seed)


def _table(load, seed: int):
    (x, y), _ = load()
    x, y = _subset(x, y, len(x), seed)
    x = (x - x.mean(axis=0)) / (x.std(axis=0) + 1e-12)
    return x.astype(np.float32), y.astype(np.float32)


def boston_housing(seed: int):
    import keras

    return _table(keras.datasets.boston_housing.load_data, seed)


def california_housing(seed: int):
    import keras

    return _table(lambda: keras.datasets.california_housing.load_data(version="small"), seed)
