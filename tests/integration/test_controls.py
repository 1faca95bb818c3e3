"""Live controls of a real run: pause, resume, step, set; their events, limits and errors."""

from __future__ import annotations

import io
import json
import os
import signal
import time
import zipfile

import h5py
import psutil
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.helpers import Server, spec

TERMINAL = {"succeeded", "failed", "cancelled", "interrupted"}
EPOCHS = 30  # 5 batches each: a run that is not paused produces several epochs a second


class Watch:
    """One websocket on a run, read a piece at a time."""

    def __init__(self, server: Server, run_id: str):
        self.ws = connect(server.url.replace("http", "ws") + f"/ws/runs/{run_id}?after=0", open_timeout=10)
        self.seen: list[dict] = []
        self.closed = False

    def _next(self, timeout: float) -> dict | None:
        try:
            event = json.loads(self.ws.recv(timeout=timeout))
        except TimeoutError:
            return None
        except ConnectionClosed:
            self.closed = True
            return None
        self.seen.append(event)
        return event

    def until(self, wanted, timeout: float = 60) -> list[dict]:
        """The events up to and including the first for which `wanted(event)` holds."""
        start, deadline = len(self.seen), time.monotonic() + timeout
        while time.monotonic() < deadline and not self.closed:
            event = self._next(deadline - time.monotonic())
            if event is not None and wanted(event):
                return self.seen[start:]
        raise AssertionError(f"not seen in {timeout} s; got {self.seen[start:][-4:]}")

    def during(self, seconds: float) -> list[dict]:
        """The events that arrive in the next `seconds`."""
        start, deadline = len(self.seen), time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0 and not self.closed:
            self._next(left)
        return self.seen[start:]

    def rest(self, timeout: float = 60) -> list[dict]:
        return self.until(lambda e: e["type"] == "status" and e["status"] in TERMINAL, timeout)

    def close(self) -> None:
        self.ws.close()


def control(event: dict, action: str) -> bool:
    return event["type"] == "control" and event["action"] == action


def start(server: Server, **fit) -> tuple[str, Watch]:
    run_id = server.post("/api/runs", json=spec(**({"epochs": EPOCHS} | fit))).json()["id"]
    return run_id, Watch(server, run_id)


def send(server: Server, run_id: str, action: str, **extra) -> None:
    reply = server.post(f"/api/runs/{run_id}/control", json={"action": action, **extra})
    assert (reply.status_code, reply.json()) == (202, {"id": run_id, "action": action, "accepted": True})


def paused_after_first_epoch(server: Server, run_id: str, watch: Watch) -> dict:
    watch.until(lambda e: e["type"] == "epoch")
    send(server, run_id, "pause")
    return watch.until(lambda e: control(e, "pause"))[-1]


def epochs(events: list[dict]) -> list[int]:
    return [e["epoch"] for e in events if e["type"] == "epoch"]


def test_pause_holds_the_run_and_resume_finishes_it(server):
    run_id, watch = start(server)
    pause = paused_after_first_epoch(server, run_id, watch)
    assert set(pause) == {"seq", "type", "action", "epoch", "batch"}
    assert pause["batch"] is None or 0 <= pause["batch"] < 4  # the last batch done in the epoch in progress
    assert watch.during(1.5) == []  # running, it would have sent several epochs by now

    send(server, run_id, "resume")
    rest = watch.rest()
    assert {k: rest[0][k] for k in ("type", "action", "epoch", "batch")} == {"type": "control", "action": "resume", "epoch": pause["epoch"], "batch": pause["batch"]}
    assert rest[-1]["status"] == "succeeded" and rest[-1].get("detail") is None
    assert epochs(watch.seen) == list(range(EPOCHS))
    watch.close()

    replay = server.events(run_id)
    assert replay == watch.seen
    assert [e["seq"] for e in replay] == list(range(1, len(replay) + 1))
    assert [(e["action"], e["seq"]) for e in replay if e["type"] == "control"] == [("pause", pause["seq"]), ("resume", rest[0]["seq"])]


