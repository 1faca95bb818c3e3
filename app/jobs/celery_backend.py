"""The distributed job backend (KP_BACKEND=celery): runs train in Celery workers,
on this machine or others (app/jobs/celery_app.py); the Redis keys it shares
with them are in app/jobs/channels.py.

The queue of record is the database, as with the local backend: each web
process keeps the runs it accepted in a fair queue and holds them by leases
(app/store/leases.py). Each also publishes its waiting runs in Redis, so that
all of them are put in one fair order (app/jobs/fairqueue.py `fair_order`):
a run's position is its place in that line, whichever process holds it. A
run goes to Celery only when a worker child is free to take it, and one web
process at a time decides that (a Redis lock with an expiry): it sends its
own runs that come next, and leaves a free child to the process whose run
comes before them (sent at that process's next tick). No child ever holds a
run it has not started.

Each run's worker child writes its events to the run's Redis stream. The web
process that holds the run reads them in bursts and stores each burst in one
transaction, with its place in the stream (app/store/runs.py `append_burst`):
stored exactly once, even when another process takes the run over. Stored
events go to the hub, and through the relay to every web process.

A child renews a lease on its run in Redis; a run whose lease lapsed without a
last message (its machine died, lost power, was scaled away) is `interrupted`,
naming the worker's host. A child killed mid-run is reported by its worker's
main process (app/jobs/celery_app.py `TrainRequest`): that run fails, no other.
Cancel sets a flag the child reads between batches; after KP_CANCEL_GRACE the
task is revoked and its child killed.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import asdict, dataclass
from typing import Any

import redis

from app import wire
from app.jobs import channels
from app.jobs.backend import EventSink
from app.jobs.celery_app import TRAIN, make_celery
from app.jobs.fairqueue import Ticket, Waiting, WaitingLine, fair_order, turn_key
from app.jobs.inspector import InspectorLane
from app.jobs.local import worker_config
from app.runs.reasons import why
from app.settings import Settings

log = logging.getLogger("keras_playground.celery")
# Stores a burst of one run's events; False if another process has taken the run over.
BurstSink = Any  # (run_id, events, stream_from, stream_to) -> bool
BURST = 500  # most stream entries read (and stored in one transaction) per run at a time
TICK = 1.0  # seconds between two looks at the leases, the cancels and the free workers


@dataclass
class Follow:
    """A run this process reads the stream of: sent to Celery, or taken over."""

    run_id: str
    pos: str | None  # the last stored stream entry
    sent_at: float
    host: str | None = None  # the worker child holding its lease ("<host>:<pid>"), once seen
    missing: int = 0  # looks in a row that found no lease
    cancel_at: float | None = None
    ticket: Ticket | None = None  # sent by this process: put back in line if its message is lost


class CeleryBackend:
    remote = True  # runs train outside this process and go on without it

    def __init__(self, settings: Settings, sink: EventSink, burst_sink: BurstSink):
        self.settings = settings
        self.sink = sink
        self.burst_sink = burst_sink
        self.celery = make_celery(settings)
        self.client = redis.Redis.from_url(settings.redis_url, socket_connect_timeout=5, socket_timeout=10)
        self.proc = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"  # this web process, in the shared line
        self._lock = threading.RLock()
        self._queue = WaitingLine(settings.max_queued, sink, where=self._places)
        self._following: dict[str, Follow] = {}
        self._stopping = threading.Event()
        self._wake = threading.Event()
        self._kick = threading.Event()
        self.inspector = InspectorLane(worker_config(settings, "inspector"), settings.inspect_timeout, settings.inspectors, settings.inspector_max_rss_mb)
        self._threads = [
            threading.Thread(target=self._collect, name="kp-collect", daemon=True),
            threading.Thread(target=self._tick, name="kp-dispatch", daemon=True),
        ]

    # -- lifecycle -----------------------------------------------------------

    def start(self) -> None:
        self.inspector.start()
        try:
            self._alive()
        except redis.RedisError as e:  # said again at every tick
            log.warning("Redis is not answering (%s)", e)
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        """Stop reading and sending; the workers train on (another web process, or this
        one restarted, takes the runs over when their leases lapse)."""
        self._stopping.set()
        self._wake.set()
        self._kick.set()
        for thread in self._threads:
            thread.join(timeout=5)
        try:  # its waiting runs leave the shared line until a process takes them over
            self.client.delete(channels.proc(self.proc))
        except redis.RedisError:
            pass
        self.inspector.stop()

    # -- the queue -----------------------------------------------------------

    def submit(self, run_id: str, spec: dict[str, Any], owner: str | None = None, first: bool = False, force: bool = False, since: float | None = None) -> int:
        ticket = Ticket(run_id, owner, first, extra={"spec": spec, "at": since or time.time()})
        with self._lock:
            self._publish(ticket)  # in the shared line before its place there is told
            try:
                self._queue.add(ticket, force)  # tells the run its place in the shared line
            except BaseException:
                self.client.hdel(channels.WAITING, run_id)
                raise
        self._wake_dispatch()
        return ticket.told or 0

    # -- the line of every web process ------------------------------------------

    def _publish(self, ticket: Ticket) -> None:
        self.client.hset(channels.WAITING, ticket.run_id, json.dumps(asdict(self._waiting(ticket))))

    def _waiting(self, ticket: Ticket) -> Waiting:
        return Waiting(ticket.run_id, ticket.owner, ticket.first, ticket.extra["at"], _queue_of(ticket.extra["spec"]), self.proc)

    def _alive(self) -> None:
        self.client.set(channels.proc(self.proc), 1, ex=int(channels.PROC_TTL))

    def _line(self) -> list[Waiting]:
        """Every run waiting in a live web process, in the order they start. Runs of a process
        that is gone leave it (whoever takes them over publishes them again, with the time
        they were accepted); this process's own runs are published again if Redis lost them.
        Called under the lock, as everything that changes this process's waiting runs is."""
        with self.client.pipeline(transaction=False) as pipe:
            pipe.hgetall(channels.WAITING)
            pipe.hgetall(channels.TURNS)
            published, turns = pipe.execute()
        entries = [Waiting(**json.loads(v)) for v in published.values()]
        others = sorted({e.proc for e in entries if e.proc != self.proc})
        answers = self.client.mget([channels.proc(p) for p in others]) if others else []
        alive = {p for p, up in zip(others, answers, strict=True) if up}
        waiting_here = self._queue.in_order()
        mine = {t.run_id for t in waiting_here}
        # of a process gone, or of this one but no longer waiting here (a write that failed)
        gone = [e.run_id for e in entries if e.proc not in alive and not (e.proc == self.proc and e.run_id in mine)]
        if gone:
            self.client.hdel(channels.WAITING, *gone)
        line = {e.run_id: e for e in entries if e.proc in alive}  # this process's own: as it holds them
        for ticket in waiting_here:
            line[ticket.run_id] = self._waiting(ticket)
            if ticket.run_id.encode() not in published:
                self._publish(ticket)
        return fair_order(line.values(), {k.decode(): float(v) for k, v in turns.items()})

    def _places(self) -> dict[str, int]:
        return {w.run_id: i for i, w in enumerate(self._line())}

    def waiting(self) -> list[dict[str, Any]]:
        with self._lock:
            return [{"run_id": w.run_id, "owner": w.owner, "position": i} for i, w in enumerate(self._line())]

    def position(self, run_id: str) -> int | None:
        with self._lock:
            return self._places().get(run_id)

    def _wake_dispatch(self) -> None:
        """Dispatch now rather than at the next tick (a run came, or a child is free)."""
        self._kick.set()

    def free_children(self) -> dict[str, int]:
        """Worker children free to train a run now on each queue (train, gpu), less the
        runs sent there that none has taken yet."""
        workers = self.workers()
        queues = ("train", "gpu")
        with self.client.pipeline(transaction=False) as pipe:
            for queue in queues:
                pipe.zremrangebyscore(channels.reserved(queue), 0, time.time() - 120)  # sent long ago: taken or lost
                pipe.zcard(channels.reserved(queue))
            reserved = pipe.execute()[1::2]
        return {queue: sum(1 for w in workers if w["state"] == "idle" and queue in w["queues"]) - taken for queue, taken in zip(queues, reserved, strict=True)}

    def _dispatch(self) -> None:
        """Send waiting runs to Celery while children are free; one web process at a time."""
        if not len(self._queue):
            return
        try:
            lock = self.client.lock(channels.DISPATCH_LOCK, timeout=10, blocking_timeout=2)
            if not lock.acquire():
                return  # another process is dispatching; the next tick tries again
        except redis.RedisError as e:
            log.warning("cannot dispatch runs: Redis is not answering (%s)", e)
            return
        try:
            with self._lock:
                line, free = self._line(), self.free_children()
                mine = {t.run_id for t in self._queue.in_order()}
                still = []
                for w in line:  # the next runs that have a free child of their kind
                    free[w.queue] = free.get(w.queue, 0) - 1  # taken by this run, here or in the process that holds it
                    if free[w.queue] < 0 or w.run_id not in mine:  # no child for it, or another process sends it at its next tick
                        still.append(w.run_id)
                        continue
                    ticket = self._queue.take(w.run_id)
                    with self.client.pipeline(transaction=False) as pipe:
                        pipe.hdel(channels.WAITING, w.run_id)
                        pipe.hset(channels.TURNS, turn_key(w.owner), time.time())
                        pipe.execute()
                    self._send(ticket, w.queue)
                self._queue.announce({run_id: i for i, run_id in enumerate(still)})
        except redis.RedisError as e:
            log.warning("cannot dispatch runs: Redis is not answering (%s)", e)
        finally:
            try:
                lock.release()
            except redis.RedisError:
                pass

    def _send(self, ticket: Ticket, queue: str) -> None:
        run_id = ticket.run_id
        self.client.zadd(channels.reserved(queue), {run_id: time.time()})
        self._following[run_id] = Follow(run_id, None, time.monotonic(), ticket=ticket)
        self.celery.send_task(TRAIN, args=[run_id, ticket.extra["spec"], queue], task_id=run_id, queue=queue)
        self._wake.set()

    def _resend(self, follow: Follow) -> None:
        """A run sent to a free child that none has taken: its message was lost (a Redis
        restarted without its append-only file, a worker killed as it received it). It
        waits again, first in line; a late copy of the first message does nothing, as
        the first child to take a run claims it (app/worker/celery_child.py)."""
        with self._lock:
            if self._following.get(follow.run_id) is not follow:
                return
            del self._following[follow.run_id]
            self.client.zrem(channels.reserved(_queue_of(follow.ticket.extra["spec"])), follow.run_id)
            self._publish(follow.ticket)
            self._queue.put_back(follow.ticket)
        log.warning("run %s: no worker took it in %.0f s; sent again when a worker is free", follow.run_id, self.settings.unclaimed_resend)
        self._wake_dispatch()

    def adopt(self, run_id: str, position: str | None) -> bool:
        """Go on reading a run another process (or this one, before a restart) sent to a
        worker, from `position`; False if no worker holds it any more."""
        holder = self.client.get(channels.alive(run_id))
        unread = self.client.xrange(channels.stream(run_id), min=f"({position}" if position else "-", count=1)
        if holder is None and not unread:
            return False  # no worker has it, and none left word: it ended with its process
        # its lease's holder, or the child that took it: a run whose lease is gone ends after what is left is read
        host = holder or self.client.get(channels.claim(run_id))
        with self._lock:
            self._following[run_id] = Follow(run_id, position, time.monotonic(), host=host.decode() if host else None)
        self._wake.set()
        return True

    def cancel(self, run_id: str) -> bool:
        with self._lock:
            if self._queue.holds(run_id):
                self.client.hdel(channels.WAITING, run_id)
                return self._queue.withdraw(run_id)
            follow = self._following.get(run_id)
            if follow is None:
                return False
            if follow.cancel_at is None:
                follow.cancel_at = time.monotonic()
                self.client.set(channels.cancel(run_id), 1, ex=channels.STREAM_TTL)
            return True

    def control(self, run_id: str, command: dict[str, Any]) -> bool:
        with self._lock:
            if run_id not in self._following:
                return False
        key = channels.control(run_id)
        with self.client.pipeline(transaction=False) as pipe:
            pipe.rpush(key, wire.dumps({"kind": "control", "run_id": run_id, **command}))
            pipe.expire(key, channels.STREAM_TTL)
            pipe.execute()
        return True

    # -- reading the workers' streams ------------------------------------------

    def _collect(self) -> None:
        while not self._stopping.is_set():
            with self._lock:
                streams = {channels.stream(f.run_id): f.pos or "0-0" for f in self._following.values()}
            if not streams:
                self._wake.wait(TICK)
                self._wake.clear()
                continue
            try:
                replies = self.client.xread(streams, count=BURST, block=int(TICK * 1000))
            except redis.RedisError as e:
                log.warning("cannot read the workers' events: Redis is not answering (%s)", e)
                self._stopping.wait(TICK)
                continue
            for key, entries in replies or []:
                self._store(key.decode().removeprefix("kp:run:"), entries)

    def _store(self, run_id: str, entries: list) -> None:
        with self._lock:
            follow = self._following.get(run_id)
        if follow is None:
            return
        burst, done, last = [], False, follow.pos
        for entry_id, fields in entries:
            for message in wire.loads(fields[b"m"]):
                if message["kind"] == "event":
                    burst.append(message["event"])
                elif message["kind"] == "done":
                    burst.append(_ended(message))
                    done = True
            last = entry_id.decode()
            if done:
                break
        try:
            kept = self.burst_sink(run_id, burst, follow.pos, last)
        except Exception:  # noqa: BLE001 - read again from the same place at the next turn
            log.exception("run %s: could not store %d events; trying again", run_id, len(burst))
            self._stopping.wait(TICK)
            return
        with self._lock:
            follow.pos = last
            if done or not kept:  # ended, or another process has taken it over
                self._forget(run_id)
        if done:
            self._wake_dispatch()

    def _forget(self, run_id: str) -> None:
        self._following.pop(run_id, None)
        try:
            self.client.delete(channels.stream(run_id), channels.cancel(run_id), channels.control(run_id))
        except redis.RedisError:
            pass  # they expire

    # -- the watch: leases, cancels, free workers ------------------------------------

    def _tick(self) -> None:
        watched = 0.0
        while not self._stopping.is_set():
            self._kick.wait(TICK)
            self._kick.clear()
            try:
                if time.monotonic() - watched >= TICK:  # the leases are looked at once a tick, kicked or not
                    watched = time.monotonic()
                    self._alive()
                    self._watch()
                self._dispatch()
            except Exception:  # noqa: BLE001 - tried again at the next tick
                log.exception("watching the Celery runs failed")

    def _watch(self) -> None:
        now = time.monotonic()
        with self._lock:
            follows = list(self._following.values())
        for follow in follows:
            if follow.cancel_at is not None and now - follow.cancel_at >= self.settings.cancel_grace:
                self.celery.control.revoke(follow.run_id, terminate=True, signal="SIGKILL")
                self._end(follow, {"type": "status", "status": "cancelled", **why("forced", "detail", grace=self.settings.cancel_grace)})
                continue
            holder = self.client.get(channels.alive(follow.run_id))
            if holder is not None:
                follow.host, follow.missing = holder.decode(), 0
            elif follow.host is None and follow.ticket is not None and now - follow.sent_at >= self.settings.unclaimed_resend:
                taken = self.client.get(channels.claim(follow.run_id))
                if taken is None:
                    self._resend(follow)
                else:  # a child took it (and may have ended it already): watched as any run
                    follow.host = taken.decode()
            elif follow.host is not None:
                # its last message may be on the way: two looks in a row before it counts
                follow.missing += 1
                if follow.missing >= 3:
                    self._end(follow, {"type": "status", "status": "interrupted", **why("worker_lapsed", host=follow.host.rsplit(":", 1)[0])})

    def _end(self, follow: Follow, event: dict[str, Any]) -> None:
        """Record a run's end that no worker reported, unless the stream has more to store first."""
        pending = self.client.xrange(channels.stream(follow.run_id), min=f"({follow.pos}" if follow.pos else "-", count=1)
        if pending and event["status"] == "interrupted":
            return  # read those first; the next tick looks again
        try:
            self.burst_sink(follow.run_id, [event], follow.pos, follow.pos or "0-0")
        finally:
            with self._lock:
                self._forget(follow.run_id)
            self._wake_dispatch()

    # -- questions -------------------------------------------------------------

    def workers(self) -> list[dict[str, Any]]:
        """Every worker child of the deployment, as each last said (app/jobs/channels.py)."""
        with self.client.pipeline(transaction=False) as pipe:
            pipe.zremrangebyscore(channels.WORKERS, 0, time.time() - channels.WORKER_TTL)  # not heard from: gone
            pipe.zrange(channels.WORKERS, 0, -1)
            names = pipe.execute()[1]
        keys = [channels.WORKER_PREFIX + name.decode() for name in names]
        rows = [json.loads(v) for v in self.client.mget(keys) if v] if keys else []
        return sorted(rows, key=lambda w: (w["host"], w["pid"]))

    def gpu_workers(self) -> tuple[int, int]:
        workers = [w for w in self.workers() if "train" in w["queues"] or "gpu" in w["queues"]]
        return sum(1 for w in workers if w["gpu"]), len(workers)

    def health(self) -> dict[str, Any]:
        try:
            workers = self.workers()
        except redis.RedisError:
            workers = []
        try:
            with self._lock:
                queued = len(self._line())  # every web process's
        except redis.RedisError:
            queued = len(self._queue)
        return {"workers": workers, "queued": queued, "inspector": self.inspector.health()}

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        return self.inspector.request(request)


def _queue_of(spec: dict[str, Any]) -> str:
    """The Celery queue a run goes to: `gpu` for a run that asks for one."""
    return "gpu" if spec.get("fit", {}).get("device") == "gpu" else "train"


def _ended(message: dict[str, Any]) -> dict[str, Any]:
    """A worker's last message as the run's last status event (as app/jobs/local.py makes it)."""
    event = {"type": "status", "status": message["status"]}
    for key in ("error", "detail", "why", "seconds"):
        if message.get(key):
            event[key] = message[key]
    return event
