"""What one client can cost the server through websockets and downloads: bounded
queues (a slow reader is closed with 4408 and loses nothing on reconnecting), caps
on sockets per client and in all, on `after` and on message size, a streamed
tensorboard.zip, and replays that read the store a page at a time."""

from __future__ import annotations

import io
import json
import socket
import threading
import time
import zipfile

import httpx
import psutil
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from tests.helpers import Server, spec

TERMINAL = {"succeeded", "failed", "cancelled", "interrupted"}
QUEUE, PER_CLIENT, TOTAL, SEND_TIMEOUT = 32, 3, 5, 8

# A 2-D classifier sends every view every epoch (neurons, boundary, histograms...): ~90 kB an epoch.
MOONS = {
    "dataset": {"name": "moons", "options": {"n_samples": 200}},
    "model": {"input": {"shape": [2]}, "layers": [
        {"class_name": "Dense", "config": {"units": 16, "activation": "relu"}},
        {"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}}]},
    "compile": {"optimizer": "adam", "loss": "binary_crossentropy", "metrics": ["accuracy"]},
    "fit": {"epochs": 100, "batch_size": 32, "validation_split": 0.25},
    "views": {"histogram_freq": 1},
}  # fmt: skip


def moons(epochs: int) -> dict:
    return json.loads(json.dumps(MOONS)) | {"fit": MOONS["fit"] | {"epochs": epochs}}


def quiet(epochs: int = 500) -> dict:
    """A long run of small events only (no views)."""
    s = spec(epochs=epochs)
    s["dataset"]["options"]["n_samples"] = 4000
    s["views"] = {"histogram_freq": 0}
    return s


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    """A server of its own with small websocket limits."""
    env = {"KP_WS_QUEUE": str(QUEUE), "KP_WS_MAX_PER_CLIENT": str(PER_CLIENT), "KP_WS_MAX_TOTAL": str(TOTAL), "KP_RUN_TIME_LIMIT": "120",
           "KP_WS_SEND_TIMEOUT": str(SEND_TIMEOUT)}
    srv = Server(tmp_path_factory.mktemp("limited"), **env).start()
    yield srv
    srv.stop()


def ws_url(server: Server, run_id: str, after: object = 0) -> str:
    return server.url.replace("http", "ws") + f"/ws/runs/{run_id}?after={after}"


def open_ws(server: Server, run_id: str, after: object = 0, source: str = "127.0.0.1", rcvbuf: int = 0, **kw) -> ClientConnection:
    """A websocket from the address `source` (any of 127.0.0.0/8 reaches the server)."""
    sock = socket.socket()
    if rcvbuf:  # set before connecting, so the kernel does not grow it
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", server.port))
    return connect(ws_url(server, run_id, after), sock=sock, open_timeout=10, **kw)


def read_all(ws: ClientConnection, timeout: float = 60, until=None) -> list[dict]:
    """Events until the server closes the socket (or `until(event)` holds)."""
    out: list[dict] = []
    deadline = time.monotonic() + timeout
    while True:
        try:
            out.append(json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic()))))
        except ConnectionClosed:
            return out
        if until and until(out[-1]):
            return out


def closed_with(ws: ClientConnection, timeout: float = 10) -> tuple[int | None, str | None, list[dict]]:
    events = read_all(ws, timeout)
    return ws.close_code, ws.close_reason, events


def test_a_slow_reader_is_closed_with_4408_and_a_reconnect_misses_nothing(limited):
    run_id = limited.post("/api/runs", json=moons(500)).json()["id"]
    limited.events(run_id, until=lambda e: e["type"] == "status" and e["status"] == "running")
    # A reader that does not read: the kernel's buffers fill (a few MB), then the
    # server's queue of QUEUE events, and the server gives up on it.
    slow = open_ws(limited, run_id, rcvbuf=4096, max_queue=1, compression=None)
    start = limited.get(f"/api/runs/{run_id}").json()["epochs"]
    deadline = time.monotonic() + 60
    while len(limited.get(f"/api/runs/{run_id}").json()["epochs"]) < len(start) + 60:
        assert time.monotonic() < deadline, "the run stalled"
        time.sleep(0.2)
    code, reason, first = closed_with(slow, timeout=30)
    assert (code, reason) == (4408, "too slow: reconnect with ?after=<last seq>")
    assert [e["seq"] for e in first] == list(range(1, len(first) + 1))

    with open_ws(limited, run_id, after=first[-1]["seq"]) as ws:
        rest = read_all(ws, until=lambda e: e["type"] == "epoch")
        assert limited.post(f"/api/runs/{run_id}/cancel").status_code == 202
        rest += read_all(ws)
        assert ws.close_code == 1000
    seqs = [e["seq"] for e in first + rest]
    assert seqs == list(range(1, len(seqs) + 1))
    assert rest[-1]["status"] == "cancelled"


