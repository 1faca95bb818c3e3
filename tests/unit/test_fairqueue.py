"""The fair queue: turns between users, teachers first, sparing position announcements."""

from __future__ import annotations

from app.jobs.fairqueue import FairQueue, Ticket, Waiting, fair_order, worth_telling


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


# -- one line for several web processes (the Celery backend) -------------------------------------


def waiting(run_id: str, owner: str | None, at: float, first: bool = False, proc: str = "a") -> Waiting:
    return Waiting(run_id, owner, first, at, proc=proc)


def test_the_runs_of_several_processes_take_turns_as_in_one_queue():
    runs = [waiting(f"x{i}", "x", i, proc="a") for i in range(3)] + [waiting(f"y{i}", "y", 10 + i, proc="b") for i in range(3)]
    runs += [waiting("t", "teacher", 20, first=True, proc="b")]
    assert [w.run_id for w in fair_order(runs, {})] == ["t", "x0", "y0", "x1", "y1", "x2", "y2"]
    # the same runs in one FairQueue, in the order they came
    q = FairQueue()
    for w in sorted(runs, key=lambda w: w.at):
        q.push(Ticket(w.run_id, w.owner, w.first))
    assert [t.run_id for t in q] == [w.run_id for w in fair_order(reversed(runs), {})]


def test_who_just_had_a_turn_waits_for_the_round_and_a_newcomer_joins_at_its_back():
    runs = [waiting("x1", "x", 1), waiting("x2", "x", 2), waiting("y1", "y", 3), waiting("z1", "z", 9)]
    # x had a turn at 5 (x0 was sent), y never; z came at 9, after that turn
    assert [w.run_id for w in fair_order(runs, {"x": 5.0})] == ["y1", "x1", "z1", "x2"]
    # y comes back at 20 after a turn at 4: behind everyone waiting since
    back = [waiting("x1", "x", 1), waiting("y9", "y", 20), waiting("z1", "z", 9)]
    assert [w.run_id for w in fair_order(back, {"x": 5.0, "y": 4.0})] == ["x1", "z1", "y9"]


def test_personal_mode_across_processes_is_first_come_first_served():
    runs = [waiting("b1", None, 2, proc="b"), waiting("a1", None, 1, proc="a"), waiting("a2", None, 3, proc="a")]
    assert [w.run_id for w in fair_order(runs, {"": 7.0})] == ["a1", "b1", "a2"]
