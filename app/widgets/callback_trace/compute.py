"""The callback hooks of a tiny fit, recorded in order (worker only)."""

from __future__ import annotations

from typing import Any

import keras
import numpy as np

from app.worker.widgets import ok

HOOKS = ("on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end", "on_train_batch_begin", "on_train_batch_end",
         "on_test_begin", "on_test_end", "on_test_batch_begin", "on_test_batch_end")  # fmt: skip


def run(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """Every hook Keras calls during a tiny fit, in order, with the logs it passes."""
    calls: list[dict[str, Any]] = []

    class Trace(keras.callbacks.Callback):
        pass

    def recorder(hook: str):
        def record(self, *args, logs=None):
            numbers = [int(a) for a in args if isinstance(a, int | np.integer)]
            given = logs if logs is not None else next((a for a in args if isinstance(a, dict)), None)
            calls.append({"hook": hook, "args": numbers, "logs": sorted(given or {})})

        return record

    for hook in HOOKS:
        setattr(Trace, hook, recorder(hook))
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    rng = np.random.default_rng(0)
    n = 4 * m["steps"]
    x, y = rng.random((n, 2), dtype=np.float32), rng.integers(0, 2, (n, 1)).astype("float32")
    validation = (x[:4], y[:4]) if m["validation"] else None
    model.fit(x, y, batch_size=4, epochs=m["epochs"], validation_data=validation, callbacks=[Trace()], verbose=0)
    return ok({"calls": calls})
