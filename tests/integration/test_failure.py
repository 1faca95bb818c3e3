"""A training job's unexpected error, as the learner is told of it (app/worker/failure.py):
Keras's own words without paths, a sentence for memory, and for anything else only a
sentence and the run id (the traceback goes to the log)."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from app.runs.reasons import REASONS, text
from app.worker.failure import explained


def fit_error(x, y) -> Exception:
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(5, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy")
    with pytest.raises((ValueError, tf.errors.InvalidArgumentError)) as caught:
        model.fit(x, y, verbose=0)
    return caught.value


def test_a_label_out_of_range_is_keras_s_words_without_the_graph_trace():
    error = fit_error(np.zeros((8, 3)), np.full((8,), 7))
    out = explained(error, "r1")
    assert out["why"]["code"] == "training_error"
    assert out["why"]["detail"].startswith("Received a label value of 7 which is outside the valid range of [0, 5).")
    assert "File " not in out["error"] and "node" not in out["error"].lower() and "/" not in out["why"]["detail"]


def test_a_shape_keras_refuses_is_its_message():
    out = explained(fit_error(np.zeros((8, 4)), np.zeros((8,))), "r1")
    assert out["why"]["code"] == "training_error" and "expected axis -1 of input shape to have value 3" in out["why"]["detail"]


def test_anything_else_is_a_sentence_and_the_run_id_only():
    try:
        open("/srv/secret/data/file.csv")  # noqa: SIM115
    except OSError as error:
        out = explained(error, "abc123")
    assert out == {"error": REASONS["internal"].en.format(run="abc123"), "why": {"code": "internal", "run": "abc123"}}
    assert "/srv" not in out["error"] and "FileNotFoundError" not in out["error"]
    assert text(out["why"], "zh") == "服务器出现意外错误，训练已停止。请再训练一次；如果问题依旧，请告知本服务器的管理员（运行编号 abc123）。"


def test_running_out_of_memory_says_what_to_change():
    assert explained(MemoryError(), "r1")["why"] == {"code": "out_of_memory"}
