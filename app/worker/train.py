"""The training job: build, compile and fit a spec's model, streaming events.

The streaming path, in one sentence: `Stream` turns Keras's batch and epoch
logs into plain JSON events and sends them up the pipe; the web process
stores each with its sequence number and fans it out to websockets.
"""

from __future__ import annotations

import math
import shutil
import time
from pathlib import Path
from typing import Any

import keras
import numpy as np
import tensorflow as tf
from tensorboard.plugins.histogram import metadata

from app.keras_ext.pretrained import set_trainable
from app.runs.reasons import why
from app.worker import adapt, data, neurons, views, warm
from app.worker.build import BuildError, compile_model, limits_for, make_callbacks
from app.worker.controls import Controls


def clean_logs(logs: dict[str, Any] | None) -> dict[str, float | None]:
    """Plain floats; NaN and infinity become null (JSON has neither)."""
    out = {}
    for key, value in (logs or {}).items():
        v = float(value)
        out[key] = v if math.isfinite(v) else None
    return out


class Stream(keras.callbacks.Callback):
    def __init__(self, emit, cancel_event, parent_alive, controls: Controls, time_limit: float, interval: float):
        super().__init__()
        self.emit = emit
        self.cancel_event = cancel_event
        self.parent_alive = parent_alive
        self.controls = controls
        self.time_limit = time_limit
        self.interval = interval
        self.reason: str | None = None
        self.epoch = 0
        self.epochs_done = 0
        self._t0 = time.monotonic()
        self._last_batch = -math.inf

    def _stop(self, reason: str) -> None:
        self.reason = reason
        self.model.stop_training = True

    def _check(self, batch: int) -> bool:
        """Stop for a cancel, the time limit (time paused excluded) or a lost web process; True once stopping."""
        now = time.monotonic()
        if self.reason is None:
            if self.cancel_event.is_set():
                self._stop("cancelled")
            elif now - self._t0 - self.controls.paused(now) > self.time_limit:
                self._stop("timeout")
            elif self.controls.stop_requested or (batch % 16 == 0 and not self.parent_alive()):
                self._stop("orphaned")
        return self.reason is not None

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_train_batch_begin(self, batch, logs=None):
        # Here every callback has finished the epoch before: a pause shows all of it.
        if not self.reason:
            self.controls.between_batches(self.model, self.epoch, batch, stopping=lambda: self._check(0))

    def on_train_batch_end(self, batch, logs=None):
        now = time.monotonic()
        self._check(batch)
        if now - self._last_batch >= self.interval:
            self._last_batch = now
            steps = self.params.get("steps")
            self.emit({"type": "batch", "epoch": self.epoch, "batch": batch, "steps": steps, "logs": clean_logs(logs)})

    def on_epoch_end(self, epoch, logs=None):
        if self.reason:
            return  # a partial epoch cut short by a stop request is not reported
        logs = clean_logs(logs)
        logs["learning_rate"] = float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate))
        self.epochs_done = epoch + 1
        self.emit({"type": "epoch", "epoch": epoch, "logs": logs, "at": round(time.time(), 3)})


def run(message: dict[str, Any], send, cancel_event, parent_alive, controls: Controls, config: dict[str, Any]) -> dict[str, Any]:
    run_id, spec = message["run_id"], message["spec"]

    def emit(event: dict[str, Any]) -> None:
        send({"kind": "event", "run_id": run_id, "event": event})

    controls.emit = emit

    emit({"type": "status", "status": "running"})
    x, y = data.training_data(spec)
    run_dir = Path(config["data_dir"]) / "runs" / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    resume = spec.get("resume")
    if resume:  # the history goes on from the parent's
        parent_history = Path(config["data_dir"]) / "runs" / resume["run"] / "history.csv"
        if parent_history.exists():
            shutil.copyfile(parent_history, run_dir / "history.csv")
    if adapt.adapted_layers(spec["model"]):
        # A kept model's traced functions hold the state its layers were adapted to
        # (Normalization's mean is a constant in them): adapted models start fresh.
        warm.forget()
    try:
        # checked at submit too; again here, where the worker's own limits hold (a run queued
        # before they were lowered, another web process's settings)
        model = _resumed(spec, config) if resume else warm.model_for(spec, limits_for(spec, config))
        if not resume:  # a continued run keeps the state its parent was adapted to
            adapt.for_fit(model, spec, x)
    except BuildError as e:
        return {"status": "failed", **why("build", detail=e.summary())}
    if resume and not resume.get("keep_optimizer", True):
        compile_model(model, spec["compile"])
    fit = spec["fit"]
    first = resume["initial_epoch"] if resume else 0
    last = first + fit["epochs"]
    limit = config["run_time_limit"]
    every = views.histogram_every(spec.get("views", {}).get("histogram_freq", 0), fit["epochs"], len(model.weights) + len(model.layers), config["max_histograms"])
    stream = Stream(emit, cancel_event, parent_alive, controls, limit, config["batch_interval"])
    model.fit(
        **data.pipelines(x, y, fit, data.one_hot_classes(spec)), initial_epoch=first, epochs=last,
        callbacks=[stream, *_views(spec, x, y, stream, emit, every, config["max_histograms"]), *_files(spec, run_dir, every), *make_callbacks(spec.get("callbacks", []), str(run_dir))],
        verbose=0,
    )  # fmt: skip
    done = stream.epochs_done - first if stream.epochs_done else 0
    if stream.reason == "cancelled":
        return {"status": "cancelled", **why("cancelled_after", "detail", done=done)}
    if stream.reason == "timeout":
        return {"status": "failed", **why("time_limit", limit=float(limit), done=done)}
    if stream.reason == "orphaned":
        return {"status": "interrupted", **why("interrupted")}
    _save(model, run_dir)
    if stream.epochs_done == last:
        return {"status": "succeeded"}
    return {"status": "succeeded", **why("stopped_early", "detail", done=done, epochs=fit["epochs"])}


