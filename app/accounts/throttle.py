"""Failed sign-ins per name: after LIMIT in WINDOW seconds, the name waits."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

LIMIT = 10
WINDOW = 60.0
MAX_NAMES = 10_000  # bound the table: a flood of made-up names cannot grow it forever


class LoginThrottle:
    def __init__(self, limit: int = LIMIT, window: float = WINDOW):
        self.limit, self.window = limit, window
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures[key]
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def wait(self, name: str) -> int:
        """Seconds this name must wait before trying again (0: it may try now)."""
        now = time.monotonic()
        with self._lock:
            times = self._recent(name.strip().casefold(), now)
            return int(self.window - (now - times[0])) + 1 if len(times) >= self.limit else 0

    def failed(self, name: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._failures) > MAX_NAMES:
                for key in [k for k, v in self._failures.items() if not v or now - v[-1] > self.window]:
                    del self._failures[key]
            self._recent(name.strip().casefold(), now).append(now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name.strip().casefold(), None)
