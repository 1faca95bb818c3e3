"""The waiting line of a job backend, fair between users.

Teachers' runs go first; then users take turns, one run each, in the order
they last had a turn (a user who has not had one goes to the back of the
round); each user's own runs stay in the order they were sent. In personal
mode there is one user, so it is first come, first served.

Positions are announced sparingly: a run hears its position when it first
waits, then whenever the new one is in the last `EXACT` places or has moved
by at least a fifth since it was last told (`worth_telling`). With N runs
waiting, each run hears about 5 + log(N/5)/log(1.25) positions instead of N,
so a dispatch no longer writes one event per waiting run.

With several web processes (the Celery backend), each holds the runs it
accepted, and `fair_order` puts all of them in one order by the same rule:
every process publishes what waits in it, and the one dispatching sends only
its own runs, leaving a free worker to whichever process holds the next run.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.jobs.backend import QueueFull

EXACT = 5
STEP = 0.2


@dataclass
class Ticket:
    run_id: str
    owner: str | None = None
    first: bool = False  # a teacher's run: ahead of every student's
    told: int | None = None  # the position last announced
    extra: dict[str, Any] = field(default_factory=dict)


def worth_telling(told: int | None, position: int) -> bool:
    if told is None:
        return True
    if position == told:
        return False
    return position < EXACT or abs(position - told) >= STEP * max(told, 1)


class FairQueue:
    def __init__(self) -> None:
        self._first: deque[Ticket] = deque()
        self._users: OrderedDict[str | None, deque[Ticket]] = OrderedDict()  # in turn order

    def __len__(self) -> int:
        return len(self._first) + sum(len(q) for q in self._users.values())

    def push(self, ticket: Ticket) -> None:
        if ticket.first:
            self._first.append(ticket)
        else:
            self._users.setdefault(ticket.owner, deque()).append(ticket)

    def push_front(self, ticket: Ticket) -> None:
        """Put back a run that was taken out to start but did not: the next of its kind,
        its owner's turn next."""
        if ticket.first:
            self._first.appendleft(ticket)
            return
        self._users.setdefault(ticket.owner, deque()).appendleft(ticket)
        self._users.move_to_end(ticket.owner, last=False)

    def pop(self) -> Ticket | None:
        if self._first:
            return self._first.popleft()
        if not self._users:
            return None
        owner, line = next(iter(self._users.items()))
        ticket = line.popleft()
        del self._users[owner]
        if line:
            self._users[owner] = line  # back of the round
        return ticket

    def remove(self, run_id: str) -> Ticket | None:
        if found := next((t for t in self._first if t.run_id == run_id), None):
            self._first.remove(found)
            return found
        for owner, line in self._users.items():
            if found := next((t for t in line if t.run_id == run_id), None):
                line.remove(found)
                if not line:
                    del self._users[owner]
                return found
        return None

    def __iter__(self) -> Iterator[Ticket]:
        """Every waiting run in the order it will start."""
        yield from self._first
        lines = [list(line) for line in self._users.values()]
        for depth in range(max((len(line) for line in lines), default=0)):
            for line in lines:
                if depth < len(line):
                    yield line[depth]

    def position(self, run_id: str) -> int | None:
        return next((i for i, t in enumerate(self) if t.run_id == run_id), None)

    def announcements(self, where: Mapping[str, int] | None = None) -> list[tuple[Ticket, int]]:
        """The runs whose position is worth telling now, with it (and marks them told).
        `where`: each run's place in a longer line (several processes'), instead of here."""
        out = []
        for here, ticket in enumerate(self):
            position = here if where is None else where.get(ticket.run_id)
            if position is not None and worth_telling(ticket.told, position):
                ticket.told = position
                out.append((ticket, position))
        return out


@dataclass(frozen=True)
class Waiting:
    """A waiting run as a web process publishes it for the others (the Celery backend)."""

    run_id: str
    owner: str | None
    first: bool
    at: float  # when it was accepted
    queue: str = "train"  # the kind of worker it needs (train, gpu)
    proc: str = ""  # the web process that holds it


