"""Assignments: a lesson's playground with some fields fixed and a goal.

A teacher gives a class a spec (the lesson's preset by default), the dotted
paths of the fields students may not change (`"dataset"`, `"model.layers"`,
`"compile.optimizer"`, `"fit.epochs"`) and a goal (`val_accuracy` at least
0.9 in at most 30 epochs). A run sent for the assignment whose spec differs at
a locked path is a 422 at that path; the progress table reads each student's
best value of the goal's metric from their runs' rows.
"""

from __future__ import annotations

import json
import math
import re
import secrets
import time
from typing import Any

from sqlalchemy import insert, select

from app.accounts.errors import NOUNS, AccountError
from app.accounts.users import User
from app.classroom.best import best_value, reached
from app.i18n import T
from app.i18n.messages import show
from app.spec import limits
from app.spec.errors import SpecError, SpecIssue
from app.spec.models import Spec
from app.spec.validate import validate_spec
from app.store.db import assignments

MAX_LOCKED = 40
METRIC = re.compile(r"[A-Za-z0-9_]{1,60}")
_MISSING = object()
TITLE = T("a title of 1 to 120 characters", "1 到 120 个字符的标题")
LESSON = T("the slug of a lesson, such as \"sequential-model\"", "某一课的标识，例如 \"sequential-model\"")
LOCKED = T(f"a list of at most {MAX_LOCKED} field paths", f"最多 {MAX_LOCKED} 个字段路径的列表")


def own_class(state, user: User, class_id: str) -> dict:
    """The class with its students, if `user` teaches it (or administers the server); else 404."""
    found = state.accounts.get_class(class_id) if isinstance(class_id, str) else None
    if found is None or not (user.admin or (user.teacher and found["teacher_id"] == user.id)):
        raise AccountError(404, "no_such", what=NOUNS["class"], key=show(class_id))
    return {k: found[k] for k in ("id", "name", "join_code")} | {"students": state.accounts.students(class_id)}


def parse_path(text: str) -> tuple[str | int, ...]:
    return tuple(int(p) if p.isdigit() else p for p in text.split("."))


