"""Benchmarks of the run views (issue budgets in brackets). Prints a table.

    .venv/bin/python bench/views.py [--runs 3] [--only histograms|redraws|neurons]

1. Histograms every epoch: a lesson preset's training time (running →
   succeeded, median of N) with views.histogram_freq = 1 over the same with 0
   [≤ 1.25].
2. A page with 5 overlaid runs of 200 epochs each: the time of each chart
   redraw while a new run streams its epochs, measured in Chromium
   (performance.now() around the drawing of each chart, summed per
   redraw; redraws group the epochs of 150 ms) over the epoch events
   received [under 50 ms per epoch event], a redraw's time, and the longest
   single task (one chart; the page answers input between charts).
3. What every neuron computes: each lesson preset on a 2-D data set (an
   EarlyStopping callback removed), the run's time in its worker (the
   terminal status's `seconds`, no client following it live: on this one
   machine a client would take CPU from the worker) with views.neurons =
   true over the same with false, runs alternated (median of N each)
   [≤ 1.10]; the CPU time the worker and the web process spent meanwhile
   (steadier than wall time on a busy machine); the size of one epoch's
   `neurons` event as a websocket client receives it (JSON bytes); and the
   callback alone, timed in this process as a worker runs it, over the
   worker's CPU time for the run without it.
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
from typing import NamedTuple

import httpx
import psutil
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from app import wire  # noqa: E402
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


def two_d_presets() -> dict[str, dict]:
    """The lesson presets whose data set is 2-D, by lesson folder."""
    presets = {}
    for path in sorted((ROOT / "app/lessons").glob("*/preset.json")):
        spec = json.loads(path.read_text())
        if spec["model"].get("input", {}).get("shape") == [2]:
            # EarlyStopping would make the two sides train different numbers of epochs.
            spec["callbacks"] = [cb for cb in spec.get("callbacks", []) if cb["class_name"] != "EarlyStopping"]
            presets[path.parent.name] = spec
    return presets


class Measured(NamedTuple):
    seconds: float  # the run's time in its worker (the terminal status's `seconds`)
    seen: float  # running → succeeded, as a websocket client sees it (adds the web process's lag)
    worker_cpu: float  # CPU seconds the training workers used meanwhile
    web_cpu: float  # and the web process
    neurons_bytes: list[int]  # the size of each neurons event, as JSON on the websocket


def measured_run(server: Server, spec: dict, watch: bool = True) -> Measured:
    """One run, its time in the worker and the CPU it took. With `watch`, a
    websocket client follows it live (on this machine, that client takes CPU
    from the worker too); without, the run is waited for by asking its status,
    and its events are read after it ended."""
    workers = [psutil.Process(w["pid"]) for w in httpx.get(f"{server.url}/api/health", timeout=60).json()["workers"]]
    web = psutil.Process(server.proc.pid)

    def cpu() -> tuple[float, float]:
        return sum(sum(p.cpu_times()[:2]) for p in workers), sum(web.cpu_times()[:2])

    before = cpu()
    run_id = httpx.post(f"{server.url}/api/runs", json=spec, timeout=60).json()["id"]
    marks, sizes, worker = {}, [], None
    if not watch:
        started = time.perf_counter()
        while httpx.get(f"{server.url}/api/runs/{run_id}", timeout=60).json()["status"] in ("queued", "running"):
            time.sleep(0.1)
        marks["running"], after = started, cpu()
    with connect(f"{server.url.replace('http', 'ws')}/ws/runs/{run_id}?after=0", max_size=None) as ws:
        for message in ws:
            event = json.loads(message)
            if event["type"] == "status":
                marks[event["status"]] = time.perf_counter()
                worker = event.get("seconds", worker)
            elif event["type"] == "neurons":
                sizes.append(len(message.encode()))
    after = cpu() if watch else after
    assert "succeeded" in marks, marks
    return Measured(worker, marks["succeeded"] - marks["running"], after[0] - before[0], after[1] - before[1], sizes)


def neurons_overhead(server: Server, runs: int) -> list[tuple[str, Measured, Measured]]:
    """Per 2-D lesson preset, the medians of its runs without and with the neurons view."""
    rows = []
    for name, preset in two_d_presets().items():
        on = copy.deepcopy(preset)
        on.setdefault("views", {})["neurons"] = True
        off = copy.deepcopy(on)
        off["views"]["neurons"] = False
        measured_run(server, off)  # warm the worker for this model's shapes
        found: dict[bool, list[Measured]] = {True: [], False: []}
        for _ in range(runs):  # alternated, so a slow spell of the machine hits both
            found[False].append(measured_run(server, off, watch=False))
            found[True].append(measured_run(server, on, watch=False))
        rows.append((name, median_run(found[False]), median_run(found[True])))
    return rows


def median_run(runs: list[Measured]) -> Measured:
    def median(field: str) -> float:
        return statistics.median(getattr(run, field) for run in runs)

    return Measured(median("seconds"), median("seen"), median("worker_cpu"), median("web_cpu"), runs[0].neurons_bytes)


def neurons_epoch_cost(spec: dict, epochs: int) -> tuple[float, float, float]:
    """The neurons callback alone, in this process as a worker runs it (one
    TensorFlow thread, JSON encoding as the worker's pipe does): CPU seconds of
    the first epoch (it traces the probe), then the median of an epoch, and of
    that epoch's encoding."""
    import os

    for name in ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "OMP_NUM_THREADS"):
        os.environ[name] = "1"
    import keras

    from app.worker import data, train
    from app.worker.build import build_model
    from app.worker.neurons import Neurons

    train.warm_up()
    encoding = []

    def emit(event: dict) -> None:
        started = time.process_time()
        wire.dumps({"kind": "event", "run_id": "0" * 16, "event": event})  # as the worker's pipe encodes it
        encoding.append(time.process_time() - started)

    keras.backend.clear_session()
    callback = Neurons(emit, data.training_data(spec)[0])
    callback.set_model(build_model(spec["model"]))
    callback.on_train_begin()
    spent = []
    for epoch in range(epochs):
        started = time.process_time()
        callback.on_epoch_end(epoch)
        spent.append(time.process_time() - started)
    return spent[0], statistics.median(spent[1:]), statistics.median(encoding[1:])


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
        times = page.evaluate("import('/static/js/playground/state.js').then(({ live: { charts: c } }) => [c.drawTimes, c.taskTimes, c.epochEvents])")
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=("histograms", "redraws", "neurons"), help="run one measure")
    args = parser.parse_args()
    wanted = {args.only} if args.only else {"histograms", "redraws", "neurons"}
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp), KP_WORKER_MAX_JOBS="100000").start()  # one warm worker throughout
        try:
            rows = histogram_overhead(server, args.runs) if "histograms" in wanted else []
            redraws = overlay_redraws(server) if "redraws" in wanted else None
            neurons = neurons_overhead(server, args.runs) if "neurons" in wanted else []
        finally:
            server.stop()
    presets = two_d_presets()
    costs = {name: neurons_epoch_cost(presets[name], len(on.neurons_bytes)) for name, _, on in neurons}
    print(f"{'measure':<58} {'value':>10}  budget")
    for name, off, on in rows:
        print(f"{'training with histograms every epoch / without, ' + name:<58} {on / off:>10.3f}  ≤ 1.25   ({off:.2f} s → {on:.2f} s)")
    if redraws:
        redraws, tasks, epoch_events = redraws
        print(f"{'chart update time per epoch event (all redraws / epoch events)':<58} {sum(redraws) / epoch_events:>8.1f} ms  < 50 ms   ({len(redraws)} redraws, {epoch_events} epochs)")
        busy = redraws[len(redraws) // 2 :]  # once the 5 overlays are drawn and epochs stream in
        print(f"{'one redraw of the three charts, 5 overlaid 200-epoch runs, median':<58} {statistics.median(busy):>8.1f} ms")
        print(f"{'one redraw of the three charts, max':<58} {max(busy):>8.1f} ms")
        busy_tasks = tasks[len(tasks) // 2 :]
        print(f"{'longest main-thread task of a redraw (one chart), max':<58} {max(busy_tasks):>8.1f} ms  < 50 ms")
    for name, off, on in neurons:
        epochs = len(on.neurons_bytes)
        print(f"{'training with neurons / without, ' + name:<58} {on.seconds / off.seconds:>10.3f}  ≤ 1.10   ({off.seconds:.2f} s → {on.seconds:.2f} s in the worker, {epochs} epochs)")
        print(f"{'  worker CPU with / without':<58} {on.worker_cpu / off.worker_cpu:>10.3f}           ({off.worker_cpu:.2f} s → {on.worker_cpu:.2f} s, "
              f"{(on.worker_cpu - off.worker_cpu) / epochs * 1000:+.1f} ms an epoch)")
        print(f"{'  web process CPU with / without':<58} {on.web_cpu / off.web_cpu:>10.3f}           ({off.web_cpu:.2f} s → {on.web_cpu:.2f} s)")
        print(f"{'  one neurons event (JSON on the websocket), median':<58} {statistics.median(on.neurons_bytes) / 1000:>7.1f} kB")
        first, each, encoding = costs[name]
        share = (first + (epochs - 1) * each) / off.worker_cpu
        print(f"{'  the callback alone (CPU, in process) / worker CPU without':<58} {share:>10.3f}           "
              f"(first epoch {first * 1000:.1f} ms, then {each * 1000:.2f} ms an epoch, of which JSON {encoding * 1000:.2f} ms)")


if __name__ == "__main__":
    main()
