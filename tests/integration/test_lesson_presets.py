"""Every lesson's playground preset validates and trains one epoch, on a
reduced data set, with the worker's own code."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from app.datasets import DATASETS
from app.lessons import LessonRegistry
from app.spec.validate import validate_spec
from app.worker import adapt, build, data

LESSONS = [lesson for lesson in LessonRegistry() if lesson.preset]


def reduced(spec: dict) -> dict:
    spec = copy.deepcopy(spec)
    dataset = DATASETS.get(spec["dataset"]["name"])
    samples = next((p for p in dataset.options if p.name == "n_samples"), None)
    if samples is not None:
        spec["dataset"]["options"]["n_samples"] = max(samples.lo, min(120, spec["dataset"]["options"].get("n_samples", samples.default)))
    spec["fit"]["epochs"] = 1
    return spec


@pytest.mark.parametrize("lesson", LESSONS, ids=[x.slug for x in LESSONS])
def test_preset_trains_one_epoch(lesson, tmp_path):
    spec = validate_spec(reduced(lesson.preset), for_run=True).model_dump(mode="json")
    x, y = data.training_data(spec)
    model = build.build_model(spec["model"])
    build.compile_model(model, spec["compile"])
    adapt.for_fit(model, spec, x)  # the layers that learn from data, on the training rows
    fit = spec["fit"]
    callbacks = build.make_callbacks(spec.get("callbacks", []), str(tmp_path))
    feed = data.pipelines(x, y, fit, data.one_hot_classes(spec))  # as the worker feeds fit (texts included)
    history = model.fit(**feed, epochs=1, callbacks=callbacks, verbose=0)
    assert np.isfinite(history.history["loss"][0])


def test_presets_use_only_data_that_ships():
    for lesson in LESSONS:
        assert DATASETS.get(lesson.preset["dataset"]["name"]).source == "app", lesson.slug
