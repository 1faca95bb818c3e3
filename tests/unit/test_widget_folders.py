"""A widget is exactly one folder (app/widgets/<folder>/: __init__.py, compute.py
when it has a task, widget.js), and everything else finds it there: the
registry, the request checks, the worker's tasks, the routes, the served
module. The web process never imports a widget's Keras computation."""

from __future__ import annotations

import fnmatch
import itertools
import re
import subprocess
import sys
import textwrap
import tomllib

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

from app.api.static import Static
from app.explore.widgets import check_request
from app.spec.errors import SpecError
from app.widgets import TASKS, WIDGETS
from app.widgets.registry import CALCULATORS, WidgetFolderError, discover
from tests.helpers import ROOT

HERE = ROOT / "app" / "widgets"
FOLDERS = sorted(p for p in HERE.iterdir() if p.is_dir() and p.name != "__pycache__")

ENTRY = """\
from app.i18n import T
from app.widgets.params import integer
from app.widgets.registry import Widget

WIDGET = Widget(
    title=T("Hello", "你好"),
    task="hello",
    request=(integer("n", 1, 0, 10, "How many.", "多少。"),),
)
"""
COMPUTE = """\
def run(request, config):
    return {"ok": True, "result": {"twice": 2 * request["n"]}}
"""
SCRIPT = 'import { h } from "../util.js";\nexport function mount(body, context) { body.append(h("p", {}, "hi")); }\n'
CALCULATOR_ENTRY = """\
from app.i18n import T
from app.widgets.registry import Widget

WIDGET = Widget(title=T("Calc", "计算"), uses=("loss",))
"""
_packages = itertools.count()


def package(tmp_path, monkeypatch, folders: dict[str, dict[str, str]]) -> tuple[str, object]:
    """A throwaway package of widget folders on sys.path: (its name, its folder)."""
    name = f"kp_throwaway_widgets_{next(_packages)}"
    root = tmp_path / name
    root.mkdir()
    (root / "__init__.py").write_text("")
    for folder, files in folders.items():
        (root / folder).mkdir()
        for file, text in files.items():
            (root / folder / file).write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return name, root


def test_a_new_widget_is_one_folder(tmp_path, monkeypatch):
    name, root = package(tmp_path, monkeypatch, {
        "hello_world": {"__init__.py": ENTRY, "compute.py": COMPUTE, "widget.js": SCRIPT},
        "calc": {"__init__.py": CALCULATOR_ENTRY, "widget.js": SCRIPT},
    })  # fmt: skip
    widgets = discover(name, root)
    assert list(widgets) == ["calc", "hello-world"]
    hello = widgets["hello-world"]
    assert (hello.task, hello.lane_task, hello.api) == ("hello", "widget_hello", "/api/explore/hello")
    assert widgets["calc"].api == "/api/explore/loss"
    # the request is checked from the entry alone, and the computation is not imported for that
    assert check_request(hello, {}) == {"n": 1}
    with pytest.raises(SpecError) as e:
        check_request(hello, {"n": 11, "m": 1})
    assert sorted(i.loc for i in e.value.issues) == [("m",), ("n",)]
    assert f"{name}.hello_world.compute" not in sys.modules
    assert hello.run({"n": 3}, {}) == {"ok": True, "result": {"twice": 6}}  # what the worker's task calls
    assert f"{name}.hello_world.compute" in sys.modules
    # the front end, served where its relative imports work; nothing else of the folder
    static = tmp_path / "static"
    (static / "js" / "widgets").mkdir(parents=True)
    (static / "js" / "widgets" / "common.js").write_text("export const x = 1;\n")
    client = TestClient(Starlette(routes=[Mount("/static", Static(directory=static, widgets=widgets))]))
    assert client.get("/static/js/widgets/hello-world.js").text == SCRIPT
    assert client.get("/static/js/widgets/hello-world.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/js/widgets/common.js").status_code == 200
    for path in ("/static/js/widgets/hello_world/compute.py", "/static/js/widgets/hello_world/widget.js", "/static/js/widgets/nothing.js"):
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize(
    ("folders", "expected"),
    [
        ({"hello": {"__init__.py": ENTRY, "compute.py": COMPUTE}}, "no widget.js"),
        ({"hello": {"__init__.py": ENTRY, "widget.js": SCRIPT}}, "no compute.py"),
        ({"calc": {"__init__.py": CALCULATOR_ENTRY, "compute.py": COMPUTE, "widget.js": SCRIPT}}, "an unexpected compute.py"),
        ({"calc": {"__init__.py": "WIDGET = 1\n", "widget.js": SCRIPT}}, "expected WIDGET = Widget(...)"),
        ({"calc": {"__init__.py": CALCULATOR_ENTRY.replace('"loss"', '"nothing"'), "widget.js": SCRIPT}}, "`uses` names ['nothing']"),
        ({"calc": {"__init__.py": CALCULATOR_ENTRY.replace('uses=("loss",)', ""), "widget.js": SCRIPT}}, "received neither"),
        ({"a": {"__init__.py": ENTRY, "compute.py": COMPUTE, "widget.js": SCRIPT}, "b": {"__init__.py": ENTRY, "compute.py": COMPUTE, "widget.js": SCRIPT}}, "received hello twice"),
        ({"a": {"__init__.py": ENTRY.replace('"hello"', '"loss"'), "compute.py": COMPUTE, "widget.js": SCRIPT}}, "received loss twice"),
        ({"Hello": {"__init__.py": ENTRY, "compute.py": COMPUTE, "widget.js": SCRIPT}}, "received 'Hello'"),
    ],
    ids=["no-front-end", "task-without-compute", "compute-without-task", "no-entry", "unknown-use", "no-task-no-uses", "task-twice", "task-named-as-calculator", "folder-name"],
)
def test_a_folder_that_is_not_a_whole_widget_is_refused(tmp_path, monkeypatch, folders, expected):
    name, root = package(tmp_path, monkeypatch, folders)
    with pytest.raises(WidgetFolderError, match=re.escape(expected)):
        discover(name, root)


