"""An uploaded CSV file as (x, y): the chosen feature columns as float32, the
target as class numbers (its distinct values in sorted order) or as values."""

from __future__ import annotations

import csv
import io

import numpy as np


def read_csv(path, features: list[str], target: str, task: str):
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [r for r in csv.reader(io.StringIO(text), dialect) if any(cell.strip() for cell in r)]
    header = [h.strip() for h in rows[0]]
    data = [[c.strip() for c in r] for r in rows[1:]]
    x = np.array([[float(r[header.index(f)]) for f in features] for r in data], dtype=np.float32)
    values = [r[header.index(target)] for r in data]
    if task == "regression":
        return x, np.array([float(v) for v in values], dtype=np.float32)
    try:
        classes = sorted(set(values), key=float)
    except ValueError:
        classes = sorted(set(values))
    index = {v: i for i, v in enumerate(classes)}
    return x, np.array([index[v] for v in values], dtype=np.int64)


def from_upload(id: str, features: list[str], target: str, task: str):  # noqa: A002 - the option's name
    from app import uploads
    from app.datasets.uploaded import task_of

    resolved = task_of({"id": id, "features": features, "target": target, "task": task})
    return read_csv(uploads.path(id), features, target, resolved)
