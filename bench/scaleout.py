"""The Celery backend against the local one (issue 12). Prints a table.

    .venv/bin/python bench/scaleout.py [--runs 30] [--single 10] [--json out.json]

For each setup, on its own Redis, SQLite file and data folder: the local
backend (one spawned worker), and the Celery backend with one and with two
`python -m app worker` processes (one child each):

1. Throughput: `--runs` runs of the Sequential preset submitted at once, each
   followed on its websocket: runs per minute, first POST to last end.
2. Worker-to-websocket latency of the epoch events of those runs: the time a
   page receives each one minus its `at` (when the worker sent it), p50/p95.
3. One run at a time on an idle server (`--single` of them): POST to the
   first epoch on the websocket, and POST to the end (the per-run time, which
   the Celery backend must keep within 10% of the local one's).
4. The fast lane: `--single` × 4 model summaries (`POST /api/inspect`) of
   edited specs on the idle server, p50/p95 (budget ≤ 150 ms p95).

Then the store: events per second stored on PostgreSQL one transaction per
event (`append_event`) and in bursts of 50 (`append_burst`, how the Celery
backend stores what it reads from a worker's stream).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.helpers import PRESET, CeleryWorker, Server  # noqa: E402
from tests.services import fresh_database, postgres_server, redis_server  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def follow(server: Server, run_id: str, posted: float, out: dict) -> None:
    """Read a run's websocket to its end: when its first epoch came, when it ended, each epoch's delay."""
    first, delays = None, []
    with connect(server.url.replace("http", "ws") + f"/ws/runs/{run_id}", open_timeout=30, max_size=None) as ws:
        while True:
            try:
                event = json.loads(ws.recv(timeout=600))
            except Exception:  # noqa: BLE001 - closed after the run's end
                break
            now = time.time()
            if event["type"] == "status" and event["status"] == "running":
                out["running"] = now - posted
            if event["type"] == "epoch":
                first = first or now - posted
                delays.append(now - event["at"])
            if event["type"] == "status" and event["status"] in ("succeeded", "failed", "cancelled", "interrupted"):
                out.update(status=event["status"], ended=now, first=first, delays=delays, worker_s=event.get("seconds"))
                return


def measure(server: Server, runs: int, single: int) -> dict:
    spec = json.loads(json.dumps(PRESET))
    for _ in range(2):  # warm: the first runs of a worker trace its model
        server.events(server.post("/api/runs", json=spec).json()["id"])
    singles = [single_run(server, spec) for _ in range(single)]
    summaries = []
    for units in range(8, 8 + single * 4):  # the form's edits: each asks for a model summary
        edited = json.loads(json.dumps(spec))
        edited["model"]["layers"][0]["config"]["units"] = units
        t = time.perf_counter()
        assert server.post("/api/inspect", json=edited).status_code == 200
        summaries.append(time.perf_counter() - t)
    asked = ask_through_celery(server, spec, single * 4) if server.env.get("KP_BACKEND") == "celery" else []
    results, threads = [], []
    started = time.time()
    for _ in range(runs):
        out = {}
        posted = time.time()
        run_id = server.post("/api/runs", json=spec).json()["id"]
        thread = threading.Thread(target=follow, args=(server, run_id, posted, out))
        thread.start()
        threads.append(thread)
        results.append(out)
    for thread in threads:
        thread.join()
    last = max(r["ended"] for r in results)
    delays = [d for r in results for d in r["delays"]]
    return {
        "succeeded": sum(r["status"] == "succeeded" for r in results),
        "runs_per_min": runs / (last - started) * 60,
        "event_p50_ms": pct(delays, 0.5) * 1000,
        "event_p95_ms": pct(delays, 0.95) * 1000,
        "first_epoch_s": statistics.median(s["first"] for s in singles),
        "first_epoch_p95_s": pct([s["first"] for s in singles], 0.95),
        "per_run_s": statistics.median(s["total"] for s in singles),
        "summary_p50_ms": pct(summaries, 0.5) * 1000,
        "summary_p95_ms": pct(summaries, 0.95) * 1000,
    } | ({"celery_ask_p50_ms": pct(asked, 0.5) * 1000, "celery_ask_p95_ms": pct(asked, 0.95) * 1000} if asked else {})


def ask_through_celery(server: Server, spec: dict, count: int) -> list[float]:
    """The same summaries as a `kp.ask` task on the workers' `inspect` queue: the fast lane
    through the engine, against the web host's own inspectors."""
    from app.jobs.celery_app import ASK, make_celery
    from app.settings import Settings

    celery = make_celery(Settings(redis_url=server.env["KP_REDIS_URL"]))
    times = []
    for units in range(100, 100 + count):
        edited = json.loads(json.dumps(spec))
        edited["model"]["layers"][0]["config"]["units"] = units
        request = {"task": "inspect", "check": True, "spec": {k: edited[k] for k in ("model", "dataset", "compile")} | {"fit": {"batch_size": 32}}}
        t = time.perf_counter()
        reply = celery.send_task(ASK, args=[request], queue="inspect").get(timeout=30)
        times.append(time.perf_counter() - t)
        assert reply["ok"], reply
    return times


