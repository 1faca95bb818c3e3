"""The model of the last run, kept for the next run of the same spec.

Most of a short run's time is TensorFlow tracing the new model's train and
test functions (2 s of a profiled 20-epoch lesson preset on a slow VM). In a
class, many runs in a row have the same spec (the lesson's preset, an
assignment). The worker keeps the compiled model of its last run; a run of
the same model, compile, data and fit settings (epochs aside) gets that model
back with every variable of a freshly built one poured in (weights, random
seed states: a new random start like any run) and its optimizer's variables
back at their values before the first step, so Keras's traced functions
serve again. A different spec replaces it. `tests/integration/test_warm.py`
checks that a reused model trains exactly as a fresh one.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import keras

from app.worker.build import Limits, build_model, compile_model

_kept: dict[str, Any] = {}


def key_of(spec: dict[str, Any]) -> str:
    """What the traced functions depend on: the model, its compile, the data and fit's settings."""
    parts = {k: spec.get(k) for k in ("model", "compile", "dataset")}
    parts["fit"] = {k: v for k, v in spec["fit"].items() if k != "epochs"}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def model_for(spec: dict[str, Any], limits: Limits | None = None) -> keras.Model:
    """A compiled model for `spec`, ready to fit: the kept one when the spec is the same.
    With `limits`, a model over them is refused before any weight exists (BuildError)."""
    key = key_of(spec)
    fresh = build_model(spec["model"], limits)
    if _kept.get("key") == key:
        model = _kept["model"]
        for mine, new in zip(model.variables, fresh.variables, strict=True):
            mine.assign(new)
        for mine, start in zip(model.optimizer.variables, _kept["optimizer"], strict=True):
            mine.assign(start)
        return model
    forget()
    compile_model(fresh, spec["compile"])
    fresh.optimizer.build(fresh.trainable_variables)
    _kept.update(key=key, model=fresh, optimizer=[keras.ops.convert_to_numpy(v.value) for v in fresh.optimizer.variables])
    return fresh


def forget() -> None:
    """Drop the kept model (a run that failed, a worker that frees its memory)."""
    _kept.clear()
