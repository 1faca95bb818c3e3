"""Disk used per class: its students' run folders and uploads."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app.store.db import classes, runs, uploads, users


def folder_bytes(path: Path) -> int:
    if not path.exists():
        return 0
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def storage_by_class(state) -> list[dict]:
    out = []
    root = Path(state.settings.data_dir) / "runs"
    with state.store.engine.connect() as conn:
        for row in conn.execute(select(classes.c.id, classes.c.name).order_by(classes.c.created_at)).mappings():
            members = select(users.c.id).where(users.c.class_id == row["id"])
            run_ids = list(conn.execute(select(runs.c.id).where(runs.c.owner_id.in_(members))).scalars())
            uploaded = conn.execute(select(func.coalesce(func.sum(uploads.c.bytes), 0)).where(uploads.c.owner_id.in_(members))).scalar_one()
            out.append({"id": row["id"], "name": row["name"], "runs": len(run_ids), "bytes": sum(folder_bytes(root / r) for r in run_ids) + uploaded})
    return out