def fair_order(waiting: Iterable[Waiting], turns: Mapping[str, float]) -> list[Waiting]:
    """The runs of several web processes in the order they start, by FairQueue's rule:
    teachers' runs first, then users take turns, each user's runs in the order they came.
    A user's place in the round is when they last had a turn (`turns`, by `turn_key`) or,
    if later, when their oldest waiting run came: a newcomer, or a user back after a
    while, joins at the back of the round."""
    first: list[Waiting] = []
    by_owner: dict[str | None, list[Waiting]] = {}
    for w in sorted(waiting, key=lambda w: (w.at, w.run_id)):
        (first if w.first else by_owner.setdefault(w.owner, [])).append(w)
    queue = FairQueue()
    for w in first:
        queue.push(Ticket(w.run_id, w.owner, True, extra={"waiting": w}))
    for owner in sorted(by_owner, key=lambda o: (max(turns.get(turn_key(o), 0.0), by_owner[o][0].at), turn_key(o))):
        for w in by_owner[owner]:
            queue.push(Ticket(w.run_id, owner, extra={"waiting": w}))
    return [t.extra["waiting"] for t in queue]


def turn_key(owner: str | None) -> str:
    return owner or ""


class WaitingLine:
    """A backend's waiting runs: the fair queue, its bound, and what each run hears of
    its place. Not thread-safe: the backend holds its lock around every call."""

    def __init__(self, limit: int, sink: Callable[[str, dict[str, Any]], None], where: Callable[[], Mapping[str, int]] | None = None):
        self.limit = limit
        self.sink = sink
        self.queue = FairQueue()
        self.where = where  # each run's place in the line of every process, when there are several

    def __len__(self) -> int:
        return len(self.queue)

    def add(self, ticket: Ticket, force: bool = False) -> None:
        """Queue a run (QueueFull past the bound, unless `force`: accepted before a restart)."""
        if len(self.queue) >= self.limit and not force:
            raise QueueFull(self.limit)
        self.queue.push(ticket)
        self.announce()

    def pop(self) -> Ticket | None:
        return self.queue.pop()

    def put_back(self, ticket: Ticket) -> None:
        """A run taken to start that never started waits again, first in line (it was
        accepted once: the bound does not apply)."""
        ticket.told = None
        self.queue.push_front(ticket)
        self.announce()

    def in_order(self) -> list[Ticket]:
        """The waiting runs in the order they start (a copy: `take` may be called while walking it)."""
        return list(self.queue)

    def take(self, run_id: str) -> Ticket | None:
        """Take a run to start it: the next one takes its turn as `pop` does; another (the
        first that fits a free worker of its kind) leaves the turns as they are."""
        following = next(iter(self.queue), None)
        return self.queue.pop() if following is not None and following.run_id == run_id else self.queue.remove(run_id)

    def withdraw(self, run_id: str) -> bool:
        """Cancel a waiting run; False if it is not waiting here."""
        if self.queue.remove(run_id) is None:
            return False
        self.sink(run_id, {"type": "status", "status": "cancelled"})
        self.announce()
        return True

    def holds(self, run_id: str) -> bool:
        return any(t.run_id == run_id for t in self.queue)

    def announce(self, where: Mapping[str, int] | None = None) -> None:
        if where is None and self.where is not None:
            where = self.where()
        for ticket, position in self.queue.announcements(where):
            self.sink(ticket.run_id, {"type": "status", "status": "queued", "position": position})

    def waiting(self) -> list[dict[str, Any]]:
        return [{"run_id": t.run_id, "owner": t.owner, "position": i} for i, t in enumerate(self.queue)]

    def position(self, run_id: str) -> int | None:
        return self.queue.position(run_id)


class AsksTheLine:
    """The questions both backends answer from their waiting line, under their lock."""

    _lock: Any
    _queue: WaitingLine

    def waiting(self) -> list[dict[str, Any]]:
        with self._lock:
            return self._queue.waiting()

    def position(self, run_id: str) -> int | None:
        with self._lock:
            return self._queue.position(run_id)
