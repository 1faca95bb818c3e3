"""Fan-out of stored events to the websockets watching a run.

Events arrive from worker threads (already stored, with their seq) and are
handed to the event loop; each subscriber has its own bounded queue. A
subscriber that lets it fill is dropped rather than left to grow memory: it
has missed nothing it cannot read again from the store (`?after=`).
The hub also counts the websockets open per client and in all, for their caps.
"""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any


class Subscription:
    """One subscriber's live events, at most `limit` waiting (0: no limit). It hears
    nothing until `listen`: a subscriber catching up from the store first (however
    long that takes) has nothing queued meanwhile."""

    def __init__(self, limit: int = 0) -> None:
        self._queue: asyncio.Queue = asyncio.Queue(limit)
        self._listening = False
        self.dropped = asyncio.Event()  # set once an event found the queue full; none follow

    def listen(self) -> None:
        self._listening = True

    def offer(self, event: dict[str, Any]) -> None:
        if not self._listening or self.dropped.is_set():
            return
        try:
            self._queue.put_nowait(event)
        except asyncio.QueueFull:
            self.dropped.set()

    async def get(self) -> dict[str, Any]:
        return await self._queue.get()


class Hub:
    def __init__(self) -> None:
        self._subscribers: dict[str, set[Subscription]] = defaultdict(set)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._seats: Counter[str] = Counter()
        self._relay = None  # app/runs/relay.py, when web processes share the events (KP_EVENT_BUS=redis)

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def connect(self, relay) -> None:
        self._relay = relay

    @property
    def relay(self):
        return self._relay

    def publish(self, run_id: str, event: dict[str, Any]) -> None:
        """A stored event to this process's websockets and, through the relay, to the
        other web processes'. Safe from any thread."""
        self.publish_here(run_id, event)
        if self._relay is not None:
            self._relay.publish(run_id, event)

    def publish_here(self, run_id: str, event: dict[str, Any]) -> None:
        """To this process's websockets only (what the relay hears from the others). Safe from any thread."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._deliver, run_id, event)

    def _deliver(self, run_id: str, event: dict[str, Any]) -> None:
        for subscription in self._subscribers.get(run_id, ()):
            subscription.offer(event)

    @asynccontextmanager
    async def subscribe(self, run_id: str, limit: int = 0):
        subscription = Subscription(limit)
        self._subscribers[run_id].add(subscription)
        try:
            yield subscription
        finally:
            self._subscribers[run_id].discard(subscription)
            if not self._subscribers[run_id]:
                del self._subscribers[run_id]

    @contextmanager
    def seat(self, client: str, per_client: int, total: int) -> Iterator[str | None]:
        """Hold one of `client`'s websocket seats while the block runs. Yields None,
        or the cap that is full ("client" or "total"); a refused one holds no seat."""
        full = "client" if self._seats[client] >= per_client else "total" if self._seats.total() >= total else None
        if full:
            yield full
            return
        self._seats[client] += 1
        try:
            yield None
        finally:
            self._seats[client] -= 1
            if not self._seats[client]:
                del self._seats[client]
