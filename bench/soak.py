"""A soak: a mix of learners against one server for a bounded time.

    .venv/bin/python bench/soak.py [--minutes 10] [--learners 8] [--seed 0] [--drain 30] [--keep]

Starts one server (personal mode) on a free port and, once it is warm, records
the resident memory of the web process, its training workers and its
inspectors. Then `--learners` threads (bench/soak_clients.py) each loop until
the deadline over a weighted mix: typing (5-10 summaries as the form is
edited), a small run followed over the websocket (sometimes dropping the
socket mid-run and coming back with ?after=<last seq>, sometimes leaving it
unwatched), a long run cancelled after its first epoch, a CSV upload
(sometimes trained on), bad input (not JSON, wrong types, huge numbers, lone
surrogates, an unknown layer, negative epochs, a 2 MB body, unknown runs and
sockets) and page loads. At the deadline the learners finish what they are
doing; after `--drain` seconds the runs still queued or training are
cancelled. Every run each learner followed is then checked: the events it
received (reconnects merged) against a fresh full replay and against the
stored run (status, epochs). Prints requests served, p50/p95/p99 latency by
kind, runs by final status, memory at start and end, and PASS/FAIL against
the budgets (issue 10): no answer ≥ 500; every followed run's events
complete and in order; every run ended; web process RSS growth ≤ 100 MB;
and two of the soak's own: no traceback in the server log, and every bad
input answered with its 4xx (everything else 2xx, or 429 for a full queue).
Exit code 1 if a budget fails (the data directory and server log are kept).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import psutil
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.soak_clients import TERMINAL, Learner, Stats  # noqa: E402
from tests.helpers import Server  # noqa: E402

WEB_GROWTH_MB = 100
RUN_TIME_LIMIT = 120  # seconds: a stuck run ends well within the drain, not after 10 minutes


# -- memory --------------------------------------------------------------------


def processes(srv: Server, health: dict) -> dict[str, int]:
    """Role → pid: the web process, each training worker, each inspector."""
    roles = {"web": srv.proc.pid}
    roles |= {f"worker {i + 1}": w["pid"] for i, w in enumerate(health["workers"])}
    roles |= {f"inspector {i + 1}": pid for i, pid in enumerate(health["inspector"]["pids"])}
    return roles


def rss_mb(pid: int | None) -> float | None:
    try:
        return psutil.Process(pid).memory_info().rss / 2**20
    except (psutil.Error, TypeError, ValueError):
        return None


def memory(srv: Server) -> tuple[dict[str, tuple[int, float | None]], dict]:
    """Role → (pid, RSS in MB) once the workers are ready, and the health report it comes from."""
    health = srv.wait_warm()
    return {role: (pid, rss_mb(pid)) for role, pid in processes(srv, health).items()}, health


# -- the end: drain, then check ------------------------------------------------


def statuses(srv: Server, run_ids: list[str]) -> dict[str, dict]:
    return {run_id: srv.get(f"/api/runs/{run_id}").json() for run_id in run_ids}


def open_runs(srv: Server, run_ids: list[str]) -> list[str]:
    return [run_id for run_id, run in statuses(srv, run_ids).items() if run["status"] not in TERMINAL]


def wait_ended(srv: Server, run_ids: list[str], timeout: float) -> list[str]:
    deadline = time.monotonic() + timeout
    while (still := open_runs(srv, run_ids)) and time.monotonic() < deadline:
        time.sleep(1)
    return still


def replay(srv: Server, run_id: str) -> tuple[list[dict], int | None]:
    """Every stored event of an ended run, as a page opened now would get them."""
    events: list[dict] = []
    with connect(srv.url.replace("http", "ws", 1) + f"/ws/runs/{run_id}?after=0", additional_headers={"Origin": srv.url}, open_timeout=30) as ws:
        try:
            while True:
                events.append(json.loads(ws.recv(timeout=60)))
        except ConnectionClosed as closed:
            return events, closed.rcvd.code if closed.rcvd else None


def seq_problems(seqs: list[int]) -> list[str]:
    if seqs == list(range(1, len(seqs) + 1)):
        return []
    repeated = sorted(s for s, n in Counter(seqs).items() if n > 1)
    missing = sorted(set(range(1, max(seqs, default=0) + 1)) - set(seqs))
    return [f"seqs not 1..{len(seqs)} in order: repeated {repeated[:10]}, missing {missing[:10]}, first {seqs[:12]}"]


def event_problems(srv: Server, run_id: str, received: list[dict], stored: dict) -> list[str]:
    """What is wrong with the events a learner received, against the store."""
    problems = seq_problems([e["seq"] for e in received])
    replayed, code = replay(srv, run_id)
    if code != 1000:
        problems.append(f"replay closed with {code}")
    if replayed != received:
        differ = next((i for i, (a, b) in enumerate(zip(replayed, received, strict=False)) if a != b), min(len(replayed), len(received)))
        problems.append(f"replay differs from what was received at index {differ} ({len(replayed)} vs {len(received)} events)")
    if received[-1].get("status") != stored["status"]:
        problems.append(f"last status received {received[-1].get('status')!r}, stored {stored['status']!r}")
    live = [(e["epoch"], e["logs"]) for e in received if e["type"] == "epoch"]
    if live != [(e["epoch"], e["logs"]) for e in stored["epochs"]]:
        problems.append(f"epochs received {[e for e, _ in live]}, stored {[e['epoch'] for e in stored['epochs']]}")
    return problems


# -- the report ------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def latency_table(stats: Stats) -> None:
    print(f"{'kind':<8} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}  statuses")
    every = [s for values in stats.latency.values() for s in values]
    for kind, values in [*sorted(stats.latency.items()), ("all", every)]:
        codes = Counter()
        for (k, code), n in stats.statuses.items():
            codes[code] += n if kind in (k, "all") else 0
        ms = [pct(values, q) * 1000 for q in (0.5, 0.95, 0.99)] + [max(values) * 1000]
        print(f"{kind:<8} {len(values):>8} " + " ".join(f"{v:>7.0f}" for v in ms) + "  " + " ".join(f"{c}×{n}" for c, n in sorted(codes.items()) if n))


def memory_table(start: dict, end: dict) -> None:
    print(f"\n{'process':<12} {'pid':>8} {'start MB':>9} {'end MB':>7} {'growth':>7}")
    for role in sorted(start.keys() | end.keys(), key=lambda r: (r != "web", r)):
        (pid0, mb0), (pid1, mb1) = start.get(role, (None, None)), end.get(role, (None, None))
        growth = f"{mb1 - mb0:+7.0f}" if mb0 is not None and mb1 is not None and pid0 == pid1 else "    new"
        pids = str(pid1) if pid0 == pid1 else f"{pid0}→{pid1}"
        print(f"{role:<12} {pids:>8} {mb0 or 0:>9.0f} {mb1 or 0:>7.0f} {growth}")


def growth_note(samples: list[tuple[float, float]]) -> str:
    """Whether the web process's growth levels off (warm-up) or keeps going (look for a leak)."""
    if len(samples) < 3:
        return "too few samples to tell"
    (t0, first), (t1, last) = samples[0], samples[-1]
    middle = min(samples, key=lambda s: abs(s[0] - (t0 + t1) / 2))[1]
    verdict = (
        "it levels off: warm-up (first use of each route's code, SQLite's page cache, the allocator keeping freed arenas), not a leak"
        if last - middle <= max(5.0, (middle - first) / 4)
        else "still growing in the second half: run longer (--minutes 10) and look for a leak"
    )
    return f"web RSS under load: {first:.0f} → {middle:.0f} (half-way) → {last:.0f} MB, peak {max(mb for _, mb in samples):.0f} MB; {verdict}"


