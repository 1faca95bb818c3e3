"""Accounts without a server: names, passwords, the throttle, origins, limits."""

from __future__ import annotations

import time

import pytest

from app.accounts import passwords
from app.accounts.errors import AccountError
from app.accounts.guard import is_public, origin_of
from app.accounts.throttle import LoginThrottle
from app.accounts.users import AccountStore, User, clean_name, session_user
from app.runs import limits
from app.settings import Settings
from app.store.db import make_engine
from app.store.runs import RunStore


@pytest.fixture
def engine(tmp_path):
    return make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")


def test_names_are_trimmed_printable_and_short():
    assert clean_name("  Mei  ") == "Mei" and clean_name("王芳") == "王芳"
    for bad in ("", "   ", "x" * 41, "a\tb", "a\x00b", None, 5):
        with pytest.raises(AccountError) as e:
            clean_name(bad)
        assert e.value.status == 422 and e.value.loc == ("name",)
    assert "1 到 40" in e.value.detail("zh")[0]["msg"]


def test_passwords_are_argon2_and_verify_only_themselves():
    stored = passwords.hash_password("a good password")
    assert stored.startswith("$argon2id$") and "a good password" not in stored
    assert passwords.verify(stored, "a good password")
    assert not passwords.verify(stored, "a good passworD")
    assert not passwords.verify(None, "anything")
    assert not passwords.verify("not-a-hash", "anything")


def test_teachers_students_links_and_sessions(engine):
    accounts = AccountStore(engine)
    grace = accounts.add_teacher("Grace", "long enough pw")
    assert accounts.authenticate("grace", "long enough pw").id == grace.id  # names are not case sensitive
    assert accounts.authenticate("Grace", "wrong password") is None
    with pytest.raises(AccountError) as taken:
        accounts.add_teacher("GRACE", "long enough pw")
    assert taken.value.status == 409
    k = accounts.create_class(grace, "7B")
    mei = accounts.join(k["join_code"], "Mei")
    assert mei.role == "student" and mei.class_id == k["id"] and accounts.teaches(grace, mei.id)
    link = accounts.new_link(mei.id)
    token = link.removeprefix("/join/")
    assert accounts.use_link(token).id == mei.id
    assert accounts.use_link(token) is None  # once
    assert session_user(accounts, {"uid": grace.id, "sv": 1}).id == grace.id
    accounts.set_password("Grace", "another long pw")
    assert session_user(accounts, {"uid": grace.id, "sv": 1}) is None  # old sessions end
    assert session_user(accounts, {"uid": "nobody", "sv": 1}) is None


def test_the_throttle_slows_a_name_after_ten_failures_in_a_minute():
    throttle = LoginThrottle(limit=10, window=0.5)
    for _ in range(9):
        throttle.failed("Ada")
    assert throttle.wait("ada") == 0
    throttle.failed("ADA")
    assert throttle.wait("Ada") >= 1 and throttle.wait("Bob") == 0
    time.sleep(0.6)
    assert throttle.wait("Ada") == 0
    throttle.failed("Ada")
    throttle.succeeded("Ada")
    assert throttle.wait("Ada") == 0


def test_origins_compare_scheme_host_and_port():
    assert origin_of("http://Example.org") == "http://example.org:80"
    assert origin_of("https://example.org/a/b?c") == "https://example.org:443"
    assert origin_of("http://127.0.0.1:8000/lessons") == "http://127.0.0.1:8000"
    for bad in ("null", "", "javascript:alert(1)", "file:///etc/passwd", "http://"):
        assert origin_of(bad) is None
    assert is_public("/static/app.css") and is_public("/join/abc") and is_public("/api/health")
    assert not is_public("/api/runs") and not is_public("/lessons/x") and not is_public("/ws/runs/x")


def test_run_limits_name_the_limit_and_when_it_frees(engine):
    store = RunStore(engine)
    settings = Settings(mode="classroom", limit_active_runs=2, limit_runs_per_hour=3)
    amy = User(id="amy", name="Amy", role="student")
    limits.check_run(store, amy, settings)
    a = store.create_run({}, owner_id="amy")
    b = store.create_run({}, owner_id="amy")
    with pytest.raises(AccountError) as active:
        limits.check_run(store, amy, settings)
    assert active.value.status == 429 and "(2)" in str(active.value)
    for run_id in (a, b):
        store.append_event(run_id, {"type": "status", "status": "succeeded"})
    store.create_run({}, owner_id="amy")
    store.append_event(store.list_runs(["amy"])[0]["id"], {"type": "status", "status": "cancelled"})
    with pytest.raises(AccountError) as hourly:
        limits.check_run(store, amy, settings, now=time.time())
    assert hourly.value.status == 429 and ("60 min" in str(hourly.value) or "59 min" in str(hourly.value))
    assert 3500 < int(hourly.value.headers["Retry-After"]) <= 3600
    limits.check_run(store, amy, settings, now=time.time() + 3601)  # an hour later: free
    admin = User(id="root", name="Root", role="teacher", admin=True)
    for _ in range(3):
        store.create_run({}, owner_id="root")
    limits.check_run(store, admin, settings)  # admins are not limited
    limits.check_run(store, amy, Settings())  # personal mode has no limits
