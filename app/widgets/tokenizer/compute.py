"""Texts through an adapted TextVectorization layer (worker only)."""

from __future__ import annotations

from typing import Any

import keras
import tensorflow as tf

from app.worker.widgets import ok


def run(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """TextVectorization adapted on the texts: its vocabulary, and each text as tokens and ids."""
    standardize = None if m["standardize"] == "none" else m["standardize"]
    layer = keras.layers.TextVectorization(max_tokens=m["max_tokens"], standardize=standardize, split=m["split"], output_sequence_length=m["output_sequence_length"])
    layer.adapt(tf.constant(m["texts"]))
    vocabulary = [str(v) for v in layer.get_vocabulary()]
    ids = keras.ops.convert_to_numpy(layer(tf.constant(m["texts"]))).tolist()
    return ok({"vocabulary": vocabulary, "ids": ids, "tokens": [[vocabulary[i] for i in row] for row in ids]})
