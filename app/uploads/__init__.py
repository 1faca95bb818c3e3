"""Your own data: a CSV file uploaded by a learner, checked cell by cell,
kept in the data directory next to the runs that use it.

A file is stored as `<data dir>/uploads/<id>.csv` with `<id>.json` beside it
(its columns, their kinds and statistics), which the web process reads to
validate specs and the worker reads to load the data.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import secrets
import statistics
from pathlib import Path
from typing import Any

from app.i18n import T
from app.spec.errors import SpecError, SpecIssue

MAX_BYTES = 2 * 2**20
MAX_ROWS = 20_000
MIN_ROWS = 10
MAX_COLUMNS = 64
MAX_NAME = 64
ID = re.compile(r"[0-9a-f]{16}")

_folder: Path | None = None


def configure(data_dir: Path | str) -> None:
    """Where uploads live (the app's data directory); set at start-up."""
    global _folder
    _folder = Path(data_dir) / "uploads"


def folder() -> Path:
    if _folder is None:
        raise RuntimeError("uploads.configure() was not called")
    return _folder


def _fail(code: str, loc: tuple = (), **ctx: Any) -> SpecError:
    return SpecError([SpecIssue(loc, code, ctx)])


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse(body: bytes) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV, or SpecError saying what is wrong and where."""
    if len(body) > MAX_BYTES:
        raise _fail("upload_size", max=f"{MAX_BYTES / 2**20:g} MiB", size=f"{len(body) / 2**20:.1f} MiB")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise _fail("upload_encoding", byte=f"0x{body[e.start]:02x}", position=e.start) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [r for r in csv.reader(io.StringIO(text), dialect) if any(cell.strip() for cell in r)]
    if len(rows) < MIN_ROWS + 1:
        raise _fail("upload_rows", min=MIN_ROWS, max=MAX_ROWS, count=max(0, len(rows) - 1))
    header, data = [h.strip() for h in rows[0]], rows[1:]
    if not 2 <= len(header) <= MAX_COLUMNS:
        raise _fail("upload_columns", max=MAX_COLUMNS, count=len(header))
    if len(data) > MAX_ROWS:
        raise _fail("upload_rows", min=MIN_ROWS, max=MAX_ROWS, count=len(data))
    for i, name in enumerate(header):
        if not name or len(name) > MAX_NAME or name in header[:i]:
            raise _fail("upload_header", ("header", i), value=json.dumps(name, ensure_ascii=False), max=MAX_NAME)
    for n, row in enumerate(data, start=2):
        if len(row) != len(header):
            raise _fail("upload_ragged", ("row", n), row=n, count=len(row), expected=len(header))
        for name, cell in zip(header, row, strict=True):
            if not cell.strip():
                raise _fail("upload_empty", ("row", n), row=n, column=json.dumps(name, ensure_ascii=False))
    return header, [[c.strip() for c in row] for row in data]


def describe(header: list[str], rows: list[list[str]]) -> list[dict[str, Any]]:
    """Each column: numeric or text, with the statistics a learner needs to choose."""
    columns = []
    for j, name in enumerate(header):
        cells = [row[j] for row in rows]
        numbers = [_number(c) for c in cells]
        distinct = sorted(set(cells))
        if all(v is not None for v in numbers):
            columns.append({
                "name": name, "kind": "numeric", "distinct": len(distinct),
                "min": min(numbers), "max": max(numbers), "mean": statistics.fmean(numbers), "std": statistics.pstdev(numbers),
            })  # fmt: skip
        else:
            example = next(c for c, v in zip(cells, numbers, strict=True) if v is None)
            columns.append({"name": name, "kind": "text", "distinct": len(distinct), "example": example, "values": distinct[:20]})
    return columns


def infer_task(column: dict[str, Any]) -> str:
    """Few distinct values (or text) make classes; many numbers make a regression."""
    if column["kind"] == "text" or column["distinct"] <= 2:
        return "binary" if column["distinct"] == 2 else "multiclass"
    whole = column["kind"] == "numeric" and float(column["min"]).is_integer() and float(column["max"]).is_integer()
    return "multiclass" if whole and column["distinct"] <= 20 else "regression"


def store(name: str, body: bytes) -> dict[str, Any]:
    header, rows = parse(body)
    columns = describe(header, rows)
    target = columns[-1]
    meta = {
        "id": secrets.token_hex(8),
        "name": (name or "data.csv")[:120],
        "rows": len(rows),
        "columns": columns,
        "suggestion": {"features": [c["name"] for c in columns[:-1] if c["kind"] == "numeric"], "target": target["name"], "task": infer_task(target)},
        "preview": [header, *rows[:10]],
    }
    folder().mkdir(parents=True, exist_ok=True)
    (folder() / f"{meta['id']}.csv").write_bytes(body)
    (folder() / f"{meta['id']}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return meta


def meta(upload_id: str) -> dict[str, Any] | None:
    if not isinstance(upload_id, str) or not ID.fullmatch(upload_id):
        return None
    path = folder() / f"{upload_id}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def path(upload_id: str) -> Path:
    return folder() / f"{upload_id}.csv"


TITLE = T("Your own data (CSV)", "你自己的数据（CSV）")
