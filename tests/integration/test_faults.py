"""Faults injected into a real server, and what the learner sees of each."""

from __future__ import annotations

import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

from tests.helpers import Server, spec
from tests.integration.test_restart import TERMINAL, long_spec


def test_a_database_that_refuses_writes_mid_run_fails_the_run_clearly_and_the_next_one_trains(tmp_path):
    """Another writer holds the SQLite database (a backup, a stuck tool) for longer than a
    write waits: the event the worker sent cannot be stored. The run stops with a message
    (stored once the database takes writes again), its worker is replaced, no stored event
    is lost or doubled, and the next run trains."""
    server = Server(tmp_path, KP_WORKERS="1", KP_DB_BUSY_TIMEOUT="1").start()
    try:
        run_id = server.post("/api/runs", json=long_spec()).json()["id"]
        server.events(run_id, until=lambda e: e["type"] == "epoch")
        worker = server.get("/api/health").json()["workers"][0]["pid"]
        holder = sqlite3.connect(tmp_path / "playground.db", timeout=5, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        time.sleep(3)  # the worker's next events wait 1 s each, then fail
        holder.execute("ROLLBACK")
        holder.close()

        run = server.wait_status(run_id, TERMINAL, timeout=30)
        assert run["status"] == "failed" and "could not save this run's progress" in run["error"], run["error"]
        events = server.events(run_id)
        assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
        assert events[-1]["why"] == {"code": "record_failed", "run": run_id}
        assert len({e["epoch"] for e in events if e["type"] == "epoch"}) == len([e for e in events if e["type"] == "epoch"])

        health = server.wait_warm(60)
        assert health["workers"][0]["pid"] != worker  # replaced
        after = server.post("/api/runs", json=spec(epochs=2)).json()["id"]
        assert server.wait_status(after, TERMINAL, timeout=60)["status"] == "succeeded"
        assert "could not be handled; replacing the worker" in server.log.read_text()
    finally:
        server.stop()


def memory_hungry_spec() -> dict:
    """Within every bound checked at submit (few parameters), yet large activations:
    8 x 8 digits blown up to 128 x 128 before a convolution."""
    return {
        "dataset": {"name": "digits", "options": {"shape": "image"}},
        "model": {"input": {"shape": [8, 8, 1]}, "layers": [
            {"class_name": "UpSampling2D", "config": {"size": [16, 16]}},
            {"class_name": "Conv2D", "config": {"filters": 32, "kernel_size": 3, "activation": "relu"}},
            {"class_name": "GlobalAveragePooling2D", "config": {}},
            {"class_name": "Dense", "config": {"units": 10, "activation": "softmax"}},
        ]},
        "compile": {"optimizer": "adam", "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]},
        "fit": {"epochs": 3, "batch_size": 64, "validation_split": 0.2},
    }  # fmt: skip


def test_a_run_past_the_memory_ceiling_is_stopped_with_a_clear_message(tmp_path):
    server = Server(tmp_path, KP_WORKERS="1", KP_RUN_MAX_RSS_MB="1000").start()
    try:
        worker = server.get("/api/health").json()["workers"][0]
        assert worker["rss_mb"] < 900  # the ceiling is above a resting worker
        run_id = server.post("/api/runs", json=memory_hungry_spec()).json()["id"]
        run = server.wait_status(run_id, TERMINAL, timeout=60)
        assert run["status"] == "failed" and run["why"] == {"code": "memory_limit", "limit": 1000}
        assert "more than 1000 MB of memory" in run["error"]
        events = server.events(run_id)
        assert [e["seq"] for e in events] == list(range(1, len(events) + 1)) and events[-1]["why"]["code"] == "memory_limit"
        health = server.wait_warm(60)
        assert health["workers"][0]["pid"] != worker["pid"]
        after = server.post("/api/runs", json=spec(epochs=2)).json()["id"]
        assert server.wait_status(after, TERMINAL, timeout=60)["status"] == "succeeded"
    finally:
        server.stop()


def test_two_hundred_viewers_a_tenth_of_them_slow_all_see_every_event(tmp_path):
    """200 websockets on one training run; 20 read slowly, fall behind the bounded queue,
    are closed with 4408 and come back with `after=`: every viewer ends with exactly the
    stored events, in order, and the server trains the next run."""
    import asyncio
    import json

    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    server = Server(tmp_path, KP_WORKERS="1", KP_WS_QUEUE="20", KP_WS_MAX_PER_CLIENT="400", KP_WS_MAX_TOTAL="400").start()
    url = server.url.replace("http", "ws")
    try:
        live = spec(epochs=60)
        live["dataset"]["options"]["n_samples"] = 4000  # long enough that every viewer joins while it trains
        run_id = server.post("/api/runs", json=live).json()["id"]
        server.wait_status(run_id, {"running"}, timeout=60)

        def ended(event: dict) -> bool:
            return event["type"] == "status" and event["status"] in TERMINAL

        async def viewer(slow: bool) -> tuple[list[int], int]:
            seqs: list[int] = []
            dropped = lost = 0
            while True:
                # like a browser: it buffers (a full queue would hold back the close frame) and sends no pings
                async with connect(f"{url}/ws/runs/{run_id}?after={seqs[-1] if seqs else 0}", open_timeout=30, max_size=2**22, max_queue=None, ping_interval=None) as ws:
                    try:
                        async for message in ws:
                            event = json.loads(message)
                            seqs.append(event["seq"])
                            if slow and not ended(event):
                                await asyncio.sleep(0.15)  # slower than the run sends (~13 events a second)
                    except ConnectionClosed:
                        pass
                    if ws.close_code == 4408:
                        dropped += 1
                        continue
                    if ws.close_code == 1006 and lost < 3:  # a connection lost under load: the page reconnects with after= too
                        lost += 1
                        continue
                    assert ws.close_code == 1000, ws.close_code
                    return seqs, dropped

        async def everyone():
            return await asyncio.gather(*(viewer(slow=i % 10 == 0) for i in range(200)))

        # in a thread of its own: a Playwright browser started by another test of this process
        # leaves its event loop marked running in the main thread, where asyncio.run refuses to start
        with ThreadPoolExecutor(1) as pool:
            seen = pool.submit(asyncio.run, asyncio.wait_for(everyone(), timeout=240)).result()
        stored = [e["seq"] for e in server.events(run_id)]
        assert stored == list(range(1, len(stored) + 1)) and server.get(f"/api/runs/{run_id}").json()["status"] == "succeeded"
        assert all(seqs == stored for seqs, _ in seen), [len(s) for s, _ in seen if s != stored][:5]
        # whether a slow one falls behind depends on the machine's speed: test_ws_limits.py makes one fall behind for sure
        after = server.post("/api/runs", json=spec(epochs=2)).json()["id"]
        assert server.wait_status(after, TERMINAL, timeout=60)["status"] == "succeeded"
    finally:
        server.stop()


def test_a_worker_past_its_memory_bound_finishes_the_run_and_is_replaced(tmp_path):
    """`KP_WORKER_MAX_RSS_MB` is not a ceiling (that is `KP_RUN_MAX_RSS_MB`): a worker that
    grows past it mid-run finishes the run, then a fresh one takes its place."""
    server = Server(tmp_path, KP_WORKERS="1", KP_WORKER_MAX_RSS_MB="900").start()
    try:
        small = server.post("/api/runs", json=spec(epochs=2)).json()["id"]
        assert server.wait_status(small, TERMINAL, timeout=60)["status"] == "succeeded"
        worker = server.get("/api/health").json()["workers"][0]
        assert worker["rss_mb"] < 900  # a small run leaves it in place
        hungry = memory_hungry_spec()
        hungry["fit"]["epochs"] = 1
        run_id = server.post("/api/runs", json=hungry).json()["id"]
        run = server.wait_status(run_id, TERMINAL, timeout=120)
        assert run["status"] == "succeeded" and run["why"] is None, run
        events = server.events(run_id)
        assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
        # replaced after the run: the recycle follows the run's end, so the old worker may
        # still answer health for a moment; wait for a warm worker with another pid
        deadline, pids = time.monotonic() + 60, [worker["pid"]]
        while time.monotonic() < deadline:
            health = server.get("/api/health").json()
            pids = [w["pid"] for w in health["workers"]]
            if pids and pids != [worker["pid"]] and server.warm(health):
                break
            time.sleep(0.2)
        assert pids != [worker["pid"]] and pids
        after = server.post("/api/runs", json=spec(epochs=2)).json()["id"]
        assert server.wait_status(after, TERMINAL, timeout=60)["status"] == "succeeded"
    finally:
        server.stop()


def test_an_inspector_killed_mid_summary_answers_503_at_once_and_the_same_summary_then_works(tmp_path):
    import os
    import signal
    import threading

    import httpx

    from tests.integration.test_fast_lane import heavy_spec

    server = Server(tmp_path, KP_WORKERS="1", KP_INSPECT_TIMEOUT="120").start()
    try:
        pids = server.wait_warm()["inspector"]["pids"]
        heavy = heavy_spec(8)
        answer: dict = {}

        def ask() -> None:
            reply = httpx.post(server.url + "/api/inspect", json=heavy, timeout=150)
            answer.update(status=reply.status_code, body=reply.json(), at=time.monotonic())

        asking = threading.Thread(target=ask)
        asking.start()
        time.sleep(1.5)  # the heavy summary is being built
        assert not answer, "the heavy summary answered before the kill: make it heavier"
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        killed = time.monotonic()
        asking.join(60)
        assert answer["status"] == 503 and "Keras is not available right now" in answer["body"]["detail"], answer
        assert answer["at"] - killed < 5  # not after the 120 s timeout
        server.wait_warm(60)
        again = httpx.post(server.url + "/api/inspect", json=heavy, timeout=150)  # not a remembered failure
        assert again.status_code == 200, again.text
        assert "Traceback" not in server.log.read_text()
    finally:
        server.stop()


def test_a_full_disk_mid_run_fails_the_run_clearly_and_the_next_one_trains_once_there_is_room(tmp_path):
    """The data directory on a 64 MB file system, filled up while a run trains: the run
    stops with a message (stored once there is room again), no stored event is lost or
    doubled, and the next run trains. Mounting needs root (or sudo, as `make test` uses)."""
    import os
    import subprocess

    data = tmp_path / "small"
    data.mkdir()
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    subprocess.run([*sudo, "mount", "-t", "tmpfs", "-o", f"size=64m,uid={os.getuid()}", "tmpfs", str(data)], check=True)
    server = Server(data, KP_WORKERS="1").start()
    filler = data / "filler"
    try:
        run_id = server.post("/api/runs", json=long_spec()).json()["id"]
        server.events(run_id, until=lambda e: e["type"] == "epoch")
        with filler.open("wb", buffering=0) as f:  # every byte left, as a download or a log would take them (unbuffered: closing has nothing left to write)
            try:
                while True:
                    f.write(b"\0" * 2**16)
            except OSError:
                pass
        time.sleep(3)  # the run's next writes fail
        filler.unlink()

        run = server.wait_status(run_id, TERMINAL, timeout=60)
        assert run["status"] == "failed" and "could not save this run's progress" in run["error"], run
        events = server.events(run_id)
        assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
        assert events[-1]["why"] == {"code": "record_failed", "run": run_id}
        assert server.get("/api/health").status_code == 200
        server.wait_warm(60)
        after = server.post("/api/runs", json=spec(epochs=2)).json()["id"]
        assert server.wait_status(after, TERMINAL, timeout=60)["status"] == "succeeded"
    finally:
        server.stop()
        subprocess.run([*sudo, "umount", "-l", str(data)], check=False)