def test_a_client_that_never_reads_a_replay_is_closed_and_frees_its_seat(limited):
    """A replay does not listen to the live queue, so only the send timeout notices a
    client whose buffers are full: without it, it would hold its seat for ever."""
    run_id = limited.post("/api/runs", json=moons(100)).json()["id"]  # ~9 MB of events, more than the kernel buffers
    assert limited.wait_status(run_id, TERMINAL, timeout=120)["status"] == "succeeded"
    stuck = [open_ws(limited, run_id, source="127.0.0.4", rcvbuf=4096, max_queue=1, compression=None) for _ in range(PER_CLIENT)]
    try:
        with open_ws(limited, run_id, source="127.0.0.4") as extra:
            assert closed_with(extra)[:2] == (4429, "too many websockets from this client")  # every seat is held
        started = time.monotonic()
        while True:
            again = open_ws(limited, run_id, source="127.0.0.4")
            try:
                first = json.loads(again.recv(timeout=10))
                break
            except ConnectionClosed:
                assert again.close_code == 4429 and time.monotonic() - started < 3 * SEND_TIMEOUT + 20, "a stuck replay kept its seat"
                time.sleep(0.5)
        waited = time.monotonic() - started
        assert first["seq"] == 1 and SEND_TIMEOUT - 2 < waited, waited  # freed by the timeout, not before
        again.close()
    finally:
        for ws in stuck:
            ws.close()
    assert "Traceback" not in limited.log.read_text()


def test_sockets_past_the_caps_are_refused_while_the_others_go_on(limited):
    run_id = limited.post("/api/runs", json=quiet()).json()["id"]
    mine = [open_ws(limited, run_id) for _ in range(PER_CLIENT)]
    for ws in mine:
        assert json.loads(ws.recv(timeout=10))["seq"] == 1
    with open_ws(limited, run_id) as extra:
        assert closed_with(extra)[:2] == (4429, "too many websockets from this client")
    others = [open_ws(limited, run_id, source="127.0.0.2") for _ in range(TOTAL - PER_CLIENT)]
    for ws in others:
        assert json.loads(ws.recv(timeout=10))["seq"] == 1
    with open_ws(limited, run_id, source="127.0.0.3") as extra:
        assert closed_with(extra)[:2] == (1013, "too many websockets: try again later")

    mine.pop().close()  # a seat frees when its socket closes
    deadline = time.monotonic() + 10
    while True:
        again = open_ws(limited, run_id)
        try:
            assert json.loads(again.recv(timeout=10))["seq"] == 1
            break
        except ConnectionClosed:
            assert again.close_code == 4429 and time.monotonic() < deadline, "the closed socket's seat was not freed"
            time.sleep(0.2)
    mine.append(again)

    # the sockets that were let in follow the run to its end
    assert limited.post(f"/api/runs/{run_id}/cancel").status_code == 202
    for ws in mine + others:
        events = read_all(ws)
        assert events[-1]["status"] == "cancelled" and ws.close_code == 1000
        seqs = [e["seq"] for e in events]
        assert seqs == list(range(seqs[0], seqs[-1] + 1))


def test_after_is_bounded_and_an_ended_run_closes_when_nothing_is_left(server):
    run_id = server.post("/api/runs", json=spec(epochs=1)).json()["id"]
    everything = server.events(run_id)
    last = everything[-1]["seq"]
    for after in (last, last + 5, 2**63 - 1):
        started = time.monotonic()
        with open_ws(server, run_id, after=after) as ws:
            assert closed_with(ws) == (1000, "", [])
        assert time.monotonic() - started < 2
    with open_ws(server, run_id, after=last - 1) as ws:
        assert closed_with(ws) == (1000, "", everything[-1:])
    for after in ("99999999999999999999", "-1", "abc", "1.5", ""):
        with open_ws(server, run_id, after=after) as ws:
            code, reason, events = closed_with(ws)
        assert (code, events) == (4400, []) and reason.startswith("after expects an integer from 0 to 2**63-1; received")
    token = server.post(f"/api/runs/{run_id}/share").json()["url"].rsplit("/", 1)[1]
    with connect(server.url.replace("http", "ws") + f"/ws/shared/{token}?after={last}", open_timeout=10) as ws:
        assert closed_with(ws) == (1000, "", [])
    assert server.get("/api/health").status_code == 200


