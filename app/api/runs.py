from __future__ import annotations

import io
import secrets
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, Response

from app.accounts.errors import AccountError
from app.api.deps import LangDep, StateDep, UserDep, seen_run
from app.api.uploads import may_use
from app.classroom import assignments
from app.classroom.best import best_of
from app.i18n.messages import show
from app.runs.control import NotRunning, not_running, parse_control
from app.spec.errors import SpecError, SpecIssue
from app.spec.validate import validate_spec
from app.store.runs import TERMINAL

router = APIRouter(prefix="/api/runs", tags=["runs"])


def _iso(t: float | None) -> str | None:
    return datetime.fromtimestamp(t, UTC).isoformat() if t else None


@router.post("", status_code=201)
async def create_run(raw: Annotated[Any, Body()], state: StateDep, user: UserDep) -> dict:
    """Validate a spec, check it builds, and queue it for training. Besides the spec,
    the body may name the `lesson` it comes from and the `assignment` it answers."""
    body = dict(raw) if isinstance(raw, dict) else raw
    lesson = assignment = None
    if isinstance(body, dict):
        body.pop("resume", None)  # set by the server only (POST /api/runs/{id}/continue)
        lesson, assignment = body.pop("lesson", None), body.pop("assignment", None)
        if lesson is not None and (not isinstance(lesson, str) or state.lessons.get(lesson) is None):
            raise AccountError(422, "text", ("lesson",), what=assignments.LESSON, value=show(lesson))
    spec = validate_spec(body, for_run=True)
    if spec.dataset and spec.dataset.name == "upload" and not await run_in_threadpool(may_use, state, user, spec.dataset.options.get("id", "")):
        raise SpecError([SpecIssue(("dataset", "options", "id"), "upload_missing", {"value": show(spec.dataset.options.get("id"))})])
    if assignment is not None:
        task = await run_in_threadpool(assignments.check_run, state, user, assignment, spec)
        lesson = task["lesson"]
    await run_in_threadpool(state.inspector.check_run, spec)
    run_id = await run_in_threadpool(state.runs.create, spec, user, lesson, assignment)
    return {"id": run_id, "status": "queued"}


@router.get("")
async def list_runs(state: StateDep, user: UserDep, class_: Annotated[str | None, Query(alias="class")] = None, limit: Annotated[int, Query(ge=1, le=500)] = 200) -> dict:
    """The caller's runs, newest first; a teacher may ask for all runs of a class (`?class=ID`)."""
    if class_ is not None:
        owners = [s["id"] for s in (await run_in_threadpool(assignments.own_class, state, user, class_))["students"]]
    else:
        owners = None if user.personal else [user.id]
    rows = await run_in_threadpool(state.store.list_runs, owners, limit)
    return {"runs": [_listed(r, class_ is not None) for r in rows]}


def _listed(row: dict, with_owner: bool) -> dict:
    out = {"id": row["id"], "status": row["status"], "created_at": _iso(row["created_at"]), "lesson": row["lesson"], "epoch": row["epoch"], "best": best_of(row["extremes"])}
    return out | ({"owner": row["owner_id"]} if with_owner else {})


@router.get("/{run_id}")
async def get_run(run_id: str, state: StateDep, user: UserDep) -> dict:
    """A run: its spec, status, times, per-epoch logs and error."""
    await run_in_threadpool(seen_run, state, user, run_id)
    run = await run_in_threadpool(state.runs.view, run_id)
    return run | {key: _iso(run[key]) for key in ("created_at", "started_at", "finished_at")}


@router.post("/{run_id}/share")
async def share_run(run_id: str, state: StateDep, user: UserDep) -> dict:
    """An unguessable read-only link to the run's page and its events (the same link each time)."""
    await run_in_threadpool(seen_run, state, user, run_id)
    token = await run_in_threadpool(state.store.set_share_token, run_id, secrets.token_urlsafe(24))
    return {"url": f"/shared/{token}"}


