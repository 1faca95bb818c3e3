"""Your own data: a CSV file uploaded, checked cell by cell, previewed,
trained on, and exported with the code."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest


def csv_text(rows: int = 60, seed: int = 0) -> str:
    rng = np.random.default_rng(seed)
    lines = ["height,weight,age,label"]
    for _ in range(rows):
        h, w, a = rng.normal(170, 10), rng.normal(70, 8), rng.integers(18, 80)
        label = "tall" if h > 170 else "short"
        lines.append(f"{h:.1f},{w:.1f},{a},{label}")
    return "\n".join(lines) + "\n"


def upload(server, text: str | bytes, name: str = "people.csv"):
    body = text.encode() if isinstance(text, str) else text
    return server.post(f"/api/uploads?name={name}", content=body, headers={"content-type": "text/csv"})


def test_an_upload_is_described_and_previewed(server):
    reply = upload(server, csv_text())
    assert reply.status_code == 201, reply.text
    info = reply.json()
    assert info["rows"] == 60 and [c["name"] for c in info["columns"]] == ["height", "weight", "age", "label"]
    kinds = {c["name"]: c["kind"] for c in info["columns"]}
    assert kinds == {"height": "numeric", "weight": "numeric", "age": "numeric", "label": "text"}
    assert info["suggestion"] == {"features": ["height", "weight", "age"], "target": "label", "task": "binary"}
    assert info["preview"][0] == ["height", "weight", "age", "label"] and len(info["preview"]) == 11
    assert server.get(f"/api/uploads/{info['id']}").json() == info


def test_a_body_past_the_limit_is_refused_before_it_is_read_whole(server):
    reply = upload(server, "x" * (2 * 2**20 + 1))
    assert reply.status_code == 413
    assert reply.json()["detail"] == "expected a request body of at most 2 MiB; received more than that"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"a,b\n" + "\xe9".encode("latin-1") * 3 + b",1\n" * 20, "expected UTF-8 text (save the file as CSV UTF-8); byte 0xe9 at position 4 is not UTF-8"),
        ("a,b\n" + "1,2\n" * 12 + "1,2,3\n", "expected 2 cells in every row, like the header; row 14 has 3"),
        ("a,b\n" + "1,2\n" * 12 + "1,\n", 'expected a value in every cell; row 14, column "b" is empty'),
        ("a,b\n1,2\n", "expected a header and 10 to 20000 rows of data; received 1 row"),
        ("a,a\n" + "1,2\n" * 12, 'expected a unique, non-empty column name of at most 64 characters; received "a"'),
    ],
)
def test_bad_files_are_refused_with_a_reason(server, body, message):
    reply = upload(server, body)
    assert reply.status_code == 422
    assert reply.json()["detail"][0]["msg"] == message


def spec_for(upload_id: str, **options) -> dict:
    return {
        "dataset": {"name": "upload", "options": {"id": upload_id, "features": ["height", "weight", "age"], "target": "label", "task": "auto"} | options},
        "model": {"input": {"shape": [len((options or {}).get("features", ["h", "w", "a"]))]}, "layers": [
            {"class_name": "BatchNormalization", "config": {}},
            {"class_name": "Dense", "config": {"units": 8, "activation": "relu"}},
            {"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}}]},
        "compile": {"optimizer": "adam", "loss": "binary_crossentropy", "metrics": ["accuracy"]},
        "fit": {"epochs": 3, "batch_size": 16},
    }


def test_a_model_trains_on_an_upload_and_its_code_runs(server, tmp_path):
    info = upload(server, csv_text(80)).json()
    run = server.post("/api/runs", json=spec_for(info["id"]))
    assert run.status_code == 201, run.text
    assert server.events(run.json()["id"])[-1]["status"] == "succeeded"
    script = server.post("/api/code", json=spec_for(info["id"])).text
    assert 'read_csv(path="people.csv"' in script
    (tmp_path / "people.csv").write_text(csv_text(80))
    (tmp_path / "model.py").write_text(script)
    done = subprocess.run([sys.executable, "model.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Trainable params: 47 " in done.stdout and "Non-trainable params: 6 " in done.stdout  # BN(3): 6 + 6, Dense 32, Dense 9


def test_columns_are_checked_against_the_file(server):
    info = upload(server, csv_text()).json()
    reply = server.post("/api/runs", json=spec_for(info["id"], features=["height", "label"], target="age"))
    assert reply.status_code == 422, reply.text
    [error] = reply.json()["detail"]
    assert error["loc"] == ["body", "dataset", "options", "features", 1]
    assert error["msg"] == 'expected numbers in a feature column; column "label" holds text (e.g. "tall")'
    reply = server.post("/api/runs", json=spec_for(info["id"], target="height"))
    assert reply.json()["detail"][0]["msg"] == 'expected a target that is not also a feature; received "height" in both'
    reply = server.post("/api/runs", json=spec_for("f" * 16))
    assert reply.json()["detail"][0]["loc"] == ["body", "dataset", "options", "id"]
