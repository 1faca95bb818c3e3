from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, Response

from app.api.deps import LangDep, StateDep, not_found
from app.runs.control import NotRunning, not_running, parse_control
from app.spec.validate import validate_spec
from app.store.runs import TERMINAL

router = APIRouter(prefix="/api/runs", tags=["runs"])


def _iso(t: float | None) -> str | None:
    return datetime.fromtimestamp(t, UTC).isoformat() if t else None


@router.post("", status_code=201)
async def create_run(raw: Annotated[Any, Body()], state: StateDep) -> dict:
    """Validate a spec, check it builds, and queue it for training."""
    spec = validate_spec(raw, for_run=True)
    await run_in_threadpool(state.inspector.check_run, spec)
    run_id = await run_in_threadpool(state.runs.create, spec)
    return {"id": run_id, "status": "queued"}


@router.get("/{run_id}")
async def get_run(run_id: str, state: StateDep) -> dict:
    """A run: its spec, status, times, per-epoch logs and error."""
    run = await run_in_threadpool(state.runs.view, run_id)
    if run is None:
        raise not_found("run", run_id)
    return run | {key: _iso(run[key]) for key in ("created_at", "started_at", "finished_at")}


@router.post("/{run_id}/cancel", status_code=202)
async def cancel_run(run_id: str, state: StateDep) -> Any:
    """Stop a queued or running run (gracefully; by force after a grace period)."""
    run = await run_in_threadpool(state.store.get_run, run_id)
    if run is None:
        raise not_found("run", run_id)
    if run["status"] in TERMINAL:
        raise HTTPException(409, detail=f"run {run_id!r} has already ended ({run['status']})")
    accepted = await run_in_threadpool(state.runs.cancel, run_id)
    if not accepted:
        return JSONResponse({"id": run_id, "status": run["status"], "cancelling": False}, status_code=409)
    return {"id": run_id, "status": run["status"], "cancelling": True}


@router.post("/{run_id}/control", status_code=202)
async def control_run(run_id: str, state: StateDep, lang: LangDep, raw: Annotated[Any, Body()] = None) -> dict:
    """Pause, resume, step (one epoch, then pause) or set the learning rate of a running run."""
    run = await run_in_threadpool(state.store.get_run, run_id)
    if run is None:
        raise not_found("run", run_id)
    command = parse_control(raw, run["spec"])
    try:
        await run_in_threadpool(state.runs.control, run_id, command)
    except NotRunning as e:
        raise HTTPException(409, detail=not_running(run_id, e.status, command["action"], lang)) from None
    return {"id": run_id, "action": command["action"], "accepted": True}


def _run_file(state, run_id: str, name: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{16}", run_id):
        raise not_found("run", run_id)
    path = state.settings.data_dir / "runs" / run_id / name
    if not path.exists():
        raise HTTPException(404, detail=f"run {run_id!r} has no {name} (it is written when the run trains; a run that failed before its first epoch has none)")
    return path


@router.get("/{run_id}/model.keras")
def model_file(run_id: str, state: StateDep) -> FileResponse:
    """The trained model, loadable with keras.saving.load_model (after `import app.keras_ext` if it uses the app's layers)."""
    return FileResponse(_run_file(state, run_id, "model.keras"), media_type="application/octet-stream", filename=f"run-{run_id}.keras")


@router.get("/{run_id}/history.csv")
def history_file(run_id: str, state: StateDep) -> FileResponse:
    """One row per epoch, one column per logged value: Keras's CSVLogger."""
    return FileResponse(_run_file(state, run_id, "history.csv"), media_type="text/csv", filename=f"run-{run_id}-history.csv")


@router.get("/{run_id}/tensorboard.zip")
async def tensorboard_zip(run_id: str, state: StateDep) -> Response:
    """The log directory Keras's TensorBoard callback wrote: `tensorboard --logdir` opens it."""
    folder = _run_file(state, run_id, "tensorboard")

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
async def continue_run(run_id: str, state: StateDep, raw: Annotated[Any, Body()] = None) -> dict:
    """Train a finished run's model for more epochs, as a new run (optionally with another optimizer)."""
    parent = await run_in_threadpool(state.runs.view, run_id)
    if parent is None:
        raise not_found("run", run_id)
    if parent["status"] != "succeeded":
        raise HTTPException(409, detail=f"only a run that succeeded can be continued; run {run_id!r} is {parent['status']}")
    body = raw if isinstance(raw, dict) else {}
    spec = dict(parent["spec"])
    spec["fit"] = {**spec["fit"], "epochs": body.get("epochs", spec["fit"]["epochs"])}
    if "optimizer" in body:
        spec["compile"] = {**spec["compile"], "optimizer": body["optimizer"]}
    spec["resume"] = {"run": run_id, "initial_epoch": len(parent["epochs"]) + (parent["spec"].get("resume") or {}).get("initial_epoch", 0), "keep_optimizer": "optimizer" not in body}
    checked = validate_spec(spec, for_run=True)
    new_id = await run_in_threadpool(state.runs.create, checked)
    return {"id": new_id, "status": "queued", "parent": run_id}
