"""What the widgets' Keras computations (app/widgets/<folder>/compute.py) share:
the reply shapes, finite numbers as JSON, and the playground's model built.
Each computation takes a request checked by app/explore/widgets.py and
returns plain JSON."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from app.worker.build import BuildError, build_model


def ok(result: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "result": result}


def finite(x) -> float | None:
    """A number, or None when it is not finite (JSON has no NaN)."""
    x = float(x)
    return x if math.isfinite(x) else None


def finite_list(a) -> Any:
    """An array as nested lists of finite() numbers."""
    a = np.asarray(a, dtype="float64")
    return finite(a) if a.ndim == 0 else [finite_list(v) for v in a]


def built(model_spec: dict[str, Any]):
    """(the Keras model of a checked spec's "model", None), or (None, the failed reply located under "spec")."""
    try:
        return build_model(model_spec), None
    except BuildError as e:
        return None, {"ok": False, "issues": [{**i, "loc": ["spec", *i["loc"]]} for i in e.issues]}
