"""POST /api/datasets/{name}/signature: what a data set gives with given options."""

from __future__ import annotations


def test_the_shape_follows_the_options(server):
    flat = server.post("/api/datasets/digits/signature", json={"shape": "flat"})
    assert flat.status_code == 200
    assert flat.json() == {"name": "digits", "input_shape": [64], "inputs": [{"name": "input", "shape": [64], "dtype": "float32"}],
                           "outputs": [{"name": "output", "task": "multiclass", "n_classes": 10, "shape": []}]}
    assert server.post("/api/datasets/digits/signature", json={"shape": "image"}).json()["input_shape"] == [8, 8, 1]
    assert server.post("/api/datasets/time_series/signature", json={"window": 48}).json()["input_shape"] == [48, 1]
    two = server.post("/api/datasets/headlines/signature", json={}).json()
    assert two["input_shape"] is None and [i["name"] for i in two["inputs"]] == ["main_input", "aux_input"]


def test_wrong_options_and_data_sets(server):
    bad = server.post("/api/datasets/digits/signature?lang=zh", json={"shape": "round"})
    assert bad.status_code == 422
    [problem] = bad.json()["detail"]
    assert problem["loc"] == ["body", "options", "shape"] and problem["msg"] == '应为以下之一：flat, image；收到的是 "round"'
    assert server.post("/api/datasets/digits/signature", json=[1]).status_code == 422
    assert server.post("/api/datasets/nope/signature", json={}).status_code == 404
    assert server.post("/api/datasets/upload/signature", json={}).status_code == 404
