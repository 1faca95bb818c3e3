"""What histograms cost on every lesson preset: its training time (running →
succeeded) with views.histogram_freq = 1 over the same with 0, runs
alternated, median of N each. Presets whose ratio stays within the budget
get histograms on by default (issue 8: "on by default where their measured
cost is small"); `--write` sets `views.histogram_freq` in their preset.json.

    .venv/bin/python bench/presets.py [--runs 3] [--budget 1.25] [--write]
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.views import train_seconds  # noqa: E402
from tests.helpers import Server  # noqa: E402

LESSONS = ROOT / "app" / "lessons"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--budget", type=float, default=1.25)  # the histograms budget of bench/views.py
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp)).start()
        try:
            for path in sorted(LESSONS.glob("*/preset.json")):
                preset = json.loads(path.read_text())
                if preset["dataset"]["name"] in ("mnist", "fashion_mnist", "cifar10", "cifar100", "imdb", "reuters", "boston_housing", "california_housing"):
                    continue  # Keras's own sets: not on this server
                # EarlyStopping would make the two sides train different numbers of epochs
                base = copy.deepcopy(preset) | {"callbacks": [cb for cb in preset.get("callbacks", []) if cb["class_name"] != "EarlyStopping"]}
                on = copy.deepcopy(base) | {"views": {**base.get("views", {}), "histogram_freq": 1}}
                off = copy.deepcopy(base) | {"views": {**base.get("views", {}), "histogram_freq": 0}}
                train_seconds(server, off)  # warm the worker for this model's shapes
                times_on, times_off = [], []
                for _ in range(args.runs):
                    times_off.append(train_seconds(server, off))
                    times_on.append(train_seconds(server, on))
                ratio = statistics.median(times_on) / statistics.median(times_off)
                rows.append((path.parent.name, statistics.median(times_off), statistics.median(times_on), ratio))
                print(f"{path.parent.name:<40} {rows[-1][1]:6.2f} s → {rows[-1][2]:6.2f} s  ×{ratio:.3f}", flush=True)
        finally:
            server.stop()
    cheap = [name for name, _, _, ratio in rows if ratio <= args.budget]
    print(f"\n{len(cheap)} of {len(rows)} presets within ×{args.budget:.2f}")
    if args.write:
        for name, _, _, ratio in rows:
            write_freq(LESSONS / name / "preset.json", 1 if ratio <= args.budget else 0)


def write_freq(path: Path, freq: int) -> None:
    """Set views.histogram_freq in a preset, keeping the file's own layout."""
    text = path.read_text()
    preset = json.loads(text)
    if "histogram_freq" in preset.get("views", {}):
        text = re.sub(r'("histogram_freq":\s*)\d+', rf"\g<1>{freq}", text, count=1)
    elif "views" in preset:
        text = re.sub(r'("views":\s*\{)', rf'\g<1>"histogram_freq": {freq}, ', text, count=1).replace(", }", "}")
    else:
        text = text.rstrip()[:-1].rstrip() + f',\n  "views": {{"histogram_freq": {freq}}}\n}}\n'
    assert json.loads(text)["views"]["histogram_freq"] == freq, path
    path.write_text(text)


if __name__ == "__main__":
    main()
