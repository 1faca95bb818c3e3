"""Bounds on what a client sends: every body is limited while it streams in, and a
body that is not what a route takes gets a 422 that says what was expected."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.helpers import spec

MiB = 2**20


def test_a_declared_body_past_the_limit_is_refused_before_it_is_read(server):
    reply = server.post("/api/inspect?lang=zh", content=b" " * (MiB + 1), headers={"Content-Type": "application/json"})
    assert reply.status_code == 413
    assert reply.json()["detail"] == "请求内容最多应为 1 MiB；收到的超过了这个大小"


@pytest.mark.parametrize("path", ["/api/runs", "/api/inspect", "/api/code", "/api/import/keras-json"])
def test_a_streamed_body_past_the_limit_is_refused_as_it_passes_it(server, path):
    sent = 0

    def chunks():  # no Content-Length: the server can only count
        nonlocal sent
        for _ in range(40):
            sent += 64 * 1024
            yield b" " * (64 * 1024)

    reply = httpx.post(server.url + path, content=chunks(), headers={"Content-Type": "application/json"}, timeout=30)
    assert reply.status_code == 413, reply.text
    assert reply.json()["detail"] == "expected a request body of at most 1 MiB; received more than that"


def test_a_body_under_the_limit_is_read_as_usual(server):
    body = httpx.Response(200, json=spec()).content + b" " * (MiB - 100_000)
    reply = server.post("/api/inspect", content=body, headers={"Content-Type": "application/json"})
    assert reply.status_code == 200, reply.text
    rows = b"".join(b"%d.123456789,%d.987654321,%d.5,%d.25,%d.125,%d\n" % (i, i, i, i, i, i % 2) for i in range(19_500))
    assert MiB < len(rows) < 2 * MiB
    upload = server.post("/api/uploads?name=big.csv", content=b"a,b,c,d,e,label\n" + rows, headers={"Content-Type": "text/csv"})
    assert upload.status_code == 201, upload.text  # uploads have their own, larger bound


@pytest.fixture(scope="module")
def finished(server):
    run_id = server.post("/api/runs", json=spec(epochs=1)).json()["id"]
    assert server.wait_status(run_id, {"succeeded", "failed"}, timeout=60)["status"] == "succeeded"
    return run_id


@pytest.mark.parametrize(
    ("content", "content_type", "received"),
    [
        (b"null", "application/json", "null"),
        (b"[]", "application/json", "[]"),
        (b"[5]", "application/json", "[5]"),
        (b'"epochs"', "application/json", '"epochs"'),
        (b"<run><epochs>5</epochs></run>", "application/xml", '"<run><epochs>5</epochs></run>"'),
        (b"epochs=5", "application/x-www-form-urlencoded", '"epochs=5"'),
    ],
    ids=["null", "empty-list", "list", "string", "xml", "form"],
)
def test_continue_takes_a_json_object_or_nothing(server, finished, content, content_type, received):
    reply = server.post(f"/api/runs/{finished}/continue", content=content, headers={"Content-Type": content_type})
    assert reply.status_code == 422, reply.text
    assert reply.json()["detail"] == f'expected a JSON object such as {{"epochs": 10}}, or no body; received {received}'


def test_continue_names_an_unknown_field(server, finished):
    reply = server.post(f"/api/runs/{finished}/continue?lang=zh", json={"epochs": 2, "resume": {"run": "x"}})
    assert reply.status_code == 422
    [problem] = reply.json()["detail"]
    assert problem["loc"] == ["body", "resume"] and problem["msg"] == "应为 epochs, optimizer, unfreeze 之一；收到的是 \"resume\""


def test_continue_with_no_body_or_an_object_queues_a_run(server, finished):
    for kwargs in ({}, {"json": {"epochs": 1}}):
        reply = server.post(f"/api/runs/{finished}/continue", **kwargs)
        assert reply.status_code == 201, reply.text
        assert server.wait_status(reply.json()["id"], {"succeeded", "failed"}, timeout=60)["status"] == "succeeded"


@pytest.mark.parametrize("path", ["/api/inspect", "/api/code", "/api/runs", "/api/import/keras-json"])
def test_a_lone_surrogate_anywhere_is_a_422_not_a_500(server, path):
    """"\\ud800" is valid JSON but not valid UTF-8: the answer that quotes it must still encode."""
    s = spec()
    s["model"]["layers"][0]["config"]["name"] = "\ud800"
    s["fit"]["note"] = "\udfff"
    body = json.dumps(s).encode()  # ensure_ascii: the surrogates travel as \\u escapes
    assert b"\\ud800" in body
    reply = server.post(path, content=body, headers={"Content-Type": "application/json"})
    assert reply.status_code == 422, reply.text
    json.loads(reply.content)  # well-formed JSON (the surrogate comes back escaped)


def test_a_sequential_model_needs_its_layers_at_the_field(server):
    for layers in ([], None, "missing"):
        s = spec()
        if layers == "missing":
            del s["model"]["layers"]
        else:
            s["model"]["layers"] = layers
        for path in ("/api/inspect", "/api/runs"):
            reply = server.post(path + "?lang=zh", json=s)
            assert reply.status_code == 422, (layers, path, reply.text)
            assert reply.json()["detail"][0]["loc"] == ["body", "model", "layers"]
