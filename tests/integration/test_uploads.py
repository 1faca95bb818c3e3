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


@pytest.mark.parametrize("value", ["1e308", "1e39", "-3.5e38", "inf", "-inf", "nan", "NaN", "Infinity"])
def test_numbers_float32_cannot_hold_are_refused_at_the_cell(server, value):
    reply = upload(server, "a,b\n" + "1,2\n" * 12 + f"1,{value}\n" + "1,2\n" * 3)
    assert reply.status_code == 422, reply.text
    [error] = reply.json()["detail"]
    assert error["loc"] == ["body", "row", 14, "column", "b"] and error["type"] == "upload_number"
    assert error["msg"] == f'expected finite numbers from -3.4e38 to 3.4e38 in column "b" (float32, what Keras trains on); row 14 has {value}'
    reply = server.post("/api/uploads?name=x.csv&lang=zh", content=("a,b\n" + f"{value},2\n" * 12).encode(), headers={"content-type": "text/csv"})
    assert reply.json()["detail"][0]["msg"] == f'"a" 列应为 -3.4e38 到 3.4e38 之间的有限数（Keras 用 float32 训练）；第 2 行是 {value}'


def _columns(count: int) -> str:
    return ",".join(f"c{i}" for i in range(count)) + "\n" + (",".join(["1"] * count) + "\n") * 12


ROWS = "1,2\n" * 12
ODD_FILES = {
    "duplicate names": "a,a\n" + ROWS,
    "an empty name": "a,\n" + ROWS,
    "a name of spaces": "a, \n" + ROWS,
    "an empty header row": ",\n" + ROWS,
    "only a header": "a,b\n",
    "nothing": "",
    "only blank lines": "\n\r\n \n" * 50,
    "a BOM": "\ufeffa,b\n" + ROWS,
    "a BOM and nothing else": "\ufeff",
    "CR line endings": "a,b\r" + ROWS.replace("\n", "\r"),
    "CR LF line endings": "a,b\r\n" + ROWS.replace("\n", "\r\n"),
    "mixed line endings": "a,b\r\n" + "1,2\r" * 6 + "1,2\n" * 6,
    "a NUL byte": "a,b\n" + ROWS + "1\x00,2\n",
    "a NUL byte in the header": "a\x00,b\n" + ROWS,
    "invalid UTF-8": b"a,b\n" + b"1,\xff\xfe\n" * 12,
    "invalid UTF-8 after a BOM": b"\xef\xbb\xbfa,b\n\xc3(,1\n" + ROWS.encode(),
    "UTF-16": "a,b\n1,2\n".encode("utf-16") * 12,
    "a row of 10,000 cells": "a,b\n" + ROWS + ",".join(["1"] * 10_000) + "\n",
    "a header of 10,000 names": _columns(10_000),
    "65 columns": _columns(65),
    "64 columns": _columns(64),
    "a cell of 200,000 characters": "a,b\n" + ROWS + "x" * 200_000 + ",1\n",
    "a name of 200,000 characters": "a," + "b" * 200_000 + "\n" + ROWS,
    "a column of 400-digit integers": "a,b\n" + ("9" * 400 + ",1\n") * 12,
    "a column of 5,000-digit integers": "a,b\n" + ("9" * 5000 + ",1\n") * 12,
    "a column of 1e308": "a,b\n" + "1e308,1\n" * 12,
    "a column of -1e308 and 1e308": "a,b\n" + "-1e308,1\n1e308,2\n" * 6,
    "a column of 5e-324": "a,b\n" + "5e-324,1\n" * 12,
    "numbers and text in a column": "a,b\n" + ROWS + "x,1\n1e39,2\nnan,3\n",
    "text and non-finite numbers only": "a,b\n" + "nan,x\ninf,y\n" * 6,
    "one row too few": "a,b\n" + "1,2\n" * 9,
    "an unclosed quote": "a,b\n" + ROWS + '"x,1\n',
    "a quote inside a cell": "a,b\n" + ROWS + 'x"y"z,1\n',
    "quoted line breaks": "a,b\n" + '"1\n2",3\n' * 12,
    "semicolons": "a;b\n" + "1,5;2\n" * 12,
    "tabs": "a\tb\n" + "1\t2\n" * 12,
    "single quotes": "'a','b'\n" + "'1','2'\n" * 12,
    "quotes everywhere": '"' * 5000,
    "commas only": "," * 5000,
    "binary": bytes(range(256)) * 100,
    "underscores in numbers": "a,b\n" + "1_000,2\n" * 12,
    "Arabic-Indic digits": "a,b\n" + "\u0661\u0662,2\n" * 12,
    "emoji": "a,b\n" + "\U0001f600,2\n" * 12,
    "a lone surrogate, encoded": b"a,b\n" + b"\xed\xa0\x80,2\n" * 12,
}


@pytest.mark.parametrize("name", ODD_FILES)
def test_no_file_makes_a_server_error(server, name):
    reply = upload(server, ODD_FILES[name], name="x.csv")
    assert reply.status_code in (201, 422), reply.text
    if reply.status_code == 422:
        assert reply.json()["detail"][0]["msg"]
    else:
        assert server.get(f"/api/uploads/{reply.json()['id']}").status_code == 200


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


def test_a_target_with_too_many_classes_is_refused_at_the_target(server):
    """16,000 text classes once made one-hot targets of 6 GB: past 1,000 classes the target is refused."""
    rows = "".join(f"{i},{i * 2},{i % 7},word{i}\n" for i in range(1500))
    info = upload(server, "height,weight,age,label\n" + rows).json()
    assert info["suggestion"]["task"] == "multiclass"
    reply = server.post("/api/runs?lang=zh", json=spec_for(info["id"]))
    assert reply.status_code == 422
    [problem] = [p for p in reply.json()["detail"] if p["type"] == "upload_classes"]
    assert problem["loc"] == ["body", "dataset", "options", "target"]
    assert problem["msg"] == '目标最多应有 1000 个类别；"label" 列有 1500 个不同的值（可以改为回归任务，或换一列作为目标）'
    assert server.post("/api/runs", json=spec_for(info["id"], task="regression")).json()["detail"][0]["type"] == "upload_text_regression"
