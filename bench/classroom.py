"""A simulated class of 30 students on one server in classroom mode.

    .venv/bin/python bench/classroom.py [--students 30] [--spread 60]

A teacher (made with the CLI) signs in and creates a class; then, one every
`spread / students` seconds, each student joins with the code, loads the
Sequential lesson's page, asks for three summaries as if editing the form,
trains the lesson's preset and follows it over the websocket to the end.
Prints each run's queue wait and duration, the time from the first join to
the last run done, p50/p95/max of page and summary requests during the load,
the web process's peak RSS, and checks every run succeeded with all its
epochs stored. Budgets (issue 9, 2 cores, one training worker): last run
done ≤ 90 s after the first join; page p95 ≤ 50 ms; summary p95 ≤ 100 ms and
none over 1 s.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psutil
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.helpers import PRESET, Server  # noqa: E402

PASSWORD = "bench teacher password"
LESSON = "sequential-model"


class Student(threading.Thread):
    def __init__(self, server: Server, code: str, name: str, start_at: float, timings: dict):
        super().__init__(daemon=True)
        self.server, self.code, self.name, self.start_at, self.timings = server, code, name, start_at, timings
        self.result: dict = {}

    def timed(self, kind: str, call):
        started = time.perf_counter()
        reply = call()
        self.timings[kind].append(time.perf_counter() - started)
        reply.raise_for_status()
        return reply

    def run(self) -> None:
        time.sleep(max(0.0, self.start_at - time.perf_counter()))
        srv = self.server
        with httpx.Client(base_url=srv.url, headers={"Origin": srv.url}, timeout=120) as c:
            self.result["joined"] = time.perf_counter()
            self.timed("api", lambda: c.post("/api/classes/join", json={"code": self.code, "name": self.name}))
            self.timed("page", lambda: c.get(f"/lessons/{LESSON}"))
            for units in (32, 48, 64):  # edits of the form: each asks for a summary
                spec = copy.deepcopy(PRESET)
                spec["model"]["layers"][0]["config"]["units"] = units
                self.timed("summary", lambda spec=spec: c.post("/api/inspect", json=spec))
            self.result["submitted"] = time.perf_counter()
            run_id = self.timed("api", lambda: c.post("/api/runs", json=PRESET | {"lesson": LESSON})).json()["id"]
            self.result["id"] = run_id
            cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
            url = srv.url.replace("http", "ws") + f"/ws/runs/{run_id}?after=0"
            with connect(url, additional_headers={"Cookie": cookie, "Origin": srv.url}, open_timeout=30) as ws:
                for message in ws:
                    event = json.loads(message)
                    if event["type"] == "status":
                        self.result[event["status"]] = time.perf_counter()
            stored = c.get(f"/api/runs/{run_id}").json()
            self.result["status"] = stored["status"]
            self.result["epochs"] = len(stored["epochs"])


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--spread", type=float, default=60.0, help="seconds over which the students arrive")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        srv = Server(Path(tmp), KP_MODE="classroom", KP_SECRET_KEY="bench")
        made = subprocess.run([sys.executable, "-m", "app", "teacher", "add", "Teacher"], cwd=ROOT, env=srv.env, input=PASSWORD + "\n", text=True, capture_output=True)
        assert made.returncode == 0, made.stderr
        srv.start()
        try:
            teacher = httpx.Client(base_url=srv.url, headers={"Origin": srv.url}, timeout=60)
            teacher.post("/api/auth/login", json={"username": "Teacher", "password": PASSWORD}).raise_for_status()
            code = teacher.post("/api/classes", json={"name": "Bench class"}).json()["join_code"]
            web = psutil.Process(srv.proc.pid)
            peak_rss = [web.memory_info().rss]
            timings: dict[str, list[float]] = {"page": [], "summary": [], "api": []}
            start = time.perf_counter() + 0.5
            gap = args.spread / max(1, args.students - 1)
            students = [Student(srv, code, f"Student {i + 1:02d}", start + i * gap, timings) for i in range(args.students)]
            for s in students:
                s.start()
            while any(s.is_alive() for s in students):
                peak_rss.append(web.memory_info().rss)
                time.sleep(0.25)
            for s in students:
                s.join()
        finally:
            srv.stop()

    rows = [s.result for s in students]
    first_join = min(r["joined"] for r in rows)
    print(f"{'student':>10} {'wait s':>7} {'train s':>8} {'status':>10} {'epochs':>7}")
    for s, r in zip(students, rows, strict=True):
        wait = r.get("running", float("nan")) - r["submitted"]
        train = r.get("succeeded", float("nan")) - r.get("running", float("nan"))
        print(f"{s.name[-10:]:>10} {wait:7.2f} {train:8.2f} {r.get('status', '?'):>10} {r.get('epochs', 0):>7}")
    last = max(r.get("succeeded", float("inf")) for r in rows) - first_join
    ok_runs = all(r.get("status") == "succeeded" and r.get("epochs") == PRESET["fit"]["epochs"] for r in rows)
    page, summary = timings["page"], timings["summary"]
    checks = [
        ("every run succeeded with all its epochs stored", ok_runs, f"{sum(r.get('status') == 'succeeded' for r in rows)}/{len(rows)}"),
        ("last run done after the first join [≤ 90 s]", last <= 90, f"{last:.1f} s"),
        ("page p95 [≤ 50 ms]", pct(page, 0.95) <= 0.05, f"p50 {pct(page, 0.5) * 1000:.0f} ms, p95 {pct(page, 0.95) * 1000:.0f} ms, max {max(page) * 1000:.0f} ms"),
        ("summary p95 [≤ 100 ms]", pct(summary, 0.95) <= 0.1, f"p50 {pct(summary, 0.5) * 1000:.0f} ms, p95 {pct(summary, 0.95) * 1000:.0f} ms"),
        ("no summary over 1 s", max(summary) <= 1.0, f"max {max(summary) * 1000:.0f} ms"),
    ]
    print(f"\n{len(rows)} students over {args.spread:g} s; api p50 {statistics.median(timings['api']) * 1000:.0f} ms, p95 {pct(timings['api'], 0.95) * 1000:.0f} ms")
    print(f"web process peak RSS: {max(peak_rss) / 2**20:.0f} MB")
    for label, passed, value in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {label}: {value}")
    return 0 if all(p for _, p, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
