"""Your own data: a CSV file uploaded by a learner, checked cell by cell,
kept in the data directory next to the runs that use it.

A file is stored as `<data dir>/uploads/<id>.csv` with `<id>.json` beside it
(its columns, their kinds and statistics), which the web process reads to
validate specs and the worker reads to load the data.

A file that cannot be trained on is refused by `parse` with a SpecError (a
422 in both languages), never anything else (a 500). Rows are numbered as a
spreadsheet shows them: the header is row 1, a blank line is a row too (then
skipped), a quoted line break stays inside its row. A refusal about a row is
located at `("row", n)`; one about a cell at `("row", n, "column", name)`
(names are unique by then); one about the header at `("header", i)` (0-based:
the name may be empty or repeated). Besides the size, encoding, row and
column counts, header names and ragged rows, `parse` refuses:

- A file the csv module cannot read: a lone carriage return (old Mac line
  endings) outside quotes (`upload_newline`), a cell longer than the csv
  module's field limit (`upload_cell`), anything else (`upload_csv`). The
  loader (`app/datasets/loaders/uploads.py`), in the worker and in exported
  code, reads the file the same way, so what is accepted here it can read.
- An empty cell (`upload_empty`), as before: there is no missing-value
  marker, and "nan", "NA" or "" are not read as missing. Fill the cell or
  drop the row.
- A number float32 cannot hold (`upload_number`). A column is numeric when
  `float()` reads every cell, which it does for "nan", "inf", "Infinity" and
  digits past float64's range (as infinity) too; in a numeric column every
  value must be finite and within float32's range (about ±3.4e38: the loader
  gives the model float32, where such a value becomes inf or nan and every
  loss null). A column with any other text is a text column, where "nan" and
  "inf" are words like any other (a class name, say).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import re
import secrets
import statistics
import struct
from pathlib import Path
from typing import Any

from app.i18n import T
from app.spec.errors import SpecError, SpecIssue

MAX_BYTES = 2 * 2**20
MAX_ROWS = 20_000
MIN_ROWS = 10
MAX_COLUMNS = 64
MAX_NAME = 64
SHOWN = 30  # characters of a refused value in a message
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
    """The cell as `float()` (so the loader) reads it, or None for text; may be
    inf or nan, which `parse` refuses in a numeric column."""
    try:
        return float(text)
    except ValueError:
        return None


def _fits_float32(value: float) -> bool:
    """Whether float32 holds `value` as a finite number (as np.float32 rounds it)."""
    if not math.isfinite(value):
        return False
    try:
        struct.pack("<f", value)  # OverflowError exactly when float32 rounds it to infinity
    except OverflowError:
        return False
    return True


def _shown(cell: str) -> str:
    return cell if len(cell) <= SHOWN else cell[: SHOWN - 1] + "…"


def _records(text: str) -> list[tuple[int, list[str]]]:
    """(spreadsheet row number, cells) of every row that is not blank."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    records, n = [], 0
    try:
        for n, record in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            if any(cell.strip() for cell in record):
                records.append((n, record))
    except csv.Error as e:
        row, reason = n + 1, str(e)
        if reason.startswith("field larger than field limit"):
            raise _fail("upload_cell", ("row", row), row=row, max=csv.field_size_limit()) from None
        if reason.startswith("new-line character seen in unquoted field"):
            raise _fail("upload_newline", ("row", row), row=row) from None
        raise _fail("upload_csv", ("row", row), row=row, reason=reason) from None
    return records


def parse(body: bytes) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV, or SpecError saying what is wrong and where."""
    if len(body) > MAX_BYTES:
        raise _fail("upload_size", max=f"{MAX_BYTES / 2**20:g} MiB", size=f"{len(body) / 2**20:.1f} MiB")
    bom = len(codecs.BOM_UTF8) if body.startswith(codecs.BOM_UTF8) else 0
    try:
        text = body[bom:].decode("utf-8")
    except UnicodeDecodeError as e:
        raise _fail("upload_encoding", byte=f"0x{body[bom + e.start]:02x}", position=bom + e.start) from None
    rows = _records(text)
    if len(rows) < MIN_ROWS + 1:
        raise _fail("upload_rows", min=MIN_ROWS, max=MAX_ROWS, count=max(0, len(rows) - 1))
    header, data = [h.strip() for h in rows[0][1]], rows[1:]
    if not 2 <= len(header) <= MAX_COLUMNS:
        raise _fail("upload_columns", max=MAX_COLUMNS, count=len(header))
    if len(data) > MAX_ROWS:
        raise _fail("upload_rows", min=MIN_ROWS, max=MAX_ROWS, count=len(data))
    for i, name in enumerate(header):
        if not name or len(name) > MAX_NAME or name in header[:i]:
            raise _fail("upload_header", ("header", i), value=json.dumps(name, ensure_ascii=False), max=MAX_NAME)
    for n, row in data:
        if len(row) != len(header):
            raise _fail("upload_ragged", ("row", n), row=n, count=len(row), expected=len(header))
        for name, cell in zip(header, row, strict=True):
            if not cell.strip():
                raise _fail("upload_empty", ("row", n), row=n, column=json.dumps(name, ensure_ascii=False))
    cells = [[c.strip() for c in row] for _, row in data]
    numeric = [all(_number(row[j]) is not None for row in cells) for j in range(len(header))]
    for (n, _), row in zip(data, cells, strict=True):
        for j, cell in enumerate(row):
            if numeric[j] and not _fits_float32(float(cell)):
                raise _fail(
                    "upload_number", ("row", n, "column", header[j]),
                    row=n, column=json.dumps(header[j], ensure_ascii=False), value=_shown(cell), min="-3.4e38", max="3.4e38",
                )  # fmt: skip
    return header, cells


def describe(header: list[str], rows: list[list[str]]) -> list[dict[str, Any]]:
    """Each column: numeric or text, with the statistics a learner needs to choose
    (`rows` as `parse` gives them: a numeric column's values fit float32)."""
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
