"""Every widget's own task (app/widgets/<folder>/compute.py) answers its
defaults through the real server and worker; a request outside the entry's
bounds is a 422 at the field; a task no widget declares is a 404."""

from __future__ import annotations

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