def test_step_trains_to_the_end_of_the_epoch_then_pauses_again(server):
    run_id, watch = start(server)
    pause = paused_after_first_epoch(server, run_id, watch)
    epoch = pause["epoch"]
    send(server, run_id, "step")
    stepped = watch.until(lambda e: control(e, "pause"))
    assert {k: stepped[0][k] for k in ("action", "epoch", "batch")} == {"action": "step", "epoch": epoch, "batch": pause["batch"]}
    assert epochs(stepped) == [epoch]
    assert stepped[-1] | {"seq": 0} == {"seq": 0, "type": "control", "action": "pause", "reason": "step", "epoch": epoch + 1, "batch": None}
    # the epoch's views came out before the pause
    [confusion] = [i for i, e in enumerate(stepped) if e["type"] == "confusion"]
    assert stepped[confusion]["epoch"] == epoch
    assert watch.during(1.0) == []

    send(server, run_id, "step")  # from an epoch's start: one whole epoch
    stepped = watch.until(lambda e: control(e, "pause"))
    assert epochs(stepped) == [epoch + 1]
    assert (stepped[-1]["reason"], stepped[-1]["epoch"], stepped[-1]["batch"]) == ("step", epoch + 2, None)

    send(server, run_id, "resume")
    assert watch.rest()[-1]["status"] == "succeeded"
    assert epochs(watch.seen) == list(range(EPOCHS))
    watch.close()


def test_set_changes_the_learning_rate_from_the_next_epoch_on(server):
    run_id, watch = start(server)
    paused_after_first_epoch(server, run_id, watch)
    send(server, run_id, "set", learning_rate=0.05)
    [event] = watch.until(lambda e: control(e, "set"))
    assert event["learning_rate"] == 0.05
    send(server, run_id, "resume")
    assert watch.rest()[-1]["status"] == "succeeded"
    watch.close()

    before = [e["logs"]["learning_rate"] for e in watch.seen if e["type"] == "epoch" and e["seq"] < event["seq"]]
    after = [e["logs"]["learning_rate"] for e in watch.seen if e["type"] == "epoch" and e["seq"] > event["seq"]]
    assert before and before == [pytest.approx(0.001)] * len(before)  # rmsprop's default
    assert len(before) + len(after) == EPOCHS
    assert after == [pytest.approx(0.05)] * len(after)

    # the saved model keeps its RMSprop, with the new rate in its state
    with zipfile.ZipFile(server.data_dir / "runs" / run_id / "model.keras") as archive:
        config = json.loads(archive.read("config.json"))
        weights = h5py.File(io.BytesIO(archive.read("model.weights.h5")), "r")
    assert config["compile_config"]["optimizer"]["class_name"] == "RMSprop"
    rates = []
    weights["optimizer"].visititems(lambda name, item: rates.append(float(item[()])) if isinstance(item, h5py.Dataset) and item.shape == () and item.dtype.kind == "f" else None)
    assert rates == [pytest.approx(0.05)]


def test_cancel_while_paused_and_a_queued_run_cannot_be_controlled(server):
    run_id, watch = start(server)
    paused_after_first_epoch(server, run_id, watch)
    queued = server.post("/api/runs", json=spec(epochs=2)).json()["id"]  # the only worker is held by the pause
    reply = server.post(f"/api/runs/{queued}/control", json={"action": "pause"})
    assert reply.status_code == 409
    assert reply.json() == {"detail": f'Pausing needs a run that is training (status running); run "{queued}" has status queued'}
    assert server.post(f"/api/runs/{queued}/cancel").status_code == 202

    started = time.monotonic()
    assert server.post(f"/api/runs/{run_id}/cancel").status_code == 202
    end = watch.rest(timeout=10)[-1]
    assert time.monotonic() - started < 2.0  # the worker stopped by itself, within the grace (3 s)
    assert (end["status"], end["detail"]) == ("cancelled", f"stopped after {len(epochs(watch.seen))} epochs")
    watch.close()


@pytest.fixture(scope="module")
def finished(server) -> str:
    run_id = server.post("/api/runs", json=spec(epochs=1)).json()["id"]
    assert server.wait_status(run_id, TERMINAL)["status"] == "succeeded"
    return run_id


