"""Code export: every generated script runs with plain Keras (no app) and
builds the model /api/inspect describes; together they use every catalog class."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from app.catalog import REGISTRIES
from tests.fixtures.specs import all_specs

SPECS = all_specs()

# Runs each script in a fresh folder, in one process (TensorFlow is imported
# once), with Keras's registries emptied between scripts as a new process has.
RUNNER = r"""
import contextlib, io, json, os, runpy, sys, tempfile, traceback
os.environ["KERAS_BACKEND"] = "tensorflow"
import keras
results = {}
for path in sys.argv[1:]:
    keras.saving.get_custom_objects().clear()
    keras.backend.clear_session()
    out = io.StringIO()
    with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stdout(out):
        cwd = os.getcwd(); os.chdir(folder)
        try:
            runpy.run_path(path, run_name="__main__")
            status = "ok"
        except BaseException:
            status = traceback.format_exc()
        finally:
            os.chdir(cwd)
    results[path] = {"status": status, "stdout": out.getvalue()}
print(json.dumps(results))
"""


def classes_used(spec: dict) -> set[tuple[str, str]]:
    found = set()

    def walk(value, kind_hint=None):
        if isinstance(value, dict):
            name = value.get("class_name")
            if isinstance(name, str):
                for kind, registry in REGISTRIES.items():
                    if registry.get(name):
                        found.add((kind, name))
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str):
            for kind, registry in REGISTRIES.items():
                entry = registry.by_alias(value)
                if entry:
                    found.add((kind, entry.class_name))

    walk(spec)
    return found


def test_the_specs_cover_the_whole_catalog():
    used = set().union(*(classes_used(s) for s in SPECS.values()))
    wanted = {(kind, e.class_name) for kind, reg in REGISTRIES.items() for e in reg}
    assert wanted - used == set()


# The scripts in four groups, one process each: the test workers share them, and
# each group stays well inside the per-test time limit.
GROUPS = 4
CHUNKS = [list(SPECS)[i::GROUPS] for i in range(GROUPS)]


def test_the_groups_hold_every_spec_once():
    assert sorted(n for chunk in CHUNKS for n in chunk) == sorted(SPECS)


@pytest.mark.slow
@pytest.mark.parametrize("names", CHUNKS, ids=[f"group-{i + 1}" for i in range(GROUPS)])
def test_every_script_runs_and_builds_the_inspected_model(server, tmp_path, names):
    paths, totals = {}, {}
    for name, spec in ((n, SPECS[n]) for n in names):
        reply = server.post("/api/code", json=spec)
        assert reply.status_code == 200, (name, reply.text)
        assert reply.headers["content-type"].startswith("text/plain")
        script = reply.text
        assert "from app" not in script and "import app" not in script
        path = tmp_path / f"{name}.py"
        path.write_text(script)
        paths[name] = str(path)
        for base in re.findall(r"""Pretrained\(["'](\w+)""", script):  # where the script says to put its base: bases/ beside it
            got = server.get(f"/static/bases/{base}.keras")
            assert got.status_code == 200, (name, base)
            (tmp_path / "bases").mkdir(exist_ok=True)
            (tmp_path / "bases" / f"{base}.keras").write_bytes(got.content)
        inspected = server.post("/api/inspect", json=spec)
        assert inspected.status_code == 200, (name, inspected.text)
        totals[name] = inspected.json()["total_params"]
    done = subprocess.run([sys.executable, "-c", RUNNER, *paths.values()], capture_output=True, text=True, timeout=900, check=True)
    results = json.loads(done.stdout.strip().splitlines()[-1])
    for name, path in paths.items():
        result = results[path]
        assert result["status"] == "ok", f"{name}:\n{result['status']}"
        # After fit, Keras's "Total params" also counts the optimizer's variables;
        # the model's own are the trainable plus the non-trainable ones.
        counts = {k: int(v.replace(",", "")) for k, v in re.findall(r"(Trainable|Non-trainable) params: ([\d,]+)", result["stdout"])}
        assert counts, f"{name}: no summary in\n{result['stdout'][-2000:]}"
        assert counts["Trainable"] + counts["Non-trainable"] == totals[name], name
        assert re.search(r"\d+/\d+ - .*loss: ", result["stdout"]), f"{name}: it did not train"


def test_highlighted_code_for_the_panel(server):
    reply = server.post("/api/code?format=html", json=SPECS["lesson-sequential"])
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/html")
    assert '<span class="kn">import</span>' in reply.text


def test_a_bad_spec_gets_a_422_not_code(server):
    bad = json.loads(json.dumps(SPECS["lesson-sequential"]))
    bad["model"]["layers"][0]["config"]["units"] = -1
    reply = server.post("/api/code", json=bad)
    assert reply.status_code == 422
    assert reply.json()["detail"][0]["loc"] == ["body", "model", "layers", 0, "config", "units"]
