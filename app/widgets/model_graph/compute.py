"""A model drawn by Keras itself (worker only)."""

from __future__ import annotations

from typing import Any

import keras

from app.worker.widgets import built, ok


def run(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """The model drawn by Keras itself: model_to_dot, rendered by Graphviz as SVG."""
    model, problem = built(m["model"])
    if problem:
        return problem
    dot = keras.utils.model_to_dot(
        model, show_shapes=m["show_shapes"], show_dtype=m["show_dtype"], rankdir=m["rankdir"],
        expand_nested=m["expand_nested"], show_layer_activations=m["show_layer_activations"],
    )  # fmt: skip
    svg = dot.create_svg().decode()
    return ok({"svg": svg[svg.index("<svg") :], "dot": dot.to_string()})
