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
