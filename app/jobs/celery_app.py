"""The Celery engine (KP_BACKEND=celery): the app both sides share, its tasks,
and the worker command (`python -m app worker`).

Redis is the broker and the result store; messages are JSON only (a spec is
user input: never pickle). Late acks and a prefetch of one: a busy child never
holds runs it has not started. The pool is prefork; a child imports TensorFlow
after the fork, in `worker_process_init` (app/worker/celery_child.py), and is
replaced after `KP_WORKER_MAX_JOBS` runs or past `KP_WORKER_MAX_RSS_MB`.
Nothing here imports TensorFlow: the web process builds this app to send tasks.
"""

from __future__ import annotations

import argparse
import logging
import re
import socket
from pathlib import Path
from typing import Any

from celery import Celery, signals
from celery.exceptions import WorkerLostError
from celery.worker.request import Request

from app import wire
from app.jobs import channels
from app.runs.reasons import why
from app.settings import Settings

log = logging.getLogger("keras_playground.celery")
QUEUES = ("train", "inspect", "gpu")
TRAIN, ASK = "kp.train", "kp.ask"
_child = None  # this process's app.worker.celery_child.Child, once forked and warm


def time_limits(settings: Settings) -> tuple[float, float]:
    """Celery's soft and hard limits of a run: past the worker's own limit (time paused
    excluded, app/worker/train.py) and one longest pause, then a grace to stop."""
    soft = settings.run_time_limit + settings.pause_limit + settings.cancel_grace
    return soft, soft + settings.cancel_grace + 10.0


def make_celery(settings: Settings) -> Celery:
    app = Celery("keras_playground", broker=settings.redis_url, backend=settings.redis_url, set_as_current=False)
    soft, hard = time_limits(settings)
    app.conf.update(
        task_serializer="json", result_serializer="json", accept_content=["json"], result_accept_content=["json"],
        task_acks_late=True, worker_prefetch_multiplier=1, task_reject_on_worker_lost=False,
        worker_max_tasks_per_child=settings.worker_max_jobs, worker_max_memory_per_child=settings.worker_max_rss_mb * 1024,
        worker_proc_alive_timeout=180.0,  # a child imports TensorFlow and warms up before it is up
        task_soft_time_limit=soft, task_time_limit=hard,
        broker_transport_options={"visibility_timeout": hard + 600}, broker_connection_retry_on_startup=True,
        result_expires=3600, task_default_queue="train", worker_send_task_events=False, worker_hijack_root_logger=False,
        task_routes={TRAIN: {"queue": "train"}, ASK: {"queue": "inspect"}},
    )  # fmt: skip

    @app.task(name=TRAIN, Request=TrainRequest, ignore_result=False)
    def train(run_id: str, spec: dict[str, Any], queue: str = "train") -> dict[str, Any]:
        return _child.train(run_id, spec, queue)

    @app.task(name=ASK)
    def ask(request: dict[str, Any]) -> dict[str, Any]:
        return _child.ask(request)

    return app


class TrainRequest(Request):
    """A run whose child died (killed, out of memory) ends here, in the worker's main
    process, which saw it die: its last message says so in the run's stream."""

    def on_failure(self, exc_info, send_failed_event=True, return_ok=False):
        super().on_failure(exc_info, send_failed_event=send_failed_event, return_ok=return_ok)
        error = getattr(exc_info.exception, "exc", exc_info.exception)  # billiard wraps it with its traceback
        if not isinstance(error, WorkerLostError):
            return
        found = re.search(r"signal (\d+) \((\w+)\)", str(error))
        reason = why("worker_killed", signal=found.group(2)) if found else why("worker_exited", code="?")
        try:
            client = self.app.backend.client
            client.xadd(channels.stream(self.id), {"m": wire.dumps([{"kind": "done", "status": "failed", **reason}])})
            client.delete(channels.alive(self.id), channels.worker(socket.gethostname(), self.worker_pid))  # the child is gone
            client.zrem(channels.WORKERS, f"{socket.gethostname()}:{self.worker_pid}")
        except Exception:  # noqa: BLE001 - its lease lapses: the web process ends it anyway
            log.exception("run %s: could not report that its worker child died", self.id)


def worker_config(settings: Settings) -> dict[str, Any]:
    from app.jobs.local import worker_config as local

    return local(settings, "trainer")


def has_gpu() -> bool:
    """An NVIDIA GPU this process could use, seen without importing TensorFlow (the
    main process must not: its children are forked from it)."""
    return Path("/dev/nvidia0").exists()


def ping(settings: Settings, node: str) -> int:
    """A worker's health check (docker-compose.yml): does the worker named `node` answer?"""
    replies = make_celery(settings).control.ping(destination=[node], timeout=5.0)
    ok = any(node in reply for reply in replies)
    print(f"{node}: {'answers' if ok else 'no answer'}")
    return 0 if ok else 1


def main(argv: list[str]) -> int:
    """`python -m app worker [--concurrency N] [--queues train,inspect,gpu]`."""
    parser = argparse.ArgumentParser(prog="python -m app worker", description="A Celery worker that trains runs (KP_BACKEND=celery).")
    parser.add_argument("--concurrency", type=int, default=1, help="child processes, each training one run at a time (default 1)")
    parser.add_argument("--queues", default="train,inspect", help="comma-separated, of train, inspect, gpu (default train,inspect)")
    parser.add_argument("--name", default="kp@%h", help="the worker's node name (default kp@%%h)")
    parser.add_argument("--ping", action="store_true", help="do not start a worker: exit 0 if this machine's worker answers within 5 s (a health check)")
    args = parser.parse_args(argv)
    if args.ping:
        return ping(Settings.from_env(), args.name.replace("%h", socket.gethostname()))
    queues = [q.strip() for q in args.queues.split(",") if q.strip()]
    if not queues or any(q not in QUEUES for q in queues):
        parser.error(f"--queues expects some of {', '.join(QUEUES)}; received {args.queues!r}")
    if "gpu" not in queues and has_gpu():
        queues.append("gpu")  # a worker that finds a GPU offers it
    if not 1 <= args.concurrency <= 64:
        parser.error(f"--concurrency expects 1 to 64; received {args.concurrency}")
    settings = Settings.from_env()
    app = make_celery(settings)

    @signals.worker_process_init.connect(weak=False)
    def _start_child(**_: Any) -> None:
        global _child
        from app.worker.celery_child import Child

        _child = Child(worker_config(settings), settings.redis_url, queues)
        _child.start()

    @signals.worker_process_shutdown.connect(weak=False)
    def _stop_child(**_: Any) -> None:
        if _child is not None:
            _child.stop()

    app.worker_main(["worker", "--pool", "prefork", "--concurrency", str(args.concurrency), "--queues", ",".join(queues), "--hostname", args.name, "--loglevel", "INFO", "--without-gossip", "--without-mingle"])
    return 0
