"""Real runs through the real server: streaming, replay, cancel, crashes, bad input."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.helpers import CeleryWorker, spec

TERMINAL = {"succeeded", "failed", "cancelled", "interrupted"}


def long_spec():
    s = spec(epochs=500)
    s["dataset"]["options"]["n_samples"] = 4000
    return s


def test_a_run_streams_status_batches_and_every_epoch(backend_server):
    posted = time.time()
    reply = backend_server.post("/api/runs", json=spec(epochs=4))
    assert reply.status_code == 201
    assert reply.json()["status"] == "queued"
    run_id = reply.json()["id"]
    events = backend_server.events(run_id)
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    kinds = [(e["type"], e.get("status")) for e in events]
    assert kinds[0] == ("status", "queued") and ("status", "running") in kinds
    assert kinds[-1] == ("status", "succeeded")
    epochs = [e for e in events if e["type"] == "epoch"]
    assert [e["epoch"] for e in epochs] == [0, 1, 2, 3]
    sent = [e["at"] for e in epochs]  # when the worker sent each: in order, while the test waited
    assert posted <= sent[0] <= sent[1] <= sent[2] <= sent[3] <= time.time()
    assert set(epochs[0]["logs"]) == {"loss", "accuracy", "val_loss", "val_accuracy", "learning_rate"}
    assert epochs[0]["logs"]["learning_rate"] == pytest.approx(0.001)
    batches = [e for e in events if e["type"] == "batch"]
    assert batches and batches[0]["epoch"] == 0 and batches[0]["batch"] == 0 and batches[0]["steps"] == 5
    assert events.index(batches[0]) < events.index(epochs[0])

    run = backend_server.get(f"/api/runs/{run_id}").json()
    assert run["status"] == "succeeded" and run["error"] is None
    assert [e["epoch"] for e in run["epochs"]] == [0, 1, 2, 3]
    assert run["epochs"][3]["logs"] == epochs[3]["logs"]
    assert run["created_at"] <= run["started_at"] <= run["finished_at"]
    assert run["spec"]["fit"]["epochs"] == 4
    assert (backend_server.data_dir / "runs" / run_id / "model.keras").is_file()


def test_replay_after_any_seq_gives_exactly_the_rest(backend_server):
    run_id = backend_server.post("/api/runs", json=spec(epochs=2)).json()["id"]
    everything = backend_server.events(run_id)
    for after in (0, 1, 3, len(everything) - 1):
        assert backend_server.events(run_id, after=after) == everything[after:]


def test_a_reconnect_mid_run_misses_nothing(backend_server):
    run_id = backend_server.post("/api/runs", json=spec(epochs=30)).json()["id"]
    first = backend_server.events(run_id, until=lambda e: e["type"] == "epoch" and e["epoch"] == 2)
    rest = backend_server.events(run_id, after=first[-1]["seq"])
    seqs = [e["seq"] for e in first + rest]
    assert seqs == list(range(1, len(seqs) + 1))
    assert sum(e["type"] == "epoch" for e in first + rest) == 30


def test_cancel_stops_a_running_run_within_two_seconds(backend_server):
    run_id = backend_server.post("/api/runs", json=long_spec()).json()["id"]
    backend_server.events(run_id, until=lambda e: e["type"] == "epoch")
    started = time.monotonic()
    reply = backend_server.post(f"/api/runs/{run_id}/cancel")
    assert reply.status_code == 202 and reply.json()["cancelling"] is True
    run = backend_server.wait_status(run_id, TERMINAL, timeout=10)
    assert run["status"] == "cancelled"
    assert time.monotonic() - started < 2.0
    events = backend_server.events(run_id)
    assert events[-1]["status"] == "cancelled"
    assert backend_server.post(f"/api/runs/{run_id}/cancel").status_code == 409


def test_cancel_a_queued_run(backend_server):
    first = backend_server.post("/api/runs", json=long_spec()).json()["id"]
    second = backend_server.post("/api/runs", json=spec(epochs=2)).json()["id"]
    queued = backend_server.events(second, until=lambda e: e.get("status") == "queued")
    assert queued[-1]["position"] >= 0
    assert backend_server.post(f"/api/runs/{second}/cancel").status_code == 202
    assert backend_server.wait_status(second, TERMINAL)["status"] == "cancelled"
    assert backend_server.get(f"/api/runs/{second}").json()["started_at"] is None
    backend_server.post(f"/api/runs/{first}/cancel")
    backend_server.wait_status(first, TERMINAL, timeout=10)


def test_a_killed_worker_fails_its_run_and_is_replaced(backend_server):
    run_id = backend_server.post("/api/runs", json=long_spec()).json()["id"]
    backend_server.events(run_id, until=lambda e: e["type"] == "epoch")
    [worker] = [w for w in backend_server.get("/api/health").json()["workers"] if w["run_id"] == run_id]
    os.kill(worker["pid"], signal.SIGKILL)
    run = backend_server.wait_status(run_id, TERMINAL, timeout=10)
    assert run["status"] == "failed"
    assert "The training worker stopped unexpectedly (it was killed by SIGKILL)" in run["error"]
    assert run["why"] == {"code": "worker_killed", "signal": "SIGKILL"}
    last = backend_server.events(run_id)[-1]
    assert (last["type"], last["status"], last["why"]) == ("status", "failed", run["why"])
    if backend_server.env.get("KP_BACKEND") == "celery":  # its worker's main process saw the child die
        assert "WorkerLostError('Worker exited prematurely: signal 9 (SIGKILL)" in backend_server.worker.log.read_text()
    else:
        assert f"the training worker (pid {worker['pid']}) running {run_id} stopped unexpectedly: it was killed by SIGKILL" in backend_server.log.read_text()

    health = backend_server.wait_warm()
    assert worker["pid"] not in [w["pid"] for w in health["workers"]]
    assert len(health["workers"]) == 1
    next_run = backend_server.post("/api/runs", json=spec(epochs=2)).json()["id"]
    assert backend_server.wait_status(next_run, TERMINAL, timeout=60)["status"] == "succeeded"


def test_a_killed_inspector_is_replaced(server):
    pids = server.get("/api/health").json()["inspector"]["pids"]
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while (health := server.get("/api/health").json())["status"] == "ok" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (health["status"], health["missing"]) == ("degraded", ["inspector"])  # not "ok" while it is down
    deadline = time.monotonic() + 60
    units = 100
    while time.monotonic() < deadline:
        units += 1  # a model not asked before, so the cache cannot answer
        fresh = {"model": {"input": {"shape": [3]}, "layers": [{"class_name": "Dense", "config": {"units": units}}]}}
        reply = server.post("/api/inspect", json=fresh)
        if reply.status_code == 200:
            break
        assert reply.status_code == 503 and "Keras is not available right now" in reply.json()["detail"]
        time.sleep(0.5)
    assert reply.status_code == 200
    assert not set(server.get("/api/health").json()["inspector"]["pids"]) & set(pids)
    assert server.wait_warm()["status"] == "ok"


def test_bad_specs_are_refused_before_anything_is_queued(server):
    bad = spec()
    bad["model"]["layers"][0]["class_name"] = "Dens"
    reply = server.post("/api/runs", json=bad)
    assert reply.status_code == 422
    assert reply.json()["detail"][0]["loc"] == ["body", "model", "layers", 0, "class_name"]

    impossible = spec()
    impossible["model"]["layers"].insert(0, {"class_name": "Reshape", "config": {"target_shape": [3, 3]}})
    reply = server.post("/api/runs", json=impossible)
    assert reply.status_code == 422
    assert reply.json()["detail"][0]["loc"] == ["body", "model", "layers", 0]

    assert server.post("/api/runs", content=b"{not json", headers={"content-type": "application/json"}).status_code == 422
    assert server.get("/api/health").json()["queued"] == 0


def test_unknown_runs(server):
    assert server.get("/api/runs/nope").status_code == 404
    assert server.post("/api/runs/nope/cancel").status_code == 404
    for run_id in ("nope", "0123456789abcdef"):
        # accepted, then closed with the documented code (not a refused handshake)
        with connect(server.url.replace("http", "ws") + f"/ws/runs/{run_id}", open_timeout=10) as ws:
            with pytest.raises(ConnectionClosed):
                ws.recv(timeout=10)
        assert ws.close_code == 4404 and ws.close_reason == "no such run"


def test_health_and_catalog(server):
    health = server.wait_warm()
    assert (health["status"], health["missing"], health["mode"]) == ("ok", [], "personal")
    assert isinstance(health["queued"], int)
    assert {"pid", "state", "run_id"} <= set(health["workers"][0])
    assert health["workers"][0]["state"] in {"idle", "busy"}
    catalog = server.get("/api/catalog").json()
    assert {e["class_name"] for e in catalog["layers"]} >= {"Dense", "Dropout", "Reshape", "Permute"}


def test_lessons_api(server):
    lessons = server.get("/api/lessons").json()
    assert {"slug": "sequential-model", "title": "The Sequential model", "part": 1, "order": 4} in lessons
    zh = server.get("/api/lessons/sequential-model?lang=zh").json()
    assert zh["title"] == "Sequential 模型" and "<math" in zh["html"] and zh["preset"]["model"]["layers"]
    assert server.get("/api/lessons/nope").status_code == 404


def test_the_web_process_never_loads_tensorflow(server):
    assert server.get("/lessons/sequential-model").status_code == 200
    assert server.post("/api/inspect", json=spec()).status_code == 200
    maps = open(f"/proc/{server.proc.pid}/maps").read()
    assert "tensorflow" not in maps and "_pywrap" not in maps
    worker = server.get("/api/health").json()["workers"][0]["pid"]
    assert "tensorflow" in open(f"/proc/{worker}/maps").read()  # the check can fail: workers do load it


def test_the_apps_model_subclass_trains_in_the_worker_logs_its_metric_and_continues(server):
    s = spec(epochs=2)
    s["model"]["subclass"] = {"class_name": "GradientNormModel", "config": {"clip_norm": 0.5}}
    first = server.post("/api/runs", json=s).json()["id"]
    epochs = [e for e in server.events(first) if e["type"] == "epoch"]
    assert server.get(f"/api/runs/{first}").json()["status"] == "succeeded"
    assert [e["epoch"] for e in epochs] == [0, 1]
    assert all(e["logs"]["grad_norm"] > 0 and "val_grad_norm" not in e["logs"] for e in epochs), epochs
    # continuing loads the saved GradientNormModel (safe_mode) and keeps its train_step
    again = server.post(f"/api/runs/{first}/continue", json={"epochs": 1}).json()["id"]
    more = [e for e in server.events(again) if e["type"] == "epoch"]
    assert server.get(f"/api/runs/{again}").json()["status"] == "succeeded"
    assert [e["epoch"] for e in more] == [2] and more[0]["logs"]["grad_norm"] > 0


def test_a_mixed_precision_run_trains_in_the_worker_with_its_learning_rate_logged(server):
    s = spec(epochs=2)
    s["model"]["dtype_policy"] = "mixed_float16"
    run_id = server.post("/api/runs", json=s).json()["id"]
    epochs = [e for e in server.events(run_id) if e["type"] == "epoch"]
    assert server.get(f"/api/runs/{run_id}").json()["status"] == "succeeded"
    assert [e["epoch"] for e in epochs] == [0, 1]
    assert all(0 < e["logs"]["loss"] < 10 and e["logs"]["learning_rate"] > 0 for e in epochs), epochs


def test_a_celery_worker_answers_its_health_check(celery_server):
    """docker-compose.yml's health check of a worker: `python -m app worker --ping`."""
    env = celery_server.worker.env
    name = celery_server.worker.name
    ok = subprocess.run([sys.executable, "-m", "app", "worker", "--ping", "--name", name], env=env, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and "answers" in ok.stdout, ok.stdout + ok.stderr
    gone = subprocess.run([sys.executable, "-m", "app", "worker", "--ping", "--name", "nobody@nowhere"], env=env, capture_output=True, text=True, timeout=60)
    assert gone.returncode == 1 and "nobody@nowhere: no answer" in gone.stdout


def test_a_gpu_run_is_refused_at_its_field_while_no_worker_has_a_gpu(backend_server):
    asked = spec(epochs=2)
    asked["fit"]["device"] = "gpu"
    for lang, words in (
        ("en", "expected cpu: no training worker with a GPU is running on this server (workers with a GPU: 0 of 1); received gpu"),
        ("zh", "应为 cpu：本服务器上没有带 GPU 的训练进程在运行（带 GPU 的训练进程：1 个中有 0 个）；收到的是 gpu"),
    ):
        reply = backend_server.post("/api/runs", json=asked, headers={"Accept-Language": lang})
        assert reply.status_code == 422, reply.text
        [issue] = reply.json()["detail"]
        assert issue["loc"] == ["body", "fit", "device"] and issue["msg"] == words
    assert backend_server.post("/api/runs", json=spec(epochs=1)).status_code == 201  # cpu, the default, trains


def test_a_gpu_run_goes_to_a_worker_that_offers_a_gpu(celery_server):
    """A worker started with `--queues gpu` (as a GPU machine's is, or one that finds a GPU) takes
    the runs that ask for one, and only those; the others go on training on the CPU workers."""
    gpu = CeleryWorker(celery_server.data_dir, celery_server.worker.env["KP_REDIS_URL"], queues="gpu", KP_RUN_TIME_LIMIT="120").start()
    try:
        deadline = time.monotonic() + 120
        while not [w for w in celery_server.get("/api/health").json()["workers"] if w["gpu"] and w["ready"]]:
            assert time.monotonic() < deadline, celery_server.get("/api/health").json()["workers"]
            time.sleep(0.5)
        [offered] = [w for w in celery_server.get("/api/health").json()["workers"] if w["gpu"]]
        assert offered["queues"] == ["gpu"] and offered["pid"] in gpu.children()
        asked = spec(epochs=200)
        asked["fit"]["device"] = "gpu"
        run_id = celery_server.post("/api/runs", json=asked).json()["id"]
        celery_server.events(run_id, until=lambda e: e["type"] == "epoch")
        [child] = [w for w in celery_server.get("/api/health").json()["workers"] if w["run_id"] == run_id]
        assert child["pid"] == offered["pid"]
        cpu_run = celery_server.post("/api/runs", json=spec(epochs=2)).json()["id"]  # not behind the GPU run
        assert celery_server.wait_status(cpu_run, TERMINAL, timeout=60)["status"] == "succeeded"
        assert celery_server.wait_status(run_id, TERMINAL, timeout=120)["status"] == "succeeded"
    finally:
        gpu.stop()
