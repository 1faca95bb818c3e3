"""A training job's unexpected exception, as a learner should hear of it.

Keras's and TensorFlow's own refusals (a shape that does not fit, labels out
of range) teach something: the learner sees Keras's words, without paths or
argument dumps. Running out of memory says what to change. Anything else is
a fault of the server: the learner gets a sentence and the run id, the log
gets the traceback (app/worker/main.py).
"""

from __future__ import annotations

import re
import traceback
from typing import Any

import tensorflow as tf

from app.runs.reasons import why
from app.worker.build import keras_message

KERAS_PACKAGES = ("keras", "tensorflow", "tf_keras", "optree")


def _raised_in_keras(error: BaseException) -> bool:
    """Whether the innermost frame of the error belongs to Keras or TensorFlow."""
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and any(f"/{package}/" in frames[-1].filename for package in KERAS_PACKAGES)


def _without_paths(text: str) -> str:
    return re.sub(r"(?:[A-Za-z]:)?(?:[\\/][\w.\-]+){2,}", "…", text)


def _op_message(error: tf.errors.OpError) -> str:
    """TensorFlow's message without its graph trace (where each op was defined, node names)."""
    skip = ("Graph execution error", "Detected at node", "File ", "[[", "[Op:")
    lines = [line.strip() for line in error.message.splitlines()]
    kept = [re.sub(r"\s*\[\[.*$|\s*\[Op:.*$", "", line) for line in lines if line and not line.startswith(skip) and not re.match(r"^\S+\.py:\d+", line)]
    return " ".join(k for k in kept if k) or type(error).__name__


def explained(error: BaseException, run_id: str) -> dict[str, Any]:
    """The outcome fields (`error`, `why`) for a run that failed with `error`."""
    if isinstance(error, (MemoryError, tf.errors.ResourceExhaustedError)):
        return why("out_of_memory")
    if isinstance(error, tf.errors.OpError):
        return why("training_error", detail=_without_paths(keras_message(_op_message(error))))
    if isinstance(error, (ValueError, TypeError)) and _raised_in_keras(error):
        return why("training_error", detail=_without_paths(keras_message(error)))
    return why("internal", run=run_id)