def worker_note(health: dict) -> str:
    done = ", ".join(f"worker {i + 1} (pid {w['pid']}) {w['jobs_done']}" for i, w in enumerate(health["workers"]))
    return (
        f"workers: runs done by the end: {done}. A training worker grows with the models it has built "
        "(TensorFlow keeps traced graphs and its allocator's pools) and is replaced after "
        f"KP_WORKER_MAX_JOBS runs (default 50) or past KP_WORKER_MAX_RSS_MB after a run; a pid shown as "
        "a→b was replaced during the soak"
    )


TRACEBACK = ("Traceback (most recent call last)", "+ Exception Group Traceback (most recent call last)")
CHAINED = ("During handling", "The above exception")


def traceback_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last) line of each logged traceback, chained and grouped ones as one."""
    def part(line: str) -> bool:
        return not line or line.startswith((" ", "|", "+", *CHAINED)) or line.startswith(TRACEBACK)

    blocks, i = [], 0
    while i < len(lines):
        if not lines[i].lstrip().startswith(TRACEBACK):
            i += 1
            continue
        group, last = "Exception Group" in lines[i], i + 1
        while True:
            while last < len(lines) and part(lines[last]):
                last += 1
            last = last - 1 if group or last == len(lines) else last  # a plain one ends with what was raised
            after = next((j for j in range(last + 1, len(lines)) if lines[j]), len(lines))
            if after == len(lines) or not lines[after].startswith(CHAINED):
                break
            last = after
        blocks.append((i, last))
        i = last + 1
    return blocks


def log_tracebacks(srv: Server) -> tuple[int, str]:
    """How many tracebacks the server logged, and the first: the lines before it, its top
    (where it started) and its end (what was raised)."""
    lines = srv.log.read_text(errors="replace").splitlines()
    blocks = traceback_blocks(lines)
    if not blocks:
        return 0, ""
    first, last = blocks[0]
    shown = lines[max(0, first - 3) : last + 1]
    if len(shown) > 60:
        shown = [*shown[:20], f"  ... ({len(shown) - 50} lines) ...", *shown[-30:]]
    return len(blocks), "\n".join(shown)


# -- the soak ------------------------------------------------------------------------


def soak(srv: Server, args) -> dict:
    start_memory, _ = memory(srv)
    stats = Stats()
    deadline = time.monotonic() + args.minutes * 60
    give_up = deadline + args.drain + RUN_TIME_LIMIT + 60  # a learner still following then reports it
    learners = [Learner(f"learner {i + 1}", srv.url, stats, deadline, give_up, args.seed * 1000 + i) for i in range(args.learners)]
    for learner in learners:
        learner.start()
    web = psutil.Process(srv.proc.pid)
    samples = [(time.monotonic(), web.memory_info().rss / 2**20)]
    while any(lr.is_alive() for lr in learners) and time.monotonic() < deadline + args.drain:
        time.sleep(1)
        if time.monotonic() < deadline:
            samples.append((time.monotonic(), web.memory_info().rss / 2**20))
    leftovers = open_runs(srv, list(stats.runs))
    for run_id in leftovers:  # the unwatched runs still waiting, and any stuck: cancel, as a teacher would
        srv.post(f"/api/runs/{run_id}/cancel")
    for learner in learners:
        learner.join(max(0.0, give_up - time.monotonic()))
    still_open = wait_ended(srv, list(stats.runs), timeout=60)
    final = statuses(srv, list(stats.runs))
    checked = {run_id: event_problems(srv, run_id, events, final[run_id]) for run_id, events in stats.followed.items()}
    return {
        "stats": stats, "final": final, "checked": checked, "leftovers": leftovers, "still_open": still_open,
        "stuck": [lr.name for lr in learners if lr.is_alive()], "samples": samples,
        "memory": (start_memory, *memory(srv)),
    }  # fmt: skip


def report(srv: Server, args, out: dict) -> bool:
    stats, (start, end, health) = out["stats"], out["memory"]
    print(f"\n{args.learners} learners for {args.minutes:g} min (seed {args.seed}); actions: " + ", ".join(f"{a} {n}" for a, n in stats.actions.most_common()))
    print(f"requests served: {sum(len(v) for v in stats.latency.values())}; websockets opened: {stats.sockets} (reconnects mid-run: {stats.reconnects}, replays left early: {stats.replays_left}); closes: {dict(stats.closes)}\n")
    latency_table(stats)
    print("\nruns by final status: " + ", ".join(f"{s} {n}" for s, n in Counter(r["status"] for r in out["final"].values()).most_common()))
    print(f"queue full (429): {sum(n for (k, code), n in stats.statuses.items() if k == 'run' and code == 429)}; cancelled at the end of the drain: {len(out['leftovers'])}")
    memory_table(start, end)
    web_growth = end["web"][1] - start["web"][1]
    print(growth_note(out["samples"]))
    print(worker_note(health))
    bad_runs = {run_id: p for run_id, p in out["checked"].items() if p}
    for title, lines in (("answers ≥ 500", stats.server_errors), ("unexpected answers", stats.unexpected), ("no answer / bench errors", stats.failures)):
        if lines:
            print(f"\n{title} ({len(lines)}):\n  " + "\n  ".join(lines[:20]))
    for run_id, problems in bad_runs.items():
        print(f"\nrun {run_id}: " + "; ".join(problems))
    tracebacks, first = log_tracebacks(srv)
    if tracebacks:
        print(f"\nserver log ({srv.log}): {tracebacks} tracebacks; the first:\n{first}")
    checks = [
        ("no answer ≥ 500 [0]", not stats.server_errors, f"{len(stats.server_errors)}"),
        ("every followed run's events complete, in order, as stored", bool(out["checked"]) and not bad_runs, f"{len(out['checked']) - len(bad_runs)}/{len(out['checked'])}"),
        ("every run ended after the drain", not out["still_open"] and not out["stuck"], f"{len(out['final']) - len(out['still_open'])}/{len(out['final'])} ended; learners stuck: {out['stuck'] or 'none'}"),
        (f"web process RSS growth [≤ {WEB_GROWTH_MB} MB]", web_growth <= WEB_GROWTH_MB, f"{web_growth:+.0f} MB ({start['web'][1]:.0f} → {end['web'][1]:.0f})"),
        ("no traceback in the server log", not tracebacks, f"{tracebacks}"),
        ("bad input answered 4xx, the rest as expected", not stats.unexpected and not stats.failures, f"{len(stats.unexpected)} unexpected, {len(stats.failures)} without answer"),
    ]
    print()
    for label, passed, value in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {label}: {value}")
    return all(passed for _, passed, _ in checks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--learners", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--drain", type=float, default=30.0, help="seconds after the deadline before open runs are cancelled")
    parser.add_argument("--keep", action="store_true", help="keep the data directory (and server log) even if every budget passes")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="kp-soak-"))
    srv = Server(data_dir, KP_RUN_TIME_LIMIT=str(RUN_TIME_LIMIT))
    srv.start()
    try:
        out = soak(srv, args)
    finally:
        srv.stop()
    passed = report(srv, args, out)
    if passed and not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)
    else:
        print(f"\ndata directory and server log kept: {data_dir}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