def _resumed(spec: dict[str, Any], config: dict[str, Any]) -> keras.Model:
    """The parent run's trained model, with its optimizer state (or a new optimizer)."""
    path = Path(config["data_dir"]) / "runs" / spec["resume"]["run"] / "model.keras"
    model = keras.saving.load_model(path, compile=spec["resume"].get("keep_optimizer", True), safe_mode=True)
    _pretrained_as_specified(model, spec["model"])
    return model


def _pretrained_as_specified(model: keras.Model, model_spec: dict[str, Any]) -> None:
    """Each Pretrained layer frozen or not as the spec says now: a run continued with
    `unfreeze` fine-tunes what its parent kept frozen (its BatchNormalization layers
    stay frozen unless the spec says otherwise)."""
    refs = [(ref["config"].get("name") or ref["config"]["model"], ref["config"]) for ref in model_spec.get("layers", []) if ref["class_name"] == "Pretrained"]
    refs += [(node["name"], node["config"]) for node in model_spec.get("nodes", []) if node.get("class_name") == "Pretrained"]
    for name, config in refs:
        set_trainable(model.get_layer(name), config.get("trainable", False), config.get("freeze_batch_norm", True))


def _views(spec: dict[str, Any], x, y, stream: Stream, emit, every: int, max_histograms: int) -> list[keras.callbacks.Callback]:
    from app.datasets import DATASETS

    dataset = DATASETS.get(spec["dataset"]["name"])
    options = dataset.with_defaults(spec["dataset"].get("options", {}))
    image = not isinstance(x, dict) and x.ndim == 4 and x.shape[-1] in (1, 3)
    settings = spec.get("views", {})

    def stopped() -> bool:
        return stream.reason is not None

    shown = [views.Views(emit, x, y, task=dataset.task_for(options), validation_split=spec["fit"]["validation_split"],
                         histogram_freq=every, image=image, stopped=stopped, max_histograms=max_histograms)]  # fmt: skip
    if settings.get("neurons", True):
        shown.append(neurons.Neurons(emit, x, stopped=stopped))
    return shown


class EpochTensorBoard(keras.callbacks.TensorBoard):
    """Keras's TensorBoard callback, minus two costs (profiled), writing the
    same files, graph included:

    - with `update_freq="epoch"` Keras 3 still builds a `batch_*` summary for
      every batch and then drops it (~0.3 ms a batch); passing no logs skips it;
    - its weight histograms are bucketed by ~30 eager TensorFlow ops a weight
      (~3 ms each, 0.37 s of a 20-epoch lesson preset); NumPy buckets them the
      same way (`views.tensorboard_buckets`) in microseconds."""

    def on_train_batch_end(self, batch, logs=None):
        super().on_train_batch_end(batch, None)

    def _log_weights(self, epoch):
        summary_metadata = metadata.create_summary_metadata(display_name=None, description=None)
        with self._train_writer.as_default():
            for layer in self.model.layers:
                for weight in layer.weights:
                    buckets = views.tensorboard_buckets(keras.ops.convert_to_numpy(weight.value))
                    tf.summary.write(f"{weight.path.replace(':', '_')}/histogram", tf.constant(buckets), step=epoch, metadata=summary_metadata)
            self._train_writer.flush()


def _files(spec: dict[str, Any], run_dir: Path, every: int) -> list[keras.callbacks.Callback]:
    """The run's files to take away: Keras's own CSV history and TensorBoard logs
    (histograms as often as the live view has them)."""
    files: list[keras.callbacks.Callback] = [
        EpochTensorBoard(log_dir=str(run_dir / "tensorboard"), histogram_freq=every, write_graph=True),
    ]
    if not any(cb["class_name"] == "CSVLogger" for cb in spec.get("callbacks", [])):  # the learner's own writes the same file
        files.append(keras.callbacks.CSVLogger(str(run_dir / "history.csv"), append=bool(spec.get("resume"))))
    return files


def _save(model: keras.Model, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    model.save(folder / "model.keras")


def warm_up() -> None:
    """One tiny fit, so the first real job does not pay TensorFlow's first-use costs."""
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    x = np.random.default_rng(0).random((64, 4), dtype=np.float32)
    model.fit(x, (x[:, :1] > 0.5).astype("float32"), epochs=2, batch_size=16, validation_split=0.25, verbose=0)
    model.predict(x[:4], verbose=0)
