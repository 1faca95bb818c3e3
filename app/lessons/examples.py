"""Lesson examples whose outputs are real.

A fenced block marked ```` ```python run ```` is an example. All examples of a
lesson run in order, in one fresh Python process with the installed Keras,
exactly as the page shows them: nothing is added but environment variables, so
the first example holds the imports, the seed and the print options the
outputs depend on. What each prints is stored in the lesson's `examples.json`,
keyed by a hash of the examples' code. Pages show the stored output; a test
runs them again and compares. After editing an example:
`python -m app.lessons.examples build`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

FENCE = re.compile(r"^```python run\n(.*?)^```", re.S | re.M)
MARK = "\x1ekp-example-output\x1e"
# Settings of the process, not code: a learner's own setup may differ here
# (another backend, TensorFlow's log lines) without changing what prints.
ENVIRONMENT = {"KERAS_BACKEND": "tensorflow", "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONHASHSEED": "0"}


def extract(markdown: str) -> list[str]:
    return [m.group(1) for m in FENCE.finditer(markdown)]


def key(blocks: list[str]) -> str:
    return hashlib.sha256("\n\x00\n".join(blocks).encode()).hexdigest()[:16]


def script(blocks: list[str]) -> str:
    """The blocks as one program, each announcing itself so that what it prints can be told apart."""
    return "\n".join(f"print({MARK!r}, flush=True)\n{code}" for code in blocks)


def outputs(stdout: str) -> list[str]:
    """What each block of `script(blocks)` printed."""
    return [o.rstrip("\n") for o in stdout.split(MARK + "\n")[1:]]


def run(blocks: list[str], timeout: float = 600) -> list[str]:
    """Run the examples in order in a fresh process; what each one printed."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "examples.py"
        path.write_text(script(blocks), encoding="utf-8")
        env = os.environ | ENVIRONMENT
        done = subprocess.run([sys.executable, str(path)], cwd=tmp, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"a lesson example failed:\n{done.stderr[-3000:]}")
    return outputs(done.stdout)


def cache_path(folder: Path) -> Path:
    return folder / "examples.json"


def load_cache(folder: Path) -> dict[str, list[str]]:
    path = cache_path(folder)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def outputs_for(folder: Path, markdown: str) -> list[str] | None:
    """The stored outputs of this Markdown's examples, or None if stale."""
    blocks = extract(markdown)
    return load_cache(folder).get(key(blocks)) if blocks else []


def build(folders: list[Path]) -> None:
    for folder in folders:
        cache: dict[str, list[str]] = {}
        for md in sorted(folder.glob("*.md")):
            blocks = extract(md.read_text(encoding="utf-8"))
            if blocks and key(blocks) not in cache:
                print(f"running {folder.name}/{md.name} ({len(blocks)} examples)", flush=True)
                cache[key(blocks)] = run(blocks)
        cache_path(folder).write_text(json.dumps(cache, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    from app.lessons import LessonRegistry

    wanted = set(sys.argv[2:])
    if sys.argv[1:2] != ["build"]:
        sys.exit("usage: python -m app.lessons.examples build [slug ...]")
    build([lesson.folder for lesson in LessonRegistry() if not wanted or lesson.slug in wanted])
