"""What TensorBoard (and TensorFlow Playground) would show, computed in the
worker while the model trains and sent as events (see app/runs/events.md):
weight and activation histograms, the decision boundary of a 2-D data set,
the confusion matrix, sample images with their predictions, and predictions
against truth for a regression."""

from __future__ import annotations

import base64
import io
import math
from typing import Any

import keras
import numpy as np

from app.worker.data import validation_start

BUCKETS = 30  # as TensorBoard's histogram plugin
QUANTILES = (0, 7, 16, 31, 50, 69, 84, 93, 100)  # TensorBoard's distribution bands, in percent
GRID = 40  # points per axis of the decision-boundary grid
MAX_VALIDATION = 512  # samples used for the confusion matrix and the regression plot
SAMPLE_IMAGES = 12


def histogram(values: np.ndarray) -> dict[str, Any]:
    """30 equal buckets over [min, max], as TensorBoard's (one bucket for a
    constant), and quantiles."""
    values = np.asarray(values, dtype="float64").ravel()
    values = values[np.isfinite(values)]
    if values.size == 0:
        return {"buckets": [], "quantiles": []}
    lo, hi = float(values.min()), float(values.max())
    if lo == hi:
        buckets = [[lo - 0.5, hi + 0.5, int(values.size)]]
    else:
        buckets = [[float(left), float(right), int(count)] for left, right, count in tensorboard_buckets(values, BUCKETS)]
    return {"buckets": buckets, "quantiles": [float(q) for q in np.percentile(values, QUANTILES)]}


def tensorboard_buckets(values: np.ndarray, count: int = 30) -> np.ndarray:
    """TensorBoard's histogram tensor ([count, 3] rows of left edge, right
    edge, count, float64), as `tf.summary.histogram` computes it: equal
    buckets over [min, max], the last one closed; for a constant, all edges
    at the value and every element in the last bucket."""
    data = np.asarray(values, dtype="float64").ravel()
    data = data[np.isfinite(data)]  # a diverged run's NaN and inf weights have no bucket
    if data.size == 0:
        return np.zeros((count, 3))
    lo, hi = data.min(), data.max()
    if lo == hi:
        counts = np.zeros(count)
        counts[-1] = data.size
        return np.stack([np.full(count, lo), np.full(count, lo), counts], axis=1)
    index = np.minimum(np.floor((data - lo) / ((hi - lo) / count)).astype(int), count - 1)
    edges = np.linspace(lo, hi, count + 1)
    return np.stack([edges[:-1], edges[1:], np.bincount(index, minlength=count).astype("float64")], axis=1)


def plane(x: np.ndarray, points: int) -> list[np.ndarray]:
    """The x and y values of a grid over the input plane of a 2-D data set:
    the range of its first 500 samples (those drawn), padded by 10% a side."""
    xs = x[:500]
    lo, hi = xs.min(axis=0), xs.max(axis=0)
    pad = (hi - lo) * 0.1
    return [np.linspace(lo[i] - pad[i], hi[i] + pad[i], points, dtype="float32") for i in range(2)]


def grid(axes: list[np.ndarray]) -> np.ndarray:
    """The grid's points, (len(y) * len(x), 2), row by row: point r * len(x) + c is (x[c], y[r])."""
    gx, gy = np.meshgrid(*axes)
    return np.stack([gx.ravel(), gy.ravel()], axis=1)


