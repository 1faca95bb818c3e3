"""Fan-out of stored events to the websockets watching a run.

Events arrive from worker threads (already stored, with their seq) and are
handed to the event loop; each subscriber has its own queue.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from contextlib import asynccontextmanager
from typing import Any


class Hub:
    def __init__(self) -> None:
        self._subscribers: dict[str, set[asyncio.Queue]] = defaultdict(set)
        self._loop: asyncio.AbstractEventLoop | None = None

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def publish(self, run_id: str, event: dict[str, Any]) -> None:
        """Safe from any thread."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._deliver, run_id, event)

    def _deliver(self, run_id: str, event: dict[str, Any]) -> None:
        for queue in self._subscribers.get(run_id, ()):
            queue.put_nowait(event)

    @asynccontextmanager
    async def subscribe(self, run_id: str):
        queue: asyncio.Queue = asyncio.Queue()
        self._subscribers[run_id].add(queue)
        try:
            yield queue
        finally:
            self._subscribers[run_id].discard(queue)
            if not self._subscribers[run_id]:
                del self._subscribers[run_id]
