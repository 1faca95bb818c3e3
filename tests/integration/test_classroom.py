"""Classroom mode against a real server: sessions, ownership, origins, limits,
fair order, assignments, the dashboard, one-time links, the teacher CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from app.store.runs import SPARK_POINTS, TERMINAL
from tests.helpers import ROOT, Server, spec

PASSWORD = "correct horse battery"


def cli(server: Server, *args: str, password: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", "teacher", *args], cwd=ROOT, env=server.env,
        input=(password + "\n") if password is not None else "", capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    srv = Server(
        tmp_path_factory.mktemp("classroom"), KP_MODE="classroom", KP_RUN_TIME_LIMIT="120",
        KP_LIMIT_ACTIVE_RUNS="3", KP_LIMIT_UPLOAD_MB="0.01", KP_LIMIT_STORED_RUNS="4", KP_SECRET_KEY="test-secret",
    )  # fmt: skip
    assert cli(srv, "add", "Ada", "--admin", password=PASSWORD).returncode == 0
    assert cli(srv, "add", "Grace", password=PASSWORD).returncode == 0
    srv.start()
    yield srv
    srv.stop()


class Client(httpx.Client):
    """A browser-like client of the server: keeps its cookie, says where it comes from."""

    def __init__(self, server: Server):
        super().__init__(base_url=server.url, headers={"Origin": server.url}, timeout=60)
        self.server = server

    def ws(self, path: str):
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        url = self.server.url.replace("http", "ws") + path
        return connect(url, open_timeout=10, additional_headers={"Cookie": cookie, "Origin": self.server.url})


def teacher(server: Server, name: str = "Grace") -> Client:
    c = Client(server)
    reply = c.post("/api/auth/login", json={"username": name, "password": PASSWORD})
    assert reply.status_code == 200, reply.text
    return c


def new_class(t: Client, name: str = "7B") -> dict:
    reply = t.post("/api/classes", json={"name": name})
    assert reply.status_code == 201, reply.text
    return reply.json()


def student(server: Server, code: str, name: str) -> Client:
    c = Client(server)
    reply = c.post("/api/classes/join", json={"code": code, "name": name})
    assert reply.status_code == 200, reply.text
    assert reply.json()["user"]["role"] == "student"
    return c


def read_ws(c: Client, path: str, timeout: float = 120) -> tuple[list[dict], int | None]:
    """Every message until the server closes, and the close code."""
    out = []
    with c.ws(path) as ws:
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                out.append(json.loads(ws.recv(timeout=deadline - time.monotonic())))
        except Exception:  # noqa: BLE001 - the server closed the stream
            pass
        return out, ws.close_code


def finish(c: Client, run_id: str, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = c.get(f"/api/runs/{run_id}").json()
        if run["status"] in ("succeeded", "failed", "cancelled", "interrupted"):
            return run
        time.sleep(0.2)
    raise TimeoutError(run_id)


# -- sessions -----------------------------------------------------------------------------------


def test_without_a_session_pages_redirect_and_the_api_answers_401(classroom):
    anon = Client(classroom)
    assert anon.get("/api/me").status_code == 401
    assert anon.get("/api/catalog").status_code == 401
    assert anon.post("/api/runs", json=spec()).status_code == 401
    page = anon.get("/lessons/sequential-model", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Flessons%2Fsequential-model"
    assert anon.get("/login").status_code == 200
    health = anon.get("/api/health").json()
    assert health["status"] == "ok" and health["mode"] == "classroom"


def test_login_sets_a_signed_httponly_lax_cookie_and_me_says_who(classroom):
    c = Client(classroom)
    reply = c.post("/api/auth/login", json={"username": "Grace", "password": PASSWORD})
    assert reply.status_code == 200
    assert reply.json()["user"]["name"] == "Grace" and reply.json()["user"]["role"] == "teacher"
    cookie = reply.headers["set-cookie"].lower()
    assert "kp_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie and "max-age=" in cookie
    assert "secure" not in cookie  # plain http on a school network: a Secure cookie would never come back
    me = c.get("/api/me").json()
    assert me == {"id": me["id"], "name": "Grace", "role": "teacher", "admin": False, "classes": []}
    assert c.post("/api/auth/logout").status_code == 204
    assert c.get("/api/me").status_code == 401


def test_a_wrong_name_and_a_wrong_password_get_the_same_401(classroom):
    c = Client(classroom)
    wrong_password = c.post("/api/auth/login", json={"username": "Grace", "password": "nope-nope-nope"})
    wrong_name = c.post("/api/auth/login", json={"username": "Nobody", "password": PASSWORD})
    assert wrong_password.status_code == wrong_name.status_code == 401
    assert wrong_password.json()["detail"] == wrong_name.json()["detail"] == "Wrong name or password."
    zh = c.post("/api/auth/login?lang=zh", json={"username": "Nobody", "password": PASSWORD})
    assert zh.json()["detail"] == "用户名或密码不正确。"


def test_repeated_failed_logins_are_slowed(classroom):
    c = Client(classroom)
    # an unknown name is slowed like a known one (so slowing tells nothing about who exists)
    codes = [c.post("/api/auth/login", json={"username": "Mallory", "password": f"wrong-{i}"}).status_code for i in range(11)]
    assert codes[:10] == [401] * 10 and codes[10] == 429
    refused = c.post("/api/auth/login", json={"username": "mallory", "password": PASSWORD})
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert "mallory" in refused.json()["detail"]
    assert teacher(classroom, "Grace").get("/api/me").status_code == 200  # another name is not slowed


def test_a_forged_cookie_is_no_session(classroom):
    c = Client(classroom)
    c.cookies.set("kp_session", "eyJ1aWQiOiAiYWJjIn0=.forged.signature")
    assert c.get("/api/me").status_code == 401


def test_the_teacher_cli_adds_lists_and_changes_passwords(classroom):
    listed = cli(classroom, "list")
    assert listed.returncode == 0 and "Ada\tadmin" in listed.stdout and "Grace\tteacher" in listed.stdout
    assert cli(classroom, "add", "Grace", password=PASSWORD).returncode == 2  # taken
    assert cli(classroom, "add", "Short", password="abc").returncode == 2  # too short
    assert cli(classroom, "add", "Lin", password="first password").returncode == 0
    c = Client(classroom)
    assert c.post("/api/auth/login", json={"username": "Lin", "password": "first password"}).status_code == 200
    assert cli(classroom, "passwd", "Lin", password="second password").returncode == 0
    assert c.get("/api/me").status_code == 401  # a new password ends the old sessions
    assert c.post("/api/auth/login", json={"username": "Lin", "password": "first password"}).status_code == 401
    assert c.post("/api/auth/login", json={"username": "Lin", "password": "second password"}).status_code == 200
    assert cli(classroom, "passwd", "Nobody", password="whatever123").returncode == 1
    stored = (classroom.data_dir / "playground.db").read_bytes()
    assert b"second password" not in stored and b"$argon2id$" in stored


# -- classes -------------------------------------------------------------------------------------


def test_join_with_a_code_names_taken_and_unknown_codes(classroom):
    t = teacher(classroom)
    k = new_class(t, "8A")
    assert len(k["join_code"]) == 6
    s = student(classroom, k["join_code"].lower(), "  Mei  ")
    me = s.get("/api/me").json()
    assert me["name"] == "Mei" and me["role"] == "student" and me["classes"] == [{"id": k["id"], "name": "8A"}]
    taken = Client(classroom).post("/api/classes/join", json={"code": k["join_code"], "name": "Mei"})
    assert taken.status_code == 409 and "sign-in link" in taken.json()["detail"][0]["msg"]
    unknown = Client(classroom).post("/api/classes/join", json={"code": "ZZZZZZ", "name": "Lee"})
    assert unknown.status_code == 404 and unknown.json()["detail"][0]["loc"] == ["body", "code"]
    for bad in ("", " ", "x" * 41, "tab\there"):
        reply = Client(classroom).post("/api/classes/join", json={"code": k["join_code"], "name": bad})
        assert reply.status_code == 422 and reply.json()["detail"][0]["loc"] == ["body", "name"], bad
    detail = t.get(f"/api/classes/{k['id']}").json()
    assert detail["join_code"] == k["join_code"] and [x["name"] for x in detail["students"]] == ["Mei"]
    assert s.get(f"/api/classes/{k['id']}").status_code == 404  # a student is not its teacher
    assert s.post("/api/classes", json={"name": "mine"}).status_code == 403


def test_a_roster_gives_each_student_a_link_that_works_once(classroom):
    t = teacher(classroom)
    k = new_class(t, "9C")
    reply = t.post(f"/api/classes/{k['id']}/roster", content="Name,email\nLi Wei,a@x\n王芳,b@x\nLi Wei,c@x\n".encode(), headers={"Content-Type": "text/csv"})
    assert reply.status_code == 201, reply.text
    students = reply.json()["students"]
    assert [x["name"] for x in students] == ["Li Wei", "王芳"]
    link = students[1]["link"]
    assert link.startswith("/join/")
    first = Client(classroom)
    landed = first.get(link, follow_redirects=False)
    assert landed.status_code == 303
    assert first.get("/api/me").json()["name"] == "王芳"
    again = Client(classroom)
    assert again.get(link, follow_redirects=False).status_code == 410
    assert again.get("/api/me").status_code == 401
    fresh = t.post(f"/api/classes/{k['id']}/students/{students[1]['id']}/link").json()["link"]
    assert fresh != link and Client(classroom).get(fresh, follow_redirects=False).status_code == 303
    bad = t.post(f"/api/classes/{k['id']}/roster", content=b"email\na@x\n")
    assert bad.status_code == 422 and "name column" in bad.json()["detail"]


# -- ownership -------------------------------------------------------------------------------------


def test_students_cannot_reach_each_others_runs_and_their_teacher_can(classroom):
    t = teacher(classroom)
    k = new_class(t, "10D")
    amy, ben = student(classroom, k["join_code"], "Amy"), student(classroom, k["join_code"], "Ben")
    run_id = amy.post("/api/runs", json=spec(epochs=2) | {"lesson": "sequential-model"}).json()["id"]
    done = finish(amy, run_id)
    assert done["status"] == "succeeded" and done["lesson"] == "sequential-model"

    unknown = "0123456789abcdef"
    for rid in (run_id, unknown):
        for method, path in (("get", ""), ("post", "/cancel"), ("post", "/continue"), ("post", "/share"), ("post", "/control"),
                             ("get", "/model.keras"), ("get", "/history.csv"), ("get", "/tensorboard.zip")):  # fmt: skip
            reply = getattr(ben, method)(f"/api/runs/{rid}{path}", **({"json": {"action": "pause"}} if method == "post" else {}))
            assert reply.status_code == 404, (rid, path, reply.status_code)
            assert reply.json() == {"detail": f"no run {rid!r}"}
    events, code = read_ws(ben, f"/ws/runs/{run_id}")
    assert events == [] and code == 4404
    assert ben.get("/api/runs").json() == {"runs": []}

    mine = amy.get("/api/runs").json()["runs"]
    assert [r["id"] for r in mine] == [run_id] and mine[0]["best"]["metric"] == "val_accuracy"
    assert amy.get(f"/api/runs/{run_id}/model.keras").status_code == 200
    events, code = read_ws(amy, f"/ws/runs/{run_id}")
    assert events[-1]["status"] == "succeeded" and code == 1000

    assert t.get(f"/api/runs/{run_id}").status_code == 200
    assert t.get(f"/api/runs/{run_id}/history.csv").status_code == 200
    events, _ = read_ws(t, f"/ws/runs/{run_id}")
    assert events[-1]["status"] == "succeeded"
    in_class = t.get(f"/api/runs?class={k['id']}").json()["runs"]
    assert [r["id"] for r in in_class] == [run_id]
    other = teacher(classroom, "Ada")  # an admin sees everything
    assert other.get(f"/api/runs/{run_id}").status_code == 200
    lin_class = new_class(other, "elsewhere")
    assert t.get(f"/api/runs?class={lin_class['id']}").status_code == 404


def test_a_share_link_shows_a_run_read_only(classroom):
    t = teacher(classroom)
    k = new_class(t, "share")
    amy = student(classroom, k["join_code"], "Amy")
    run_id = amy.post("/api/runs", json=spec(epochs=1)).json()["id"]
    finish(amy, run_id)
    url = amy.post(f"/api/runs/{run_id}/share").json()["url"]
    assert url.startswith("/shared/") and len(url) > 30
    assert amy.post(f"/api/runs/{run_id}/share").json()["url"] == url
    token = url.removeprefix("/shared/")
    anyone = Client(classroom)
    assert anyone.get(url).status_code == 200
    shared = anyone.get(f"/api/shared/{token}").json()
    assert shared["id"] == run_id and shared["status"] == "succeeded" and len(shared["epochs"]) == 1
    events, _ = read_ws(anyone, f"/ws/shared/{token}")
    assert events[-1]["status"] == "succeeded"
    # read-only: the link opens nothing else
    assert anyone.get(f"/api/runs/{run_id}").status_code == 401
    assert anyone.post(f"/api/runs/{run_id}/cancel").status_code == 401
    assert anyone.get("/api/shared/not-a-token").status_code == 404


def test_health_shows_run_ids_to_admins_only(classroom):
    t = teacher(classroom)
    k = new_class(t, "health")
    amy = student(classroom, k["join_code"], "Amy")
    run_id = amy.post("/api/runs", json=spec(epochs=40)).json()["id"]
    deadline = time.monotonic() + 60
    while amy.get(f"/api/runs/{run_id}").json()["status"] != "running" and time.monotonic() < deadline:
        time.sleep(0.1)
    for who in (Client(classroom), amy, t):
        text = who.get("/api/health").text
        assert run_id not in text and "run_id" not in text
    admin = teacher(classroom, "Ada").get("/api/health").json()
    assert run_id in [w["run_id"] for w in admin["workers"]]
    amy.post(f"/api/runs/{run_id}/cancel")
    finish(amy, run_id)


# -- origins ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:1"])
def test_a_cross_origin_post_and_websocket_are_refused_in_classroom_mode(classroom, origin):
    t = teacher(classroom)
    reply = t.post("/api/classes", json={"name": "x"}, headers={"Origin": origin})
    assert reply.status_code == 403 and "another site" in reply.json()["detail"]
    no_origin = httpx.post(classroom.url + "/api/classes", json={"name": "x"}, cookies=t.cookies)
    assert no_origin.status_code == 403  # a cookie must say where it comes from
    with_referer = httpx.post(classroom.url + "/api/classes", json={"name": "ok"}, cookies=t.cookies, headers={"Referer": classroom.url + "/"})
    assert with_referer.status_code == 201
    cookie = "; ".join(f"{k}={v}" for k, v in t.cookies.items())
    url = classroom.url.replace("http", "ws") + "/ws/runs/0123456789abcdef"
    with pytest.raises(InvalidStatus) as refused:
        connect(url, additional_headers={"Cookie": cookie, "Origin": origin}, open_timeout=10)
    assert refused.value.response.status_code == 403


def test_a_cross_origin_post_is_refused_in_personal_mode(server):
    refused = httpx.post(server.url + "/api/uploads", content=b"a,b\n1,2\n", headers={"Origin": "http://evil.example"})
    assert refused.status_code == 403
    refused = httpx.post(server.url + "/api/runs", json=spec(), headers={"Origin": "http://evil.example"})
    assert refused.status_code == 403
    with pytest.raises(InvalidStatus):
        connect(server.url.replace("http", "ws") + "/ws/runs/0123456789abcdef", additional_headers={"Origin": "http://evil.example"}, open_timeout=10)
    # the app's own pages and cookie-less clients (curl) go on as before
    same = httpx.post(server.url + "/api/inspect", json=spec(), headers={"Origin": server.url})
    assert same.status_code == 200
    assert httpx.post(server.url + "/api/inspect", json=spec()).status_code == 200


def test_personal_mode_me_is_the_personal_user(server):
    assert server.get("/api/me").json() == {"id": None, "name": None, "role": "personal", "admin": True, "classes": []}
    assert server.post("/api/auth/login", json={"username": "a", "password": "b"}).status_code == 404


# -- limits and the fair queue -----------------------------------------------------------------


def test_active_run_and_upload_limits_say_which_and_leave_nothing(classroom):
    t = teacher(classroom)
    k = new_class(t, "limits")
    amy = student(classroom, k["join_code"], "Amy")
    ids = [amy.post("/api/runs", json=spec(epochs=200)).json()["id"] for _ in range(3)]
    before = amy.get("/api/runs").json()["runs"]
    refused = amy.post("/api/runs", json=spec(epochs=200))
    assert refused.status_code == 429
    assert "3 runs queued or training" in refused.json()["detail"] and "(3)" in refused.json()["detail"]
    assert amy.get("/api/runs").json()["runs"] == before
    zh = amy.post("/api/runs?lang=zh", json=spec(epochs=200))
    assert zh.status_code == 429 and "上限" in zh.json()["detail"]
    for run_id in ids:
        amy.post(f"/api/runs/{run_id}/cancel")
    for run_id in ids:
        finish(amy, run_id)
    assert amy.post("/api/runs", json=spec(epochs=1)).status_code == 201  # freed

    csv = ("x,y\n" + "".join(f"{i},{i % 2}\n" for i in range(1200))).encode()
    assert 6000 < len(csv) < 10_000  # one fits the limit of 0.01 MB, two do not
    assert amy.post("/api/uploads", content=csv).status_code == 201
    over = amy.post("/api/uploads", content=csv)
    assert over.status_code == 429 and "MB" in over.json()["detail"]
    admin = teacher(classroom, "Ada")
    storage = {c["name"]: c for c in admin.get("/api/admin").json()["storage"]}
    assert storage["limits"]["bytes"] >= len(csv)


def test_three_users_queued_runs_interleave_and_a_teachers_go_first(classroom):
    t = teacher(classroom)
    k = new_class(t, "fair")
    users = {name: student(classroom, k["join_code"], name) for name in ("A", "B", "C")}
    blocker = t.post("/api/runs", json=spec(epochs=300)).json()["id"]
    deadline = time.monotonic() + 60
    while t.get(f"/api/runs/{blocker}").json()["status"] != "running" and time.monotonic() < deadline:
        time.sleep(0.1)
    owner_of = {}
    for name, c in users.items():
        for _ in range(3):
            owner_of[c.post("/api/runs", json=spec(epochs=1)).json()["id"]] = name
    teachers_run = t.post("/api/runs", json=spec(epochs=1)).json()["id"]
    admin = teacher(classroom, "Ada")
    queue = admin.get("/api/admin").json()["queue"]
    assert queue[0]["run_id"] == teachers_run and queue[0]["owner_name"] == "Grace"
    order = [owner_of[q["run_id"]] for q in queue[1:]]
    assert order == ["A", "B", "C"] * 3
    # the positions each run was told agree with the order
    for q in queue:
        c = t
        assert c.get(f"/api/runs/{q['run_id']}").json()["position"] == q["position"]
    # an admin may cancel anyone's run
    assert admin.post(f"/api/runs/{queue[1]['run_id']}/cancel").status_code == 202
    assert finish(t, queue[1]["run_id"])["status"] == "cancelled"
    for run_id in [blocker, teachers_run, *owner_of]:
        t.post(f"/api/runs/{run_id}/cancel")


def test_runs_beyond_the_stored_limit_are_deleted_oldest_first_with_their_files(classroom):
    t = teacher(classroom)
    amy = student(classroom, new_class(t, "stored")["join_code"], "Amy")
    made = []
    for _ in range(5):
        made.append(amy.post("/api/runs", json=spec(epochs=1)).json()["id"])
        finish(amy, made[-1])
    assert (classroom.data_dir / "runs" / made[1] / "model.keras").is_file()
    assert [r["id"] for r in amy.get("/api/runs").json()["runs"]] == made[::-1][:4]
    assert amy.get(f"/api/runs/{made[0]}").status_code == 404
    assert not (classroom.data_dir / "runs" / made[0]).exists()


# -- assignments and the dashboard ---------------------------------------------------------------


def test_locked_fields_of_an_assignment_are_enforced(classroom):
    t = teacher(classroom)
    k = new_class(t, "assign")
    amy = student(classroom, k["join_code"], "Amy")
    task = {"title": "Beat 0.8", "lesson": "sequential-model", "spec": spec(epochs=3),
            "locked": ["dataset", "model.layers", "fit.epochs"], "goal": {"metric": "val_accuracy", "mode": "max", "target": 0.8, "max_epochs": 3}}  # fmt: skip
    made = t.post(f"/api/classes/{k['id']}/assignments", json=task)
    assert made.status_code == 201, made.text
    aid = made.json()["id"]
    listed = amy.get("/api/assignments").json()["assignments"]
    assert [a["id"] for a in listed] == [aid] and listed[0]["locked"] == task["locked"]
    assert amy.get(f"/api/assignments/{aid}").json()["spec"]["fit"]["epochs"] == 3

    changed = spec(epochs=5)
    changed["model"]["layers"][0]["config"]["units"] = 32
    changed["fit"]["batch_size"] = 16  # not locked: may change
    reply = amy.post("/api/runs", json=changed | {"assignment": aid})
    assert reply.status_code == 422
    locs = [d["loc"] for d in reply.json()["detail"]]
    assert ["body", "model", "layers"] in locs and ["body", "fit", "epochs"] in locs
    assert all("Beat 0.8" in d["msg"] for d in reply.json()["detail"])
    ok = spec(epochs=3)
    ok["fit"]["batch_size"] = 16
    run = amy.post("/api/runs", json=ok | {"assignment": aid})
    assert run.status_code == 201, run.text
    finish(amy, run.json()["id"])
    progress = t.get(f"/api/assignments/{aid}/progress").json()["students"]
    assert progress[0]["name"] == "Amy" and progress[0]["run"] == run.json()["id"] and isinstance(progress[0]["best"], float)
    assert progress[0]["reached"] == (progress[0]["best"] >= 0.8)
    exported = t.get(f"/api/assignments/{aid}/progress.csv")
    assert exported.status_code == 200 and "Amy" in exported.text and "val_accuracy" in exported.text
    assert amy.get(f"/api/assignments/{aid}/progress").status_code == 404

    bad = t.post(f"/api/classes/{k['id']}/assignments", json=task | {"locked": ["fit.nope"]})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "locked", 0]
    bad = t.post(f"/api/classes/{k['id']}/assignments", json=task | {"goal": {"metric": "val_accuracy", "mode": "up", "target": 1}})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "goal"]
    outsider = student(classroom, new_class(t, "other")["join_code"], "Zed")
    assert outsider.post("/api/runs", json=ok | {"assignment": aid}).status_code == 422


def test_the_dashboard_follows_a_student_while_they_train(classroom):
    t = teacher(classroom)
    k = new_class(t, "dash")
    amy, ben = student(classroom, k["join_code"], "Amy"), student(classroom, k["join_code"], "Ben")
    first = t.get(f"/api/classes/{k['id']}/dashboard").json()
    assert [(s["name"], s["run"], s["best"]) for s in first["students"]] == [("Amy", None, None), ("Ben", None, None)]
    # long enough to be seen moving however fast a warm worker trains (it is cancelled once seen)
    run_id = amy.post("/api/runs", json=spec(epochs=1000)).json()["id"]
    seen = set()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        row = t.get(f"/api/classes/{k['id']}/dashboard").json()["students"][0]
        if row["run"]:
            seen.add((row["run"]["status"], row["run"]["epoch"]))
            if row["run"]["status"] in TERMINAL or (row["run"]["epoch"] or 0) >= SPARK_POINTS + 5:
                break
        time.sleep(0.1)
    epochs = sorted(e for s, e in seen if s == "running" and e is not None)
    assert row["run"]["id"] == run_id and row["run"]["status"] == "running" and "loss" in row["run"]["logs"]
    assert len(epochs) >= 3, seen  # it moved while the run trained
    assert len(row["run"]["spark"]) == SPARK_POINTS  # the newest losses only
    assert amy.post(f"/api/runs/{run_id}/cancel").status_code == 202
    deadline = time.monotonic() + 30
    while amy.get(f"/api/runs/{run_id}").json()["status"] not in TERMINAL and time.monotonic() < deadline:
        time.sleep(0.1)
    assert ben.get(f"/api/classes/{k['id']}/dashboard").status_code == 404
    # every run of a student, not only the newest: the count on the dashboard, the list on demand
    second = amy.post("/api/runs", json=spec(epochs=1)).json()["id"]
    rows = {s["name"]: s for s in t.get(f"/api/classes/{k['id']}/dashboard").json()["students"]}
    assert (rows["Amy"]["runs"], rows["Ben"]["runs"], rows["Amy"]["run"]["id"]) == (2, 0, second)
    listed = t.get(f"/api/runs?class={k['id']}&student={rows['Amy']['id']}").json()["runs"]
    assert [r["id"] for r in listed] == [second, run_id] and {r["owner"] for r in listed} == {rows["Amy"]["id"]}
    assert t.get(f"/api/runs?class={k['id']}&student={rows['Ben']['id']}").json() == {"runs": []}
    other = new_class(t, "other")
    stranger = student(classroom, other["join_code"], "Cy").get("/api/me").json()["id"]
    missing = t.get(f"/api/runs?class={k['id']}&student={stranger}", headers={"Accept-Language": "zh"})
    assert missing.status_code == 404 and missing.json()["detail"].startswith("没有学生")
    assert ben.get(f"/api/runs?class={k['id']}&student={rows['Amy']['id']}").status_code == 404


def test_a_teachers_queued_run_stays_ahead_of_the_students_across_a_restart(tmp_path):
    srv = Server(tmp_path / "restart", KP_MODE="classroom", KP_SECRET_KEY="test-secret", KP_RUN_TIME_LIMIT="120")
    assert cli(srv, "add", "Grace", password=PASSWORD).returncode == 0
    srv.start()
    try:
        t = teacher(srv)
        amy = student(srv, new_class(t, "R")["join_code"], "Amy")
        blocker = amy.post("/api/runs", json=spec(epochs=400)).json()["id"]
        deadline = time.monotonic() + 60
        while amy.get(f"/api/runs/{blocker}").json()["status"] != "running" and time.monotonic() < deadline:
            time.sleep(0.1)
        amys = amy.post("/api/runs", json=spec(epochs=1)).json()["id"]
        graces = t.post("/api/runs", json=spec(epochs=1)).json()["id"]
        assert [t.get(f"/api/runs/{r}").json()["position"] for r in (graces, amys)] == [0, 1]
        srv.stop()
        srv.start()  # same port and key: both clients' sessions still hold
        done = {}
        for run_id in (graces, amys):
            deadline = time.monotonic() + 120
            while (run := t.get(f"/api/runs/{run_id}").json())["status"] not in TERMINAL and time.monotonic() < deadline:
                time.sleep(0.1)
            done[run_id] = run
        assert t.get(f"/api/runs/{blocker}").json()["status"] == "interrupted"
        assert [done[r]["status"] for r in (graces, amys)] == ["succeeded", "succeeded"]
        assert done[graces]["started_at"] < done[amys]["started_at"]  # the teacher's run went first again
    finally:
        srv.stop()


def test_behind_tls_the_session_cookie_is_secure(tmp_path):
    srv = Server(tmp_path / "tls", KP_MODE="classroom", KP_SECRET_KEY="test-secret", KP_SECURE_COOKIES="1")
    assert cli(srv, "add", "Grace", password=PASSWORD).returncode == 0
    srv.start(wait_workers=False)
    try:
        reply = Client(srv).post("/api/auth/login", json={"username": "Grace", "password": PASSWORD})
        assert reply.status_code == 200
        assert "; secure" in reply.headers["set-cookie"].lower()
    finally:
        srv.stop()
