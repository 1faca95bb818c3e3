"""A run refused because the queue is full leaves nothing behind, and what is
stored never stops the server from starting (both modes share this path)."""

from __future__ import annotations

import time

from tests.helpers import Server, spec


def test_a_full_queue_refuses_cleanly_and_a_restart_takes_every_stored_run(tmp_path):
    srv = Server(tmp_path / "full", KP_MAX_QUEUED="3", KP_RUN_TIME_LIMIT="120").start()
    try:
        blocker = srv.post("/api/runs", json=spec(epochs=400)).json()["id"]
        srv.wait_status(blocker, {"running"})
        replies = [srv.post("/api/runs", json=spec(epochs=1)) for _ in range(8)]
        accepted = [r.json()["id"] for r in replies if r.status_code == 201]
        refused = [r for r in replies if r.status_code == 429]
        assert len(accepted) == 3 and len(refused) == 5
        assert refused[0].json()["detail"] == "Too many runs are waiting (3 at most). Try again when some have finished."
        assert refused[0].headers["Retry-After"] == "30"
        listed = {r["id"] for r in srv.get("/api/runs").json()["runs"]}
        assert listed == {blocker, *accepted}  # no row for a refused run
        assert [srv.get(f"/api/runs/{r}").json()["position"] for r in accepted] == [0, 1, 2]
    finally:
        srv.stop()
    # Started again with a smaller queue than it holds: it starts, and every stored run trains.
    again = Server(tmp_path / "full", KP_MAX_QUEUED="1", KP_RUN_TIME_LIMIT="120").start()
    try:
        assert again.get(f"/api/runs/{blocker}").json()["status"] == "interrupted"
        for run_id in accepted:
            assert again.wait_status(run_id, {"succeeded", "failed"}, timeout=120)["status"] == "succeeded"
        # and the queue bound still holds for new runs
        blocker2 = again.post("/api/runs", json=spec(epochs=400)).json()["id"]
        again.wait_status(blocker2, {"running"})
        assert again.post("/api/runs", json=spec(epochs=1)).status_code == 201
        assert again.post("/api/runs", json=spec(epochs=1)).status_code == 429
        again.post(f"/api/runs/{blocker2}/cancel")
        time.sleep(0.2)
    finally:
        again.stop()
