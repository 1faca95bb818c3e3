"""Code export quotes every string it writes into the script as a Python
literal: whatever a learner's file name, column name or option holds, the
script compiles and the literal evaluates back to exactly that string.

Calls the code generator directly (no server, no TensorFlow)."""

from __future__ import annotations

import ast
import json
import secrets
import subprocess
import sys

import pytest

from app import uploads
from app.codegen import python_script
from app.codegen.objects import literal
from app.spec.validate import validate_spec
from tests.helpers import ROOT

NASTY = {
    "double-quote": 'a"b',
    "single-quote": "a'b",
    "both-quotes": "a'b\"c",
    "backslash": "a\\b",
    "trailing-backslash": "ab\\",
    "backslash-quote": 'a\\"b',
    "newline": "line1\nline2",
    "carriage-return": "a\rb",
    "tab": "tab\there",
    "triple-single": "'''",
    "triple-double": '"""',
    "line-separator": "a\u2028b",
    "paragraph-separator": "a\u2029b",
    "chinese": "中文 列",
    "nul": "a\x00b",
    "escape-chars": "\x07\x08\x0b\x0c\x1b\x7f",
    "emoji": "emoji 😀",
    "combining": "e\u0301 \ufeff \u200b",
    "braces": "{x} {{y}} %s",
    "comment": "# not a comment",
    "brackets": '"]) ; import os #',
    "long": "".join(chr(0x20 + (i * 7) % 95) for i in range(200)),  # printable ASCII, quotes and backslashes among them
}
NASTY_IDS = list(NASTY)


def _round_trips(source: str, value: str) -> None:
    compile(source, "x.py", "exec")
    assert ast.literal_eval(source) == value


@pytest.mark.parametrize("value", [*NASTY.values(), "\ud800", "a\udfffb"], ids=[*NASTY_IDS, "lone-surrogate", "lone-low-surrogate"])
def test_a_string_literal_round_trips(value):
    text = literal(value)
    _round_trips(text, value)
    text.encode("utf-8")  # a script holding it can be written and served
    _round_trips(literal([value, "x"]), (value, "x"))
    _round_trips(literal({value: value}), {value: value})


def test_plain_strings_keep_the_double_quotes_learners_read():
    assert literal("relu") == '"relu"'
    assert literal("it's") == '"it\'s"'
    assert literal([3, 3]) == "(3, 3)"


# --- whole scripts, with the strings where a spec carries free text: an uploaded
# file's name and its CSV column names (features, target)


@pytest.fixture
def upload_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(uploads, "_folder", tmp_path / "uploads")
    (tmp_path / "uploads").mkdir()
    return tmp_path / "uploads"


def _column(name: str, kind: str = "numeric") -> dict:
    if kind == "numeric":
        return {"name": name, "kind": "numeric", "distinct": 2, "min": 0.0, "max": 1.0, "mean": 0.5, "std": 0.5}
    return {"name": name, "kind": "text", "distinct": 2, "example": "yes", "values": ["no", "yes"]}


def _upload(folder, file_name: str, columns: list[dict]) -> str:
    """An upload's metadata as uploads.store writes it (the file's name is kept as sent)."""
    upload_id = secrets.token_hex(8)
    meta = {"id": upload_id, "name": file_name, "rows": 10, "columns": columns, "suggestion": {}, "preview": []}
    (folder / f"{upload_id}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return upload_id


def _spec(upload_id: str, features: list[str], target: str) -> dict:
    return {
        "dataset": {"name": "upload", "options": {"id": upload_id, "features": features, "target": target, "task": "auto"}},
        "model": {"input": {"shape": [len(features)]}, "layers": [{"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid", "name": "out"}}]},
        "compile": {"optimizer": "adam", "loss": "binary_crossentropy", "metrics": ["accuracy"]},
        "callbacks": [{"class_name": "CSVLogger", "config": {"separator": "\t"}}],
    }


def _call(script: str, function: str) -> dict[str, ast.expr]:
    tree = ast.parse(script)
    [call] = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and function in (getattr(n.func, "id", None), getattr(n.func, "attr", None))]
    return {k.arg: k.value for k in call.keywords}


def _script(spec: dict) -> str:
    script = python_script(validate_spec(spec, for_run=True))
    compile(script, "model.py", "exec")
    script.encode("utf-8")
    return script


@pytest.mark.parametrize("value", NASTY.values(), ids=NASTY_IDS)
def test_an_uploaded_files_name_reaches_the_script_intact(upload_folder, value):
    upload_id = _upload(upload_folder, value, [_column("x"), _column("label", "text")])
    args = _call(_script(_spec(upload_id, ["x"], "label")), "read_csv")
    assert ast.literal_eval(args["path"]) == value


@pytest.mark.parametrize("value", [v for v in NASTY.values() if len(v) <= 64], ids=[k for k, v in NASTY.items() if len(v) <= 64])
def test_a_feature_columns_name_reaches_the_script_intact(upload_folder, value):
    upload_id = _upload(upload_folder, "data.csv", [_column(value), _column("other"), _column("label", "text")])
    args = _call(_script(_spec(upload_id, [value, "other"], "label")), "read_csv")
    assert ast.literal_eval(args["features"]) == (value, "other")


TARGETS = {k: v for k, v in NASTY.items() if len(v) <= 64 and "\n" not in v}  # the target option is one line (pattern .{1,64})


@pytest.mark.parametrize("value", TARGETS.values(), ids=list(TARGETS))
def test_a_target_columns_name_reaches_the_script_intact(upload_folder, value):
    upload_id = _upload(upload_folder, "data.csv", [_column("x"), _column(value, "text")])
    args = _call(_script(_spec(upload_id, ["x"], value)), "read_csv")
    assert ast.literal_eval(args["target"]) == value


def test_the_other_strings_of_a_script_are_literals_too(upload_folder):
    upload_id = _upload(upload_folder, "data.csv", [_column("x"), _column("label", "text")])
    script = _script(_spec(upload_id, ["x"], "label"))
    dense = _call(script, "Dense")
    assert ast.literal_eval(dense["name"]) == "out"
    assert ast.literal_eval(dense["activation"]) == "sigmoid"
    logger = _call(script, "CSVLogger")
    assert ast.literal_eval(logger["separator"]) == "\t"


def test_the_code_generator_needs_no_tensorflow():
    check = "import sys, app.codegen; print(sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras')))"
    out = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