def test_unknown_and_finished_runs(server, finished):
    reply = server.post("/api/runs/0123456789abcdef/control", json={"action": "pause"})
    assert (reply.status_code, reply.json()) == (404, {"detail": "no run '0123456789abcdef'"})
    reply = server.post(f"/api/runs/{finished}/control", json={"action": "set", "learning_rate": 0.1})
    assert (reply.status_code, reply.json()) == (409, {"detail": f'Setting the learning rate needs a run that is training (status running); run "{finished}" has status succeeded'})
    reply = server.post(f"/api/runs/{finished}/control?lang=zh", json={"action": "resume"})
    assert (reply.status_code, reply.json()) == (409, {"detail": f'继续需要一个正在训练（状态为 running）的运行；而运行 "{finished}" 的状态是 succeeded'})


BAD_BODIES = [
    ({"action": "jump"}, ["body", "action"], 'expected one of pause, resume, step, set; received "jump"'),
    ({}, ["body", "action"], "this field is required; received nothing"),
    ({"action": "set"}, ["body", "learning_rate"], "this field is required; received nothing"),
    ({"action": "set", "learning_rate": "fast"}, ["body", "learning_rate"], 'expected a number from 0 (excluded) to 10; received "fast"'),
    ({"action": "set", "learning_rate": 0}, ["body", "learning_rate"], "expected a number from 0 (excluded) to 10; received 0"),
    ({"action": "set", "learning_rate": 10.5}, ["body", "learning_rate"], "expected a number from 0 (excluded) to 10; received 10.5"),
    ({"action": "set", "learning_rate": None}, ["body", "learning_rate"], "expected a value; received null"),
    ({"action": "pause", "learning_rate": 0.1}, ["body", "learning_rate"], 'expected learning_rate only with the action "set"; received it with the action "pause"'),
    ({"action": "resume", "speed": 2}, ["body", "speed"], 'expected one of the fields action, learning_rate; received an unknown field "speed"'),
    (["pause"], ["body"], 'expected an object; received ["pause"]'),
]


@pytest.mark.parametrize(("body", "loc", "msg"), BAD_BODIES, ids=[json.dumps(b[0]) for b in BAD_BODIES])
def test_bad_bodies_are_refused_at_the_field(server, finished, body, loc, msg):
    reply = server.post(f"/api/runs/{finished}/control", json=body)
    assert reply.status_code == 422
    assert [(d["loc"], d["msg"]) for d in reply.json()["detail"]] == [(loc, msg)]


def test_bad_bodies_in_chinese(server, finished):
    reply = server.post(f"/api/runs/{finished}/control?lang=zh", json={"action": "set", "learning_rate": 11})
    assert reply.status_code == 422
    assert reply.json()["detail"] == [{"loc": ["body", "learning_rate"], "msg": "应为 0（不含） 到 10 之间的数；收到的是 11", "type": "number"}]
    reply = server.post(f"/api/runs/{finished}/control?lang=zh", json={"action": "step", "learning_rate": 0.1})
    assert reply.json()["detail"][0]["msg"] == '只有动作 "set" 才能带 learning_rate；收到的动作却是 "step"'