def test_every_folder_is_a_widget_and_every_widget_a_folder():
    assert [p.name for p in FOLDERS] == sorted(n.replace("-", "_") for n in WIDGETS)
    for widget in WIDGETS.values():
        files = {p.name for p in widget.folder.iterdir() if p.is_file()}
        assert files == {"__init__.py", "widget.js"} | ({"compute.py"} if widget.task else set()), widget.name
        assert widget.title("en") and widget.title("zh")


@pytest.mark.parametrize("name", list(WIDGETS))
def test_a_front_end_mounts_and_asks_what_its_entry_names(name):
    widget = WIDGETS[name]
    script = widget.script.read_text(encoding="utf-8")
    assert re.search(r"^export (async )?function mount\(", script, re.M)
    for target in re.findall(r'^import .* from "(\.[^"]+)";', script, re.M):  # resolved as if served from js/widgets/
        assert (ROOT / "app/static/js/widgets" / target).resolve().is_file(), target
    asked = set(re.findall(r'\bpost\("([a-z_]+)"', script))
    assert asked == {widget.task, *widget.uses} - {None}, f"{name} asks {sorted(asked)}"
    assert not (ROOT / "app/static/js/widgets" / f"{name}.js").exists()  # no copy left where the folder's module is served


def test_the_routes_tasks_and_served_modules_come_from_the_folders():
    from app.api.explore import WIDGET_TASKS
    from app.main import create_app

    assert set(WIDGET_TASKS) == set(TASKS) == {w.task for w in WIDGETS.values() if w.task}
    assert not set(TASKS) & set(CALCULATORS)
    client = TestClient(create_app(), base_url="http://localhost")
    for name, widget in WIDGETS.items():
        reply = client.get(f"/static/js/widgets/{name}.js")
        assert reply.status_code == 200 and reply.content == widget.script.read_bytes(), name
        assert reply.headers["content-security-policy"].startswith("default-src 'self'")
        assert client.get(f"/static/js/widgets/{widget.folder.name}/__init__.py").status_code == 404
    assert client.get("/static/js/widgets/common.js").status_code == 200


def test_the_front_ends_ship_with_the_package():
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["app"]
    for widget in WIDGETS.values():
        path = widget.script.relative_to(ROOT / "app").as_posix()
        assert any(fnmatch.fnmatch(path, g) for g in globs), path


WEB = """
import sys
import app.main
from app.api.explore import WIDGET_TASKS
from app.explore.widgets import validate
from app.lessons.render import widget_html
from app.widgets import TASKS, WIDGETS
from tests.helpers import spec
for task, widget in TASKS.items():
    validate(task, {"spec": spec()} if widget.takes_model else {})
for name in WIDGETS:
    widget_html(name, "zh")
print(sorted(m for m in sys.modules if m.endswith(".compute") or m == "app.worker.widgets" or m.split(".")[0] in ("tensorflow", "keras")))
"""


def test_the_web_process_never_imports_a_widget_computation(tmp_path):
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(WEB)], cwd=ROOT, capture_output=True, text=True, env={"KP_DATA_DIR": str(tmp_path), "PATH": ""}, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]", out.stdout