def value_at(document: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(part, int) and isinstance(document, list) and part < len(document):
            document = document[part]
        elif isinstance(part, str) and isinstance(document, dict) and part in document:
            document = document[part]
        else:
            return _MISSING
    return document


def _goal(raw: Any) -> dict:
    ok = isinstance(raw, dict) and set(raw) <= {"metric", "mode", "target", "max_epochs"}
    metric, mode, target, max_epochs = (raw.get(k) if ok else None for k in ("metric", "mode", "target", "max_epochs"))
    ok = ok and isinstance(metric, str) and METRIC.fullmatch(metric) and mode in ("max", "min")
    ok = ok and isinstance(target, int | float) and not isinstance(target, bool) and math.isfinite(target)
    ok = ok and (max_epochs is None or (isinstance(max_epochs, int) and not isinstance(max_epochs, bool) and 1 <= max_epochs <= limits.EPOCHS.hi))
    if not ok:
        raise SpecError([SpecIssue(("goal",), "goal", {"value": show(raw), "max_epochs": limits.EPOCHS.hi})])
    return {"metric": metric, "mode": mode, "target": float(target), "max_epochs": max_epochs}


def create(state, user: User, class_id: str, raw: Any) -> dict:
    own_class(state, user, class_id)
    if not isinstance(raw, dict):
        raise SpecError([SpecIssue((), "object", {"value": show(raw)})])
    title = raw.get("title")
    if not isinstance(title, str) or not 1 <= len(title.strip()) <= 120:
        raise SpecError([SpecIssue(("title",), "text", {"what": TITLE.to_json(), "value": show(title)})])
    lesson = state.lessons.get(raw.get("lesson")) if isinstance(raw.get("lesson"), str) else None
    if lesson is None:
        raise SpecError([SpecIssue(("lesson",), "text", {"what": LESSON.to_json(), "value": show(raw.get("lesson"))})])
    try:
        spec = validate_spec(raw.get("spec", lesson.preset), for_run=True).model_dump(mode="json")
    except SpecError as e:
        raise SpecError([SpecIssue(("spec", *i.loc), i.code, i.ctx) for i in e.issues]) from None
    locked = raw.get("locked", [])
    if not isinstance(locked, list) or len(locked) > MAX_LOCKED:
        raise SpecError([SpecIssue(("locked",), "text", {"what": LOCKED.to_json(), "value": show(locked)})])
    for i, path in enumerate(locked):
        if not isinstance(path, str) or value_at(spec, parse_path(path)) is _MISSING:
            raise SpecError([SpecIssue(("locked", i), "locked_path", {"value": show(path)})])
    row = {
        "id": secrets.token_hex(8), "class_id": class_id, "title": title.strip(), "lesson": lesson.slug,
        "spec": json.dumps(spec), "locked": json.dumps(locked), "goal": json.dumps(_goal(raw.get("goal"))), "created_at": time.time(),
    }  # fmt: skip
    with state.store.engine.begin() as conn:
        conn.execute(insert(assignments).values(**row))
    return _public(row, with_spec=True)


def _public(row, with_spec: bool = False) -> dict:
    out = {"id": row["id"], "class_id": row["class_id"], "title": row["title"], "lesson": row["lesson"],
           "locked": json.loads(row["locked"]), "goal": json.loads(row["goal"]), "created_at": row["created_at"]}  # fmt: skip
    return out | ({"spec": json.loads(row["spec"])} if with_spec else {})


def of_classes(state, class_ids: list[str]) -> list[dict]:
    """The classes' assignments, newest first."""
    if not class_ids:
        return []
    with state.store.engine.connect() as conn:
        query = select(assignments).where(assignments.c.class_id.in_(class_ids)).order_by(assignments.c.created_at.desc())
        return [_public(r) for r in conn.execute(query).mappings()]


def visible(state, user: User, assignment_id: Any) -> dict | None:
    """The assignment (with its spec) if `user` is in its class or teaches it."""
    if not isinstance(assignment_id, str):
        return None
    with state.store.engine.connect() as conn:
        row = conn.execute(select(assignments).where(assignments.c.id == assignment_id)).mappings().first()
    if row is None:
        return None
    if user.admin or user.class_id == row["class_id"]:
        return _public(row, with_spec=True)
    found = state.accounts.get_class(row["class_id"])
    return _public(row, with_spec=True) if user.teacher and found and found["teacher_id"] == user.id else None


def check_run(state, user: User, assignment_id: Any, spec: Spec) -> dict:
    """The assignment a run answers, once its spec keeps every locked field; else a 422 at each changed one."""
    task = visible(state, user, assignment_id)
    if task is None:
        raise AccountError(422, "no_such", ("assignment",), what=NOUNS["assignment"], key=show(assignment_id))
    sent = spec.model_dump(mode="json")
    issues = []
    for text in task["locked"]:
        path = parse_path(text)
        expected, received = value_at(task["spec"], path), value_at(sent, path)
        if expected != received:
            shown = None if received is _MISSING else received
            issues.append(SpecIssue(path, "assignment_locked", {"title": task["title"], "expected": show(expected), "value": show(shown)}))
    most = task["goal"].get("max_epochs")
    if most and sent["fit"]["epochs"] > most and not any(i.loc == ("fit", "epochs") for i in issues):
        issues.append(SpecIssue(("fit", "epochs"), "assignment_epochs", {"title": task["title"], "max": most, "value": sent["fit"]["epochs"]}))
    if issues:
        raise SpecError(issues)
    return task


def progress(state, user: User, assignment_id: str) -> dict:
    """Each student's best value of the goal's metric on this assignment, and whether it reached the target."""
    task = visible(state, user, assignment_id)
    if task is None or not (user.admin or user.teacher):
        raise AccountError(404, "no_such", what=NOUNS["assignment"], key=show(assignment_id))
    goal = task["goal"]
    students = state.accounts.students(task["class_id"])
    best = best_per_student(state, students, task)
    rows = []
    for s in students:
        found = best.get(s["id"])
        value, run_id = (found["value"], found["run"]) if found else (None, None)
        rows.append({"id": s["id"], "name": s["name"], "best": value, "reached": reached(value, goal), "run": run_id})
    return {"assignment": {k: task[k] for k in ("id", "title", "lesson", "goal")}, "students": rows}


def best_per_student(state, students: list[dict], task: dict) -> dict[str, dict]:
    """Each student's best value of the assignment goal's metric: {id: {"run", "value"}}."""
    goal = task["goal"]
    best: dict[str, dict] = {}
    for run in state.store.list_runs([s["id"] for s in students], limit=100_000, assignment_id=task["id"]):
        value = best_value(run["extremes"], goal["metric"], goal["mode"])
        held = best.get(run["owner_id"])
        if value is not None and (held is None or (value > held["value"] if goal["mode"] == "max" else value < held["value"])):
            best[run["owner_id"]] = {"run": run["id"], "value": value}
    return best
