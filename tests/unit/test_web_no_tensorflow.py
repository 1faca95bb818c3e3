"""Importing the web app must not import TensorFlow or Keras."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT

CHECK = """
import sys
import app.main
from app.worker import main as _  # the spawn target is importable without Keras too
heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras'))
print(heavy)
"""


def test_importing_the_app_pulls_in_no_tensorflow(tmp_path):
    out = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, env={"KP_DATA_DIR": str(tmp_path), "PATH": ""}, check=True)
    assert out.stdout.strip() == "[]", out.stdout


# The composition root picks a backend; everything else talks to app/jobs/backend.py only.
BACKEND_MODULES = ("app.jobs.local", "app.jobs.inspector", "app.jobs.process", "app.jobs.fairqueue")
ROOTS = {"app/state.py"}


def test_the_web_layer_imports_nothing_from_a_backend():
    import ast

    offenders = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("app/jobs/") or rel.startswith("app/worker/") or rel in ROOTS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names] if isinstance(node, ast.Import) else []
            offenders += [f"{rel}: {name}" for name in names if name.startswith(BACKEND_MODULES)]
    assert offenders == []
