"""Classroom mode in Chromium: a teacher signs in and makes a class, students
join (one in Chinese), the dashboard follows their training without a reload,
an assignment locks its fields in the playground, one-time links, admin, and
axe on every classroom page."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.browser.conftest import ARGS, CHROMIUM  # noqa: F401 - the same browser settings
from tests.browser.pw import ready, wait_status
from tests.browser.test_accessibility import violations
from tests.helpers import ROOT, Server, spec

PASSWORD = "a teacher's password"


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("classroom-pages"), KP_MODE="classroom", KP_RUN_TIME_LIMIT="120", KP_SECRET_KEY="pages-secret")
    for name, flags in (("Ada", ["--admin"]), ("Grace", [])):
        done = subprocess.run([sys.executable, "-m", "app", "teacher", "add", name, *flags], cwd=ROOT, env=srv.env, input=PASSWORD + "\n", text=True, capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def visit(browser, classroom):
    """Fresh browser contexts (each its own cookie jar) on the classroom server."""
    contexts = []

    def open_page(lang: str = "en"):
        context = browser.new_context(bypass_csp=True, viewport={"width": 1300, "height": 950}, base_url=classroom.url, locale="zh-CN" if lang == "zh" else "en-US")
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        return page

    yield open_page
    for context in contexts:
        context.close()


def sign_in(page, name: str = "Grace", next_path: str = "") -> None:
    page.goto(f"/login{next_path}")
    page.get_by_test_id("login-username").fill(name)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-password").press("Enter")  # the keyboard is enough


def class_card(page, name: str):
    return page.get_by_test_id("class-card").filter(has=page.get_by_role("heading", name=name, exact=True))


def make_class(page, name: str) -> str:
    page.get_by_test_id("class-name").fill(name)
    page.get_by_test_id("class-name").press("Enter")
    card = class_card(page, name)
    card.wait_for()
    return card.get_by_test_id("join-code").inner_text()


def join(page, code: str, name: str, lang: str = "en") -> None:
    page.goto(f"/join?lang={lang}")
    page.get_by_test_id("join-code").fill(code)
    page.get_by_test_id("join-name").fill(name)
    page.get_by_test_id("join-submit").click()
    page.wait_for_url("**/home")


def test_without_a_session_a_page_goes_to_login_and_back(visit):
    page = visit()
    page.goto("/lessons/sequential-model")
    assert "/login?next=" in page.url
    page.get_by_test_id("login-username").fill("Grace")
    page.get_by_test_id("login-password").fill("not the password")
    page.get_by_test_id("login-submit").click()
    error = page.locator("[data-form=login] [data-slot=error]")
    error.wait_for()
    assert error.inner_text() == "Wrong name or password."
    assert "/login" in page.url  # a wrong password is not a redirect
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-password").press("Enter")
    page.wait_for_url("**/lessons/sequential-model")
    ready(page)
    assert page.get_by_test_id("signed-in-as").inner_text() == "Signed in as Grace"
    page.get_by_test_id("sign-out").click()
    page.wait_for_url("**/login")
    assert page.errors == []


def test_a_class_joins_and_the_dashboard_follows_a_student_live(visit, classroom):
    teacher = visit()
    sign_in(teacher)
    teacher.wait_for_url("**/home")
    code = make_class(teacher, "Year 9")
    assert re.fullmatch(r"[A-Z2-9]{6}", code)

    amy, mei = visit(), visit("zh")
    join(amy, code, "Amy")
    join(mei, code, "美", lang="zh")
    assert mei.get_by_role("heading", level=1).inner_text() == "我的主页"
    assert mei.locator("[data-slot=assignments-empty]").inner_text() == "暂时没有作业：老师还没有布置。"
    taken = visit()
    taken.goto("/join")
    taken.get_by_test_id("join-code").fill(code)
    taken.get_by_test_id("join-name").fill("Amy")
    taken.get_by_test_id("join-submit").click()
    taken.locator("[data-form=join] [data-slot=error]").wait_for()
    assert "sign-in link" in taken.locator("[data-form=join] [data-slot=error]").inner_text()
    assert taken.get_by_test_id("join-name").get_attribute("aria-invalid") == "true"

    teacher.reload()
    class_card(teacher, "Year 9").get_by_test_id("open-dashboard").click()
    rows = teacher.get_by_test_id("dashboard-student")
    rows.first.wait_for()
    assert rows.count() == 2 and rows.first.locator("th").inner_text() == "Amy"
    assert rows.first.get_by_test_id("student-status").inner_text() == "not started"

    # Amy trains from the lesson page; the teacher's dashboard follows without a reload.
    amy.goto("/lessons/sequential-model")
    ready(amy)
    amy.fill('[data-testid="field-fit.epochs"]', "25")
    amy.click("[data-testid=train-button]")
    wait_status(amy, "running")
    amy_row = teacher.locator('[data-testid=dashboard-student]:has(th:text-is("Amy"))')
    teacher.wait_for_function("() => { const e = document.querySelector('[data-testid=dashboard-student] [data-testid=student-epoch]'); return e && Number(e.textContent) >= 2; }", timeout=60_000)
    first_epoch = int(amy_row.get_by_test_id("student-epoch").inner_text())
    teacher.wait_for_function(f"() => Number(document.querySelector('[data-testid=dashboard-student] [data-testid=student-epoch]').textContent) > {first_epoch}", timeout=10_000)
    assert amy_row.locator("svg.spark polyline").count() == 1
    wait_status(amy, "succeeded")
    teacher.wait_for_function("document.querySelector('[data-testid=dashboard-student] [data-testid=student-status]').textContent === 'Finished'", timeout=10_000)
    # the row lists all of Amy's runs on demand; each links to the run's page, which shows its epochs
    runs = amy_row.get_by_test_id("student-runs")
    assert runs.locator("summary").inner_text() == "1 run"
    runs.locator("summary").click()
    runs.get_by_test_id("student-run-link").wait_for()
    assert runs.get_by_test_id("student-run-link").get_attribute("href") == amy_row.get_by_test_id("student-status").locator("a").get_attribute("href")
    runs.get_by_test_id("student-run-link").click()
    teacher.get_by_test_id("run-epochs").locator("tbody tr").nth(24).wait_for()
    assert teacher.errors == [] and amy.errors == []


def test_an_assignment_locks_its_fields_in_the_playground(visit, classroom):
    teacher = visit()
    sign_in(teacher)
    teacher.wait_for_url("**/home")
    code = make_class(teacher, "Assigned")
    student = visit()
    join(student, code, "Ben")
    class_card(teacher, "Assigned").get_by_test_id("open-dashboard").click()
    teacher.get_by_test_id("new-assignment").locator("summary").click()
    teacher.get_by_test_id("assignment-title").fill("Two hidden layers")
    teacher.get_by_test_id("assignment-lesson").select_option("sequential-model")
    teacher.get_by_test_id("assignment-locked").fill("dataset\nmodel.layers\nfit.epochs")
    teacher.get_by_test_id("assignment-create").click()
    teacher.get_by_test_id("dashboard-assignment").filter(has_text="Two hidden layers").wait_for()

    student.reload()
    student.get_by_test_id("assignment").filter(has_text="Two hidden layers").get_by_test_id("open-assignment").click()
    ready(student)
    assert "Two hidden layers" in student.get_by_test_id("assignment-banner").inner_text()
    for testid in ("field-dataset.name", "field-fit.epochs", "add-layer", "layer-0-remove", "field-model.layers.0.config.units"):
        assert student.get_by_test_id(testid).is_disabled(), testid
    assert student.get_by_test_id("field-fit.batch_size").is_enabled()  # not locked
    # a locked field changed behind the form's back is still refused by the server
    refused = student.evaluate("""async () => {
        const spec = (await import('/static/js/playground/state.js')).spec.get();
        const body = JSON.parse(JSON.stringify(spec));
        body.fit.epochs = 99;
        body.assignment = new URLSearchParams(location.search).get('assignment');
        const r = await fetch('/api/runs', {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(body)});
        return [r.status, (await r.json()).detail[0].loc];
    }""")
    assert refused == [422, ["body", "fit", "epochs"]]
    student.fill('[data-testid="field-fit.batch_size"]', "16")
    student.click("[data-testid=train-button]")
    wait_status(student, "succeeded")
    progress = teacher.get_by_test_id("student-best")
    progress.first.locator("a").wait_for(timeout=10_000)
    assert "Goal reached" in progress.first.inner_text()
    assert student.errors == [] and teacher.errors == []


def test_a_one_time_link_signs_in_once(visit, classroom):
    teacher = visit()
    sign_in(teacher)
    teacher.wait_for_url("**/home")
    make_class(teacher, "Links")
    card = class_card(teacher, "Links")
    card.get_by_test_id("roster-file").set_input_files(files=[{"name": "roster.csv", "mimeType": "text/csv", "buffer": b"name\nLi Wei\nZoe\n"}])
    card.get_by_test_id("sign-in-link").nth(1).wait_for()
    link = card.get_by_test_id("sign-in-link").nth(1).inner_text()
    assert link.startswith(classroom.url + "/join/")
    first = visit()
    first.goto(link)
    first.wait_for_url("**/home")
    assert first.get_by_test_id("signed-in-as").inner_text() == "Signed in as Zoe"
    second = visit("zh")
    second.goto(link + "?lang=zh")
    assert "已使用或已过期" in second.get_by_test_id("link-gone").inner_text()


def test_admin_sees_workers_queue_and_teachers(visit, classroom):
    admin = visit()
    sign_in(admin, "Ada")
    admin.wait_for_url("**/home")
    admin.get_by_test_id("nav-admin").click()
    admin.get_by_test_id("admin-workers").locator("tbody tr").first.wait_for()
    assert {"Ada", "Grace"} <= {x.strip().removesuffix(" (Admin)") for x in admin.get_by_test_id("admin-teachers").locator("li").all_inner_texts()}
    admin.get_by_test_id("cleanup-days").fill("3650")
    admin.get_by_test_id("cleanup").click()
    admin.get_by_text("Deleted 0 runs.").wait_for()
    teacher = visit()
    sign_in(teacher)
    teacher.wait_for_url("**/home")
    assert teacher.get_by_test_id("nav-admin").count() == 0
    assert teacher.request.get(f"{classroom.url}/api/admin").status == 403


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_classroom_pages_pass_axe(visit, classroom, lang):
    page = visit(lang)
    page.goto(f"/login?lang={lang}")
    assert violations(page) == []
    page.goto(f"/join?lang={lang}")
    assert violations(page) == []
    sign_in(page, "Ada", f"?lang={lang}")
    page.wait_for_url("**/home")
    code = make_class(page, f"axe {lang}")
    page.goto(f"/home?lang={lang}")
    page.get_by_test_id("class-card").first.wait_for()
    assert violations(page) == []
    class_card(page, f"axe {lang}").get_by_test_id("open-dashboard").click()
    page.get_by_test_id("dashboard").wait_for()
    assert violations(page) == []
    page.goto(f"/admin?lang={lang}")
    page.get_by_test_id("admin-workers").locator("tbody tr").first.wait_for()
    assert violations(page) == []
    student = visit(lang)
    join(student, code, "Axe", lang=lang)
    assert violations(student) == []
    run_id = student.evaluate("async (s) => (await (await fetch('/api/runs', {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(s)})).json()).id", spec(epochs=1))
    student.goto(f"/runs/{run_id}?lang={lang}")
    student.get_by_test_id("run-epochs").locator("tbody tr").first.wait_for(timeout=60_000)
    assert violations(student) == []