def _png(image: np.ndarray) -> str:
    from PIL import Image

    array = np.clip(image * 255, 0, 255).astype("uint8")
    if array.ndim == 3 and array.shape[-1] == 1:
        array = array[..., 0]
    picture = Image.fromarray(array)
    scale = max(1, 48 // max(picture.size))
    picture = picture.resize((picture.width * scale, picture.height * scale), Image.NEAREST)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def _plain(values) -> list:
    return [None if not math.isfinite(v) else float(v) for v in np.asarray(values, dtype="float64").ravel()]


def histogram_every(requested: int, epochs: int, per_epoch: int, cap: int) -> int:
    """Every how many epochs a run sends histograms (0: never): as `requested`, or more
    sparsely so that its `epochs` store at most `cap` histograms, `per_epoch` at a time
    (`KP_RUN_MAX_HISTOGRAMS`). Epochs are counted from 0, so a continued run's first
    epoch may fall between two sends: never more sends than the cap allows."""
    if not requested:
        return 0
    sends = max(1, cap // max(per_epoch, 1))
    return max(requested, math.ceil(epochs / sends))


class Views(keras.callbacks.Callback):
    """Sends the views of a run after each epoch; cheap enough to stay on."""

    def __init__(self, emit, x, y, *, task: str, validation_split: float, histogram_freq: int, image: bool, stopped=lambda: False, max_histograms: int = 1_000_000):
        super().__init__()
        self.max_histograms = max_histograms  # in one event, for a model with more tensors than a run may store
        self.emit = emit
        self.stopped = stopped  # a run cut short reports no partial epoch
        self.task = task
        self.histogram_freq = histogram_freq
        self.image = image
        self.x, self.y = x, y
        single = not isinstance(x, dict) and not isinstance(y, dict)
        n = len(x) if single else 0
        # The rows fit holds out (the last ones); without a split, the last rows seen.
        self.val = slice(validation_start(n, validation_split), n) if validation_split else slice(max(0, n - MAX_VALIDATION), n)
        self.single = single and n > 0
        self.two_d = self.single and x.ndim == 2 and x.shape[1] == 2 and task != "regression"

    # -- once ----------------------------------------------------------------

    def on_train_begin(self, logs=None):
        if self.two_d:
            xs, ys = self.x[:500], self.y[:500]
            labels = ys.argmax(-1) if ys.ndim == 2 and ys.shape[1] > 1 else ys.reshape(-1)
            self.emit({"type": "points", "x": _plain(xs[:, 0]), "y": _plain(xs[:, 1]), "label": [int(v) for v in labels]})
            self.axes = plane(self.x, GRID)
            self.grid = grid(self.axes)
        if self.single and self.image:
            self.sample_x = self.x[self.val][:SAMPLE_IMAGES]
            self.emit({"type": "samples", "images": [_png(img) for img in self.sample_x], "true": [int(v) for v in self._labels(self.y[self.val][:SAMPLE_IMAGES])]})
        if self.histogram_freq:
            probe = self.x[self.val][:128] if self.single else None
            layers = [layer for layer in self.model.layers if not isinstance(layer, keras.layers.InputLayer)]
            outputs = []
            for layer in layers:
                try:
                    out = layer.output
                except (AttributeError, ValueError):
                    continue  # a shared layer has no single output
                if not isinstance(out, list | tuple):
                    outputs.append((layer.name, out))
            self.probe = probe
            self.activations = keras.Model(self.model.inputs, [o for _, o in outputs]) if (outputs and probe is not None) else None
            self.activation_names = [n for n, _ in outputs]

    # -- every epoch -------------------------------------------------------------

    def _labels(self, y: np.ndarray) -> np.ndarray:
        return y.argmax(-1) if y.ndim == 2 and y.shape[1] > 1 else np.rint(y.reshape(-1)).astype(int)

    def _predict(self, x: np.ndarray) -> np.ndarray:
        # The compiled predict step: traced once per shape (~12 ms), then ~4x faster than an eager call.
        return np.asarray(self.model.predict_on_batch(x))

    def on_epoch_end(self, epoch, logs=None):
        if self.stopped():
            return
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._histograms(epoch)
        if self.two_d:
            p = self._predict(self.grid)
            z = p[:, 0] if p.shape[-1] == 1 else p.argmax(-1).astype("float32")
            self.emit({"type": "boundary", "epoch": epoch, "x": _plain(self.axes[0]), "y": _plain(self.axes[1]), "z": [_plain(row) for row in z.reshape(GRID, GRID)], "classes": int(max(2, p.shape[-1]))})
        if not self.single:
            return
        xv, yv = self.x[self.val][:MAX_VALIDATION], self.y[self.val][:MAX_VALIDATION]
        if len(xv) == 0:
            return
        pred = self._predict(xv)
        if self.task == "regression":
            if pred.ndim == 2 and pred.shape[1] == 1:
                self.emit({"type": "regression", "epoch": epoch, "true": _plain(yv[:200]), "pred": _plain(pred[:200, 0])})
            return
        truth = self._labels(yv)
        guess = pred.argmax(-1) if pred.shape[-1] > 1 else (pred.reshape(-1) > 0.5).astype(int)
        classes = int(max(2, pred.shape[-1], truth.max() + 1))
        matrix = np.zeros((classes, classes), dtype=int)
        np.add.at(matrix, (truth, guess), 1)
        self.emit({"type": "confusion", "epoch": epoch, "matrix": matrix.tolist()})
        if self.image and hasattr(self, "sample_x"):
            self.emit({"type": "samples", "epoch": epoch, "pred": [int(v) for v in guess[: len(self.sample_x)]]})

    def _histograms(self, epoch: int) -> None:
        items = []
        for layer in self.model.layers:
            for weight in layer.weights:
                items.append({"name": weight.path, "kind": "weights", **histogram(keras.ops.convert_to_numpy(weight.value))})
        if self.activations is not None:
            outs = self.activations.predict_on_batch(self.probe)  # compiled, as _predict
            outs = outs if isinstance(outs, list | tuple) else [outs]
            for name, out in zip(self.activation_names, outs, strict=True):
                items.append({"name": name, "kind": "activations", **histogram(keras.ops.convert_to_numpy(out))})
        self.emit({"type": "histograms", "epoch": epoch, "every": self.histogram_freq, "items": items[: self.max_histograms]})
