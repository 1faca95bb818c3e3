"""The windows keras.utils.timeseries_dataset_from_array cuts (worker only)."""

from __future__ import annotations

from typing import Any

import keras
import numpy as np
import tensorflow as tf

from app.worker.widgets import ok


def run(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """The windows keras.utils.timeseries_dataset_from_array cuts from 0, 1, 2, ..."""
    data = np.arange(m["length"])
    try:
        dataset = keras.utils.timeseries_dataset_from_array(
            data, None, sequence_length=m["sequence_length"], sequence_stride=m["sequence_stride"], sampling_rate=m["sampling_rate"],
            batch_size=1000, start_index=m["start_index"], end_index=m["end_index"],
        )  # fmt: skip
        found = [w.tolist() for batch in dataset.as_numpy_iterator() for w in batch]
    except (ValueError, tf.errors.InvalidArgumentError) as e:
        return {"ok": False, "issues": [{"loc": ["sequence_length"], "code": "invalid", "ctx": {"detail": str(e)[:300]}}]}
    return ok({"count": len(found), "windows": found[:500]})
