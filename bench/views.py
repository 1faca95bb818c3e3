"""Benchmarks of the run views (issue budgets in brackets). Prints a table.

    .venv/bin/python bench/views.py [--runs 3]

1. Histograms every epoch: a lesson preset's training time (running →
   succeeded, median of N) with views.histogram_freq = 1 over the same with 0
   [≤ 1.25].
2. A page with 5 overlaid runs of 200 epochs each: the time of each chart
   redraw while a new run streams its epochs, measured in Chromium
   (performance.now() around the Plotly.react of each chart, summed per
   redraw; redraws group the epochs of 150 ms) over the epoch events
   received [under 50 ms per epoch event], a redraw's time, and the longest
   single task (one chart; the page answers input between charts).
"""

from __future__ import annotations

import argparse
import base64
import copy
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.helpers import PRESET, Server  # noqa: E402

FUNCTIONAL = json.loads((ROOT / "app/lessons/05-functional-api/preset.json").read_text())


def train_seconds(server: Server, spec: dict) -> float:
    run_id = httpx.post(f"{server.url}/api/runs", json=spec, timeout=60).json()["id"]
    marks = {}
    with connect(f"{server.url.replace('http', 'ws')}/ws/runs/{run_id}?after=0") as ws:
        for message in ws:
            event = json.loads(message)
            if event["type"] == "status":
                marks[event["status"]] = time.perf_counter()
    assert "succeeded" in marks, marks
    return marks["succeeded"] - marks["running"]


def histogram_overhead(server: Server, runs: int) -> list[tuple[str, float, float]]:
    rows = []
    for name, base in (("sequential-model", PRESET), ("functional-api", FUNCTIONAL)):
        with_views = copy.deepcopy(base) | {"views": {"histogram_freq": 1}}
        without = copy.deepcopy(base) | {"views": {"histogram_freq": 0}}
        train_seconds(server, without)  # warm the worker for this model's shapes
        off = statistics.median(train_seconds(server, without) for _ in range(runs))
        on = statistics.median(train_seconds(server, with_views) for _ in range(runs))
        rows.append((name, off, on))
    return rows


def overlay_redraws(server: Server) -> list[float]:
    from playwright.sync_api import sync_playwright

    long = copy.deepcopy(PRESET)
    long["dataset"]["options"]["n_samples"] = 200
    long["fit"].update({"epochs": 200, "batch_size": 64})
    ids = [httpx.post(f"{server.url}/api/runs", json=long, timeout=60).json()["id"] for _ in range(5)]
    for run_id in ids:
        server.wait_status(run_id, {"succeeded"}, timeout=600)
    fresh = copy.deepcopy(long)
    fresh["fit"]["epochs"] = 60
    fragment = base64.urlsafe_b64encode(json.dumps(fresh).encode()).decode().rstrip("=")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{server.url}/lessons/sequential-model")
        page.evaluate(f"localStorage.setItem('kp.runs', JSON.stringify({json.dumps(ids)}))")
        page.goto(f"{server.url}/lessons/sequential-model#spec=j.{fragment}")
        page.reload()
        page.wait_for_function("document.querySelector('#playground').dataset.ready === 'true'")
        page.click("[data-testid=tab-runs]")
        page.wait_for_selector("[data-testid=runs-table] tbody tr")
        for box in page.locator("[data-testid=runs-table] tbody input[type=checkbox]").all():
            box.check()
        page.click("[data-testid=tab-scalars]")
        page.click("[data-testid=train-button]")
        page.wait_for_function("document.querySelector('[data-testid=run-status]').dataset.status === 'succeeded'", timeout=600_000)
        page.wait_for_timeout(500)
        times = page.evaluate("(c => [c.drawTimes, c.taskTimes, c.epochEvents])(window.kpPlayground.charts)")
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp)).start()
        try:
            rows = histogram_overhead(server, args.runs)
            redraws, tasks, epoch_events = overlay_redraws(server)
        finally:
            server.stop()
    print(f"{'measure':<58} {'value':>10}  budget")
    for name, off, on in rows:
        print(f"{'training with histograms every epoch / without, ' + name:<58} {on / off:>10.3f}  ≤ 1.25   ({off:.2f} s → {on:.2f} s)")
    print(f"{'chart update time per epoch event (all redraws / epoch events)':<58} {sum(redraws) / epoch_events:>8.1f} ms  < 50 ms   ({len(redraws)} redraws, {epoch_events} epochs)")
    busy = redraws[len(redraws) // 2 :]  # once the 5 overlays are drawn and epochs stream in
    print(f"{'one redraw of the three charts, 5 overlaid 200-epoch runs, median':<58} {statistics.median(busy):>8.1f} ms")
    print(f"{'one redraw of the three charts, max':<58} {max(busy):>8.1f} ms")
    busy_tasks = tasks[len(tasks) // 2 :]
    print(f"{'longest main-thread task of a redraw (one chart), max':<58} {max(busy_tasks):>8.1f} ms  < 50 ms")


if __name__ == "__main__":
    main()