def test_a_scheduled_learning_rate_cannot_be_set_by_hand(server):
    scheduled = spec(epochs=1)
    schedule = {"class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.01, "decay_steps": 10, "decay_rate": 0.9}}
    scheduled["compile"]["optimizer"] = {"class_name": "Adam", "config": {"learning_rate": schedule}}
    run_id = server.post("/api/runs", json=scheduled).json()["id"]
    reply = server.post(f"/api/runs/{run_id}/control", json={"action": "set", "learning_rate": 0.1})
    assert reply.status_code == 422
    assert reply.json()["detail"] == [{
        "loc": ["body", "learning_rate"], "type": "control_scheduled",
        "msg": 'expected a run whose optimizer has a fixed learning rate; this run\'s follows the schedule "ExponentialDecay", which sets it at every step, so it cannot be set by hand',
    }]  # fmt: skip
    assert server.wait_status(run_id, TERMINAL)["status"] == "succeeded"


# -- limits: a server of its own, with a short time limit and pause limit -----------------

PAUSE_LIMIT = 10.0  # longer than TIME_LIMIT + GRACE: a pause that counted would end the run
TIME_LIMIT = 8.0
GRACE = 1.0
# epochs: well within the time limit even while the other test process trains and a
# browser draws (CI measured 10 epochs going past 4 s under that load)
SHORT = 5


@pytest.fixture(scope="module")
def strict(tmp_path_factory):
    srv = Server(
        tmp_path_factory.mktemp("strict"),
        KP_PAUSE_LIMIT=f"{PAUSE_LIMIT:g}", KP_RUN_TIME_LIMIT=f"{TIME_LIMIT:g}", KP_CANCEL_GRACE=f"{GRACE:g}",
    ).start()  # fmt: skip
    yield srv
    srv.stop()


def test_a_pause_past_the_limit_resumes_by_itself(strict):
    run_id, watch = start(strict, epochs=SHORT)
    pause = paused_after_first_epoch(strict, run_id, watch)
    paused_at = time.monotonic()
    [resume] = watch.until(lambda e: e["type"] == "control", timeout=PAUSE_LIMIT + 5)
    waited = time.monotonic() - paused_at
    assert {k: resume[k] for k in ("action", "reason", "epoch", "batch")} == {"action": "resume", "reason": "timeout", "epoch": pause["epoch"], "batch": pause["batch"]}
    assert PAUSE_LIMIT - 0.5 < waited < PAUSE_LIMIT + 1.5
    # paused for longer than the time limit and its grace, and still within it
    assert watch.rest()[-1]["status"] == "succeeded"
    assert epochs(watch.seen) == list(range(SHORT))
    watch.close()


def test_time_paused_does_not_count_towards_the_time_limit(strict):
    run_id, watch = start(strict, epochs=SHORT)
    paused_after_first_epoch(strict, run_id, watch)
    assert watch.during(TIME_LIMIT + GRACE + 0.5) == []  # past what the watchdog allows a run that trains
    send(strict, run_id, "resume")
    end = watch.rest()[-1]
    assert (end["status"], end.get("error")) == ("succeeded", None)
    assert epochs(watch.seen) == list(range(SHORT))
    watch.close()


def test_the_time_limit_still_counts_the_time_trained(strict):
    run_id = strict.post("/api/runs", json=spec(epochs=500, batch_size=8)).json()["id"]
    watch = Watch(strict, run_id)
    watch.until(lambda e: e.get("status") == "running")
    running = time.monotonic()
    paused_after_first_epoch(strict, run_id, watch)
    paused = time.monotonic()
    watch.during(1.5)
    send(strict, run_id, "resume")
    paused = time.monotonic() - paused
    end = watch.rest()[-1]
    assert end["status"] == "failed"
    assert end["error"] == f"The run went past its time limit of {TIME_LIMIT:g} s and was stopped after {len(epochs(watch.seen))} epochs."
    assert time.monotonic() - running > TIME_LIMIT + paused - 0.2
    watch.close()


@pytest.fixture
def doomed(tmp_path):
    """A server of its own: the test kills it (so the order of tests does not matter)."""
    srv = Server(tmp_path / "doomed", KP_PAUSE_LIMIT=f"{PAUSE_LIMIT:g}").start()
    yield srv
    srv.stop()


def test_a_paused_worker_still_leaves_with_its_web_process(doomed):
    strict = doomed
    run_id, watch = start(strict)
    paused_after_first_epoch(strict, run_id, watch)
    [worker] = [w["pid"] for w in strict.get("/api/health").json()["workers"] if w["run_id"] == run_id]
    os.kill(strict.proc.pid, signal.SIGKILL)  # the web process alone: its workers are orphaned
    strict.proc.wait(10)
    deadline = time.monotonic() + 3  # it looks for its parent every 50 ms while paused
    while time.monotonic() < deadline and alive(worker):
        time.sleep(0.05)
    assert not alive(worker), "the paused worker outlived its web process"


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