@router.post("/{run_id}/cancel", status_code=202)
async def cancel_run(run_id: str, state: StateDep, user: UserDep) -> Any:
    """Stop a queued or running run (gracefully; by force after a grace period)."""
    run = await run_in_threadpool(seen_run, state, user, run_id)
    if run["status"] in TERMINAL:
        raise HTTPException(409, detail=f"run {run_id!r} has already ended ({run['status']})")
    accepted = await run_in_threadpool(state.runs.cancel, run_id)
    if not accepted:
        return JSONResponse({"id": run_id, "status": run["status"], "cancelling": False}, status_code=409)
    return {"id": run_id, "status": run["status"], "cancelling": True}


@router.post("/{run_id}/control", status_code=202)
async def control_run(run_id: str, state: StateDep, user: UserDep, lang: LangDep, raw: Annotated[Any, Body()] = None) -> dict:
    """Pause, resume, step (one epoch, then pause) or set the learning rate of a running run."""
    run = await run_in_threadpool(seen_run, state, user, run_id)
    command = parse_control(raw, run["spec"])
    try:
        await run_in_threadpool(state.runs.control, run_id, command)
    except NotRunning as e:
        raise HTTPException(409, detail=not_running(run_id, e.status, command["action"], lang)) from None
    return {"id": run_id, "action": command["action"], "accepted": True}


def _run_file(state, user, run_id: str, name: str) -> Path:
    seen_run(state, user, run_id)
    path = state.settings.data_dir / "runs" / run_id / name
    if not path.exists():
        raise HTTPException(404, detail=f"run {run_id!r} has no {name} (it is written when the run trains; a run that failed before its first epoch has none)")
    return path


@router.get("/{run_id}/model.keras")
def model_file(run_id: str, state: StateDep, user: UserDep) -> FileResponse:
    """The trained model, loadable with keras.saving.load_model (after `import app.keras_ext` if it uses the app's layers)."""
    return FileResponse(_run_file(state, user, run_id, "model.keras"), media_type="application/octet-stream", filename=f"run-{run_id}.keras")


@router.get("/{run_id}/history.csv")
def history_file(run_id: str, state: StateDep, user: UserDep) -> FileResponse:
    """One row per epoch, one column per logged value: Keras's CSVLogger."""
    return FileResponse(_run_file(state, user, run_id, "history.csv"), media_type="text/csv", filename=f"run-{run_id}-history.csv")


@router.get("/{run_id}/tensorboard.zip")
async def tensorboard_zip(run_id: str, state: StateDep, user: UserDep) -> Response:
    """The log directory Keras's TensorBoard callback wrote: `tensorboard --logdir` opens it."""
    folder = await run_in_threadpool(_run_file, state, user, run_id, "tensorboard")

    def pack() -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, Path("tensorboard") / path.relative_to(folder))
        return out.getvalue()

    body = await run_in_threadpool(pack)
    return Response(body, media_type="application/zip", headers={"Content-Disposition": f'attachment; filename="run-{run_id}-tensorboard.zip"'})


@router.post("/{run_id}/continue", status_code=201)
async def continue_run(run_id: str, state: StateDep, user: UserDep, raw: Annotated[Any, Body()] = None) -> dict:
    """Train a finished run's model for more epochs, as a new run (optionally with another optimizer)."""
    await run_in_threadpool(seen_run, state, user, run_id)
    parent = await run_in_threadpool(state.runs.view, run_id)
    if parent["status"] != "succeeded":
        raise HTTPException(409, detail=f"only a run that succeeded can be continued; run {run_id!r} is {parent['status']}")
    body = raw if isinstance(raw, dict) else {}
    spec = dict(parent["spec"])
    spec["fit"] = {**spec["fit"], "epochs": body.get("epochs", spec["fit"]["epochs"])}
    if "optimizer" in body:
        spec["compile"] = {**spec["compile"], "optimizer": body["optimizer"]}
    spec["resume"] = {"run": run_id, "initial_epoch": len(parent["epochs"]) + (parent["spec"].get("resume") or {}).get("initial_epoch", 0), "keep_optimizer": "optimizer" not in body}
    checked = validate_spec(spec, for_run=True)
    new_id = await run_in_threadpool(state.runs.create, checked, user, parent["lesson"], parent["assignment_id"])
    return {"id": new_id, "status": "queued", "parent": run_id}
