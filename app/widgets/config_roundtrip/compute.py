"""A model through get_config, from_config and to_json (worker only)."""

from __future__ import annotations

import copy
from typing import Any

import keras

from app.worker.widgets import built, ok


def run(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """get_config → from_config → to_json: the same model again?"""
    model, problem = built(m["model"])
    if problem:
        return problem
    cfg = model.get_config()
    twin = model.__class__.from_config(copy.deepcopy(cfg))  # a functional model's from_config pops keys from what it is given
    text = model.to_json()
    again = keras.models.model_from_json(text, custom_objects=keras.saving.get_custom_objects())
    return ok({
        "config": keras.saving.serialize_keras_object(model)["config"],
        "json": text,
        "params": int(model.count_params()),
        "from_config_params": int(twin.count_params()),
        "from_json_params": int(again.count_params()),
        "same_config": twin.get_config() == cfg,
    })