def test_a_megabyte_message_closes_the_socket_and_nothing_else(server):
    run_id = server.post("/api/runs", json=quiet()).json()["id"]
    with open_ws(server, run_id) as ws:
        assert json.loads(ws.recv(timeout=10))["seq"] == 1
        ws.send("x" * 2**20)  # compressed to a kilobyte: the bound holds for what it inflates to
        code, _, _ = closed_with(ws)
    assert code == 1009
    assert server.get("/api/health").status_code == 200
    assert server.post(f"/api/runs/{run_id}/cancel").status_code == 202
    events = server.events(run_id)
    assert events[-1]["status"] == "cancelled" and [e["seq"] for e in events] == list(range(1, len(events) + 1))


def test_tensorboard_zip_is_streamed_with_every_file_of_the_run(server):
    run_id = server.post("/api/runs", json=spec(epochs=2)).json()["id"]
    assert server.events(run_id)[-1]["status"] == "succeeded"
    with httpx.stream("GET", f"{server.url}/api/runs/{run_id}/tensorboard.zip", headers={"accept-encoding": "identity"}, timeout=60) as reply:
        assert reply.status_code == 200
        assert "content-length" not in reply.headers and reply.headers["transfer-encoding"] == "chunked"
        assert reply.headers["content-type"] == "application/zip"
        assert reply.headers["content-disposition"] == f'attachment; filename="run-{run_id}-tensorboard.zip"'
        body = reply.read()
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.testzip() is None
    folder = server.data_dir / "runs" / run_id / "tensorboard"
    files = {f"tensorboard/{p.relative_to(folder).as_posix()}": p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert any("/train/" in name for name in files) and any("/validation/" in name for name in files)
    assert {name: archive.read(name) for name in archive.namelist()} == files
    assert server.get("/api/runs/0123456789abcdef/tensorboard.zip").status_code == 404


def test_ten_replays_at_once_hold_pages_not_runs(server):
    run_id = server.post("/api/runs", json=moons(100)).json()["id"]
    everything = server.events(run_id)
    size = sum(len(json.dumps(e)) for e in everything)
    assert everything[-1]["status"] == "succeeded" and size > 8e6  # ~10 MB of events
    web = psutil.Process(server.proc.pid)
    server.events(run_id)  # one replay first: what any replay needs once is counted out
    base = peak = web.memory_info().rss
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, web.memory_info().rss)
            time.sleep(0.01)

    replays: list[list[dict]] = [[] for _ in range(10)]

    def replay(i: int) -> None:
        replays[i] = server.events(run_id)

    threads = [threading.Thread(target=watch)] + [threading.Thread(target=replay, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads[1:]:
        t.join()
    done.set()
    threads[0].join()
    assert all(r == everything for r in replays)
    # Whole runs in memory, as replays were before, took 530 MB here; pages, about 40.
    assert peak - base < 100 * 2**20, f"the web process grew by {(peak - base) / 2**20:.0f} MB"


def test_leaving_in_the_middle_of_a_replay_is_quiet(server):
    """A client that closes while a long replay is being sent: the server stops sending
    without an error (it once logged "Unexpected ASGI message 'websocket.send'")."""
    run_id = server.post("/api/runs", json=spec(epochs=150)).json()["id"]
    server.wait_status(run_id, TERMINAL, timeout=120)
    for read in (1, 5, 20, 60, 120, 200, 300, 400):
        with connect(ws_url(server, run_id), open_timeout=10, max_queue=None) as ws:
            for _ in range(read):
                ws.recv(timeout=10)
    time.sleep(1.0)
    assert server.get("/api/health").json()["status"] == "ok"
    log = server.log.read_text()
    assert "Unexpected ASGI message" not in log and "Exception in ASGI application" not in log, log[-3000:]
