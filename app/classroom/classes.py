"""A class's roster (CSV upload) and its live dashboard."""

from __future__ import annotations

import csv
import io

from app.accounts.errors import AccountError
from app.accounts.users import User, clean_name
from app.classroom import assignments
from app.i18n.messages import show

MAX_ROSTER = 500
MAX_ROSTER_BYTES = 64 * 1024


def roster_names(body: bytes) -> list[str]:
    """The names in a CSV with a `name` column (any case), trimmed, each once, in order."""
    try:
        text = body.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
    except (UnicodeDecodeError, csv.Error):
        raise AccountError(422, "csv_names", max=MAX_ROSTER, value=show(body[:60].decode("utf-8", "replace"))) from None
    column = next((c for c in (rows[0].keys() if rows else []) if c and c.strip().casefold() == "name"), None)
    if len(body) > MAX_ROSTER_BYTES or column is None or not 1 <= len(rows) <= MAX_ROSTER:
        raise AccountError(422, "csv_names", max=MAX_ROSTER, value=show(text.splitlines()[0] if text.strip() else ""))
    names: list[str] = []
    for i, row in enumerate(rows):
        name = clean_name(row.get(column), loc=(i + 1, "name"))
        if name not in names:
            names.append(name)
    return names


def dashboard(state, user: User, class_id: str) -> dict:
    """One row per student: their newest run (status, epoch, latest logs, loss path) and
    their best result on the class's newest assignment, and how many runs they have (the page
    lists them on demand from `GET /api/runs?class=ID&student=SID`)."""
    found = assignments.own_class(state, user, class_id)
    students = found["students"]
    current = next(iter(assignments.of_classes(state, [class_id])), None)
    latest = state.store.latest_per_owner(s["id"] for s in students)
    best = assignments.best_per_student(state, students, current) if current else {}
    counts = state.store.counts_per_owner(s["id"] for s in students)
    rows = []
    for s in students:
        run = latest.get(s["id"])
        shown = {"id": run["id"], "status": run["status"], "epoch": run["epoch"], "logs": run["logs"], "spark": run["spark"], "lesson": run["lesson"]} if run else None
        rows.append({"id": s["id"], "name": s["name"], "run": shown, "best": best.get(s["id"]), "runs": counts.get(s["id"], 0)})
    return {"class": {k: found[k] for k in ("id", "name", "join_code")}, "assignment": current, "students": rows}
