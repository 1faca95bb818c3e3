"""`python -m app prune [--dry-run] [--days N] [--runs N] [--gb N]`: apply retention by hand.

Without options it applies the server's settings (`KP_KEEP_DAYS`, `KP_KEEP_RUNS`,
`KP_KEEP_GB`); each option overrides one. It works on the same database and
data directory as the server, which may be running (a queued or training run is
never deleted).
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from app.runs import retention
from app.settings import Settings
from app.store.db import make_engine
from app.store.runs import RunStore


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m app prune", description="Delete old ended runs with their events and files.")
    parser.add_argument("--dry-run", action="store_true", help="only say what would be deleted")
    parser.add_argument("--days", type=float, help="delete runs that ended more than this many days ago")
    parser.add_argument("--runs", type=int, help="keep at most this many runs")
    parser.add_argument("--gb", type=float, help="keep the runs' events and files under this many GB")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    policy = retention.Policy.of(settings)
    for name in ("days", "runs", "gb"):
        if getattr(args, name) is not None:
            if getattr(args, name) < 0:
                parser.error(f"--{name} expects a number of 0 or more; received {getattr(args, name)}")
            policy = replace(policy, **{name: getattr(args, name)})
    if not policy.bounded:
        print("nothing to do: no bound is set (KP_KEEP_DAYS, KP_KEEP_RUNS, KP_KEEP_GB, or --days/--runs/--gb)")
        return 0
    store = RunStore(make_engine(settings.database_url, settings.db_busy_timeout))
    done = retention.prune(store, settings.data_dir, policy, dry_run=args.dry_run)
    verb = "would delete" if args.dry_run else "deleted"
    print(f"{verb} {done['runs']} runs ({done['bytes'] / 2**20:.1f} MiB)")
    for run_id in done["ids"]:
        print(run_id)
    return 0