@contextlib.contextmanager
def setup(kind: str, workers: int, folder: Path, redis_url: str):
    env = {"KP_RUN_TIME_LIMIT": "600", "KP_WS_MAX_PER_CLIENT": "100"}  # the bench's one client follows every run
    if kind == "local":
        server = Server(folder, KP_WORKERS=str(workers), **env).start()
        try:
            yield server
        finally:
            server.stop()
        return
    started = [CeleryWorker(folder, redis_url, **env).start() for _ in range(workers)]
    server = Server(folder, KP_BACKEND="celery", KP_REDIS_URL=redis_url, **env).start()
    try:
        deadline = time.monotonic() + 180
        while len([w for w in server.get("/api/health").json()["workers"] if w["ready"]]) < workers:
            assert time.monotonic() < deadline, "the Celery workers did not start"
            time.sleep(0.5)
        yield server
    finally:
        server.stop()
        for worker in started:
            worker.stop()


def store_rates(events: int = 2000) -> dict:
    from app.store.db import make_engine
    from app.store.runs import RunStore

    with postgres_server(Path(tempfile.mkdtemp(prefix="kp-postgres-"))) as admin:  # a folder the postgres user can reach
        store = RunStore(make_engine(fresh_database(admin)))
        batch = {"type": "batch", "epoch": 0, "batch": 0, "steps": 10, "logs": {"loss": 0.5, "accuracy": 0.75}}
        one = store.create_run({"fit": {}})
        t = time.perf_counter()
        for _ in range(events):
            store.append_event(one, batch)
        each = events / (time.perf_counter() - t)
        bursts = store.create_run({"fit": {}})
        t, pos = time.perf_counter(), None
        for i in range(events // 50):
            store.append_burst(bursts, [batch] * 50, pos, f"{i + 1}-0")
            pos = f"{i + 1}-0"
        burst = events / (time.perf_counter() - t)
    return {"one_per_transaction": each, "bursts_of_50": burst}


def single_run(server: Server, spec: dict) -> dict:
    out: dict = {}
    posted = time.time()
    follow(server, server.post("/api/runs", json=spec).json()["id"], posted, out)
    return out | {"total": out["ended"] - posted}


def paired(pairs: int) -> int:
    """The local backend and the Celery one (one worker) side by side, both idle but for
    the run at hand: single runs taken in turn, A B B A, so a VM's drift weighs on both
    alike. Per run: POST → running, POST → first epoch, POST → end, the worker's own time."""
    spec = json.loads(json.dumps(PRESET))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "local").mkdir()
        (root / "celery").mkdir()
        with redis_server(root / "celery") as redis_url, setup("local", 1, root / "local", redis_url) as local, setup("celery", 1, root / "celery", redis_url) as celery:
            servers = {"local": local, "celery": celery}
            for server in servers.values():
                for _ in range(3):  # warm: the first runs of a worker trace its model
                    single_run(server, spec)
            seen: dict[str, list[dict]] = {"local": [], "celery": []}
            for i in range(pairs):
                for name in ("local", "celery") if i % 2 == 0 else ("celery", "local"):
                    seen[name].append(single_run(servers[name], spec))
    med = {name: {k: statistics.median(r[k] for r in runs) for k in ("running", "first", "total", "worker_s")} for name, runs in seen.items()}
    print(f"{pairs} pairs of single runs of the Sequential preset, medians (s):")
    print("| backend | POST → running | POST → first epoch | POST → end | in the worker | around the worker |")
    print("|---|---|---|---|---|---|")
    for name, m in med.items():
        print(f"| {name} | {m['running']:.3f} | {m['first']:.3f} | {m['total']:.3f} | {m['worker_s']:.3f} | {m['total'] - m['worker_s']:.3f} |")
    ratios = [c["total"] / lo["total"] for lo, c in zip(seen["local"], seen["celery"], strict=True)]
    firsts = [c["first"] / lo["first"] for lo, c in zip(seen["local"], seen["celery"], strict=True)]
    print(f"\ncelery / local per run: median of pairs {statistics.median(ratios):.3f}, of medians {med['celery']['total'] / med['local']['total']:.3f}; "
          f"first epoch: median of pairs {statistics.median(firsts):.3f}, of medians {med['celery']['first'] / med['local']['first']:.3f} (budget ≤ 1.10)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--single", type=int, default=10)
    parser.add_argument("--paired", type=int, default=0, help="only the paired comparison of single runs, local against Celery, this many pairs")
    parser.add_argument("--json")
    args = parser.parse_args()
    if args.paired:
        return paired(args.paired)
    report: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, kind, workers in (("local, 1 worker", "local", 1), ("celery, 1 worker", "celery", 1), ("celery, 2 workers", "celery", 2)):
            folder = root / name.replace(", ", "-").replace(" ", "")
            folder.mkdir()
            with redis_server(folder) as redis_url, setup(kind, workers, folder, redis_url) as server:
                report[name] = measure(server, args.runs, args.single)
            print(name, json.dumps({k: round(v, 3) for k, v in report[name].items()}), flush=True)
        report["store"] = store_rates()
    print()
    print("| setup | succeeded | runs/min | first epoch (median, p95) | per run | epoch event worker→page p50 / p95 | summary p50 / p95 |")
    print("|---|---|---|---|---|---|---|")
    for name in ("local, 1 worker", "celery, 1 worker", "celery, 2 workers"):
        r = report[name]
        print(f"| {name} | {r['succeeded']}/{args.runs} | {r['runs_per_min']:.1f} | {r['first_epoch_s']:.2f} s, {r['first_epoch_p95_s']:.2f} s | {r['per_run_s']:.2f} s | {r['event_p50_ms']:.1f} / {r['event_p95_ms']:.1f} ms | {r['summary_p50_ms']:.0f} / {r['summary_p95_ms']:.0f} ms |")
    local, celery = report["local, 1 worker"], report["celery, 1 worker"]
    print(f"\ncelery / local, one worker: per run {celery['per_run_s'] / local['per_run_s']:.3f}, first epoch {celery['first_epoch_s'] / local['first_epoch_s']:.3f} (budget ≤ 1.10)")
    for name in ("celery, 1 worker", "celery, 2 workers"):
        r = report[name]
        print(f"{name}: the same summaries as Celery tasks on the inspect queue: p50 {r['celery_ask_p50_ms']:.0f} ms, p95 {r['celery_ask_p95_ms']:.0f} ms")
    s = report["store"]
    print(f"stored events/s on PostgreSQL: {s['one_per_transaction']:.0f} one per transaction, {s['bursts_of_50']:.0f} in bursts of 50")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
