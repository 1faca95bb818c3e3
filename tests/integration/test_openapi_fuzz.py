"""Schemathesis against the app's own /openapi.json: every operation, its examples,
coverage, fuzzing and stateful phases, with a bounded number of examples (`make fuzz`:
more). No response may be a 5xx, and every response must match what the schema
documents. The stateful phase follows the OpenAPI links (a new run to its page,
files and controls; an upload to its page; a run list to a run)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import Server

EXAMPLES = os.environ.get("KP_FUZZ_EXAMPLES", "15")


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    """A server of its own: the fuzzer creates runs, uploads and classes nobody else expects."""
    srv = Server(tmp_path_factory.mktemp("openapi"), KP_RUN_TIME_LIMIT="30").start()
    yield srv
    srv.stop()


def test_no_operation_answers_a_5xx_or_off_its_schema(target):
    # one worker: two threads of schemathesis parse sources at once, which CPython 3.11's parser cannot
    cli = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis"
    done = subprocess.run(
        [cli, "run", f"{target.url}/openapi.json", "--checks", "not_a_server_error,response_schema_conformance",
         "--max-examples", EXAMPLES, "--workers", "1", "--request-timeout", "60", "--seed", "1",
         "-H", f"Origin: {target.url}", "--no-color"],
        capture_output=True, text=True, timeout=900, env=os.environ | {"SCHEMATHESIS_HOOKS": ""},
    )  # fmt: skip
    summary = done.stdout[-4000:]
    assert done.returncode == 0, summary + done.stderr[-2000:]
    selected = re.search(r"Selected: (\d+)/(\d+)", summary)
    assert selected and selected[1] == selected[2] and int(selected[1]) >= 40, summary  # every operation
    assert re.search(r"\d+ generated, \d+ passed", summary), summary
    # the app's own links (app/api/openapi.py `links`, 28 of them) are read, and followed
    links = re.search(r"API Links:\s+(\d+) covered / (\d+) selected / (\d+) total", done.stdout)
    assert links and int(links[2]) == int(links[3]) >= 28 and int(links[1]) >= 1, done.stdout[:3000]
    assert "Traceback" not in target.log.read_text()
