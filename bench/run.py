"""Benchmarks of the core (issue budgets in brackets). Prints a table.

    .venv/bin/python bench/run.py [--runs 10] [--json out.json]

1. POST /api/runs → first batch event [≤ 0.5 s] and → first epoch event
   [≤ 1 s] on the websocket, lesson preset, warm server, median of N.
2. Overhead: the preset trained through the app (POST → succeeded, end to
   end) over the same build + compile + fit(verbose=0) in one warm process
   [≤ 1.10]. That fit takes arrays, as a learner's notebook does; the worker
   feeds tf.data pipelines instead (app/worker/data.py: pipelines), so a
   like-for-like ratio, over the same fit fed the same way, is shown too: it
   is what the app adds (streaming, views, TensorBoard and CSV logs, saving).
3. The web process: start → first page served [≤ 2 s]; resident memory
   after serving pages and runs [≤ 150 MB].
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from app.settings import Settings  # noqa: E402
from tests.helpers import PRESET, Server  # noqa: E402

PLAIN = r"""
import json, os, sys, time
os.environ["KERAS_BACKEND"] = "tensorflow"; os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
threads = int(sys.argv[3]); feed = sys.argv[4]
if threads:
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(threads)
import keras
from app.worker import build, data, train
spec = json.loads(sys.argv[1]); runs = int(sys.argv[2])
train.warm_up()
x, y = data.training_data(spec)
classes = data.one_hot_classes(spec)
dense = data.one_hot(y, classes)  # what a notebook passes: one-hot rows, where the loss wants them
times = []
for _ in range(runs):
    keras.backend.clear_session()
    t = time.perf_counter()
    model = build.build_model(spec["model"]); build.compile_model(model, spec["compile"])
    f = spec["fit"]
    if feed == "arrays":  # what a learner's notebook does
        model.fit(x, dense, epochs=f["epochs"], batch_size=f["batch_size"], validation_split=f["validation_split"], shuffle=f["shuffle"], verbose=0)
    else:  # fed as the app's worker feeds it
        model.fit(**data.pipelines(x, y, f, classes), epochs=f["epochs"], verbose=0)
    times.append(time.perf_counter() - t)
print(json.dumps(times))
"""


def timed_run(server: Server) -> dict[str, float]:
    ws_base = server.url.replace("http", "ws")
    started = time.perf_counter()
    run_id = httpx.post(f"{server.url}/api/runs", json=PRESET, timeout=60).json()["id"]
    marks: dict[str, float] = {}
    with connect(f"{ws_base}/ws/runs/{run_id}?after=0") as ws:
        for message in ws:
            event = json.loads(message)
            now = time.perf_counter() - started
            if event["type"] == "batch":
                marks.setdefault("first_batch", now)
            elif event["type"] == "epoch":
                marks.setdefault("first_epoch", now)
            elif event["type"] == "status" and event["status"] == "running":
                marks.setdefault("running", now)
            elif event["type"] == "status" and event["status"] in {"succeeded", "failed", "cancelled", "interrupted"}:
                assert event["status"] == "succeeded", event
                marks["done"] = now
    return marks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp))
        t0 = time.perf_counter()
        server.start(wait_workers=False)
        while httpx.get(f"{server.url}/", timeout=5).status_code != 200:
            time.sleep(0.05)
        first_page = time.perf_counter() - t0
        server.wait_warm()
        warm = time.perf_counter() - t0
        try:
            httpx.post(f"{server.url}/api/inspect", json=PRESET, timeout=60)  # the page does this before Train
            timed_run(server)  # one untimed run: the first fit of a worker traces its graphs
            marks = [timed_run(server) for _ in range(args.runs)]
            for _ in range(3):
                httpx.get(f"{server.url}/lessons/sequential-model", timeout=10)
            rss = psutil.Process(server.proc.pid).memory_info().rss / 2**20
        finally:
            server.stop()

    env = os.environ | {"PYTHONPATH": str(ROOT)}

    def plain_fit(threads: int, feed: str = "arrays") -> float:
        cmd = [sys.executable, "-c", PLAIN, json.dumps(PRESET), str(args.runs), str(threads), feed]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, cwd=ROOT).stdout
        return statistics.median(json.loads(out.strip().splitlines()[-1]))

    plain = plain_fit(0)  # TensorFlow's default thread pools, as a learner's notebook has
    plain_same = plain_fit(Settings.from_env().worker_threads)
    plain_pipelines = plain_fit(Settings.from_env().worker_threads, "pipelines")

    med = lambda key: statistics.median(m[key] for m in marks)  # noqa: E731
    fit_in_app = statistics.median(m["done"] - m["running"] for m in marks)
    results = {
        "post_to_first_batch_s": med("first_batch"),
        "post_to_first_epoch_s": med("first_epoch"),
        "app_end_to_end_s": med("done"),
        "app_running_to_done_s": fit_in_app,
        "plain_fit_s": plain,
        "plain_fit_same_threads_s": plain_same,
        "overhead_ratio": med("done") / plain,
        "overhead_ratio_same_threads": med("done") / plain_same,
        "plain_fit_pipelines_s": plain_pipelines,
        "overhead_ratio_like_for_like": med("done") / plain_pipelines,
        "web_start_to_first_page_s": first_page,
        "web_start_to_workers_warm_s": warm,
        "web_rss_mb": rss,
    }
    rows = [
        ("POST → first batch event (median)", f"{results['post_to_first_batch_s']:.3f} s", "≤ 0.5 s"),
        ("POST → first epoch event (median)", f"{results['post_to_first_epoch_s']:.3f} s", "≤ 1 s"),
        ("preset through the app, POST → succeeded", f"{results['app_end_to_end_s']:.3f} s", ""),
        ("  of which: running → succeeded (in the worker)", f"{results['app_running_to_done_s']:.3f} s", ""),
        ("same build+compile+fit in one process", f"{results['plain_fit_s']:.3f} s", ""),
        ("overhead ratio", f"{results['overhead_ratio']:.3f}", "≤ 1.10"),
        ("same, plain fit with the worker's thread count", f"{results['plain_fit_same_threads_s']:.3f} s", ""),
        ("overhead ratio at equal threads", f"{results['overhead_ratio_same_threads']:.3f}", ""),
        ("same, fed tf.data pipelines as the worker feeds it", f"{results['plain_fit_pipelines_s']:.3f} s", ""),
        ("overhead ratio, like for like (views + files on)", f"{results['overhead_ratio_like_for_like']:.3f}", ""),
        ("web process: start → first page", f"{results['web_start_to_first_page_s']:.2f} s", "≤ 2 s"),
        ("web process: start → workers warm", f"{results['web_start_to_workers_warm_s']:.1f} s", ""),
        ("web process resident memory", f"{results['web_rss_mb']:.0f} MB", "≤ 150 MB"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>10}  budget")
    for name, value, budget in rows:
        print(f"{name:<{width}}  {value:>10}  {budget}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
