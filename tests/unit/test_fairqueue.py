"""The fair queue: turns between users, teachers first, sparing position announcements."""

from __future__ import annotations

from app.jobs.fairqueue import FairQueue, Ticket, worth_telling


def queue_of(*owners: str, first: tuple[str, ...] = ()) -> FairQueue:
    q = FairQueue()
    for i, owner in enumerate(owners):
        q.push(Ticket(f"{owner}{i}", owner, first=owner in first))
    return q


def test_users_take_turns_and_keep_their_own_order():
    q = queue_of("a", "a", "a", "b", "b", "b", "c", "c", "c")
    planned = [t.run_id for t in q]
    assert planned == ["a0", "b3", "c6", "a1", "b4", "c7", "a2", "b5", "c8"]
    assert [q.pop().run_id for _ in range(9)] == planned
    assert q.pop() is None and len(q) == 0


def test_a_teachers_run_goes_first_and_a_newcomer_waits_for_the_round():
    q = queue_of("a", "a", "b")
    assert q.pop().run_id == "a0"  # a had its turn: b is next, then a again
    q.push(Ticket("t", "teacher", first=True))
    q.push(Ticket("c", "c"))
    assert [t.run_id for t in q] == ["t", "b2", "a1", "c"]
    assert q.position("c") == 3 and q.position("missing") is None


def test_personal_mode_is_first_come_first_served():
    q = queue_of(*[None] * 5)
    assert [t.run_id for t in q] == [f"None{i}" for i in range(5)]


def test_removing_a_run_keeps_everyone_elses_order():
    q = queue_of("a", "a", "b")
    assert q.remove("a0").run_id == "a0"
    assert [t.run_id for t in q] == ["a1", "b2"]
    assert q.remove("nope") is None


def test_a_run_put_back_is_next_and_its_owner_keeps_the_turn():
    q = queue_of("a", "a", "b", "b", "t", first=("t",))
    assert [q.pop().run_id for _ in range(3)] == ["t4", "a0", "b2"]
    q.push_front(Ticket("a0", "a"))  # its message was lost: it waits again, first
    assert [t.run_id for t in q] == ["a0", "b3", "a1"]
    q.push_front(Ticket("t4", "t", first=True))
    assert [t.run_id for t in q] == ["t4", "a0", "b3", "a1"]


def test_positions_are_told_when_they_matter():
    assert worth_telling(None, 150)
    assert not worth_telling(150, 150)
    assert not worth_telling(150, 140)  # a small step far back: not worth an event
    assert worth_telling(150, 119)  # a fifth closer
    assert worth_telling(5, 4) and worth_telling(1, 0)  # near the front, every step


def test_two_hundred_waiting_runs_cost_far_fewer_events_than_one_per_run_per_dispatch():
    q = queue_of(*[f"u{i % 40}" for i in range(200)])
    told = len(q.announcements())
    assert told == 200  # each hears its first position
    for _ in range(200):
        q.pop()
        told += len(q.announcements())
    every_time = 200 + sum(range(200))  # the old rule: every waiting run, every dispatch
    # each run hears about 5 + log(N/5)/log(1.25) positions: 3303 events instead of 20100
    assert told < every_time / 5, (told, every_time)
    assert told / 200 < 5 + 17.5
