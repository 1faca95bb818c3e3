"""Every widget's own task (app/widgets/<folder>/compute.py) answers its
defaults through the real server and worker; a request outside the entry's
bounds is a 422 at the field; a task no widget declares is a 404."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.widgets import TASKS
from tests.helpers import spec


@pytest.mark.parametrize("task", list(TASKS))
def test_every_widget_task_answers_its_defaults(server, task):
    body = {"spec": spec()} if TASKS[task].takes_model else {}
    reply = server.post(f"/api/explore/{task}", json=body)
    assert reply.status_code == 200, reply.text
    assert isinstance(reply.json(), dict) and reply.json()


def test_a_widget_request_is_checked_against_its_entry(server):
    reply = server.post("/api/explore/gradient", json={"grid": 1000})
    assert reply.status_code == 422
    assert [d["loc"] for d in reply.json()["detail"]] == [["body", "grid"]]
    reply = server.post("/api/explore/activation", json={"x_min": 2, "x_max": 1})
    assert reply.status_code == 422 and reply.json()["detail"][0]["loc"] == ["body", "x_max"]


def test_a_task_no_widget_declares_is_not_found(server):
    assert server.post("/api/explore/nothing", json={}).status_code == 404


@pytest.mark.parametrize("subclass", [None, {"class_name": "GradientNormModel", "config": {"clip_norm": 2.0}}])
def test_the_config_round_trip_gives_the_same_config_for_a_graph_and_names_a_registered_class(server, subclass):
    functional = json.loads((Path(__file__).resolve().parents[2] / "app/lessons/05-functional-api/preset.json").read_text())
    if subclass:
        functional["model"]["subclass"] = subclass
    reply = server.post("/api/explore/config", json={"spec": functional})
    assert reply.status_code == 200, reply.text
    result = reply.json()
    assert result["same_config"] is True and result["params"] == result["from_config_params"] == result["from_json_params"]
    saved = json.loads(result["json"])
    if subclass:
        assert (saved["class_name"], saved["registered_name"], saved["config"]["clip_norm"]) == ("GradientNormModel", "keras_playground>GradientNormModel", 2.0)
    else:
        assert saved["class_name"] == "Functional"
