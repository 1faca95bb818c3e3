from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse

from app.accounts.errors import NOUNS, AccountError
from app.api.bodies import RunContinue, RunControl, RunCreate
from app.api.deps import LangDep, StateDep, UserDep, in_fast_lane, seen_run
from app.api.openapi import Documented, errors, file, json_body, links, required_body
from app.api.schemas import (
    Cancelling,
    ControlAccepted,
    Problem,
    RunContinued,
    RunCreated,
    RunList,
    RunPublic,
    ShareLink,
)
from app.api.uploads import may_use
from app.classroom import assignments
from app.classroom.best import best_of
from app.i18n.messages import show
from app.runs.control import NotRunning, not_running, parse_control
from app.spec.errors import SpecError, SpecIssue
from app.spec.validate import validate_spec
from app.store.runs import TERMINAL
from app.zipstream import zipped

router = APIRouter(prefix="/api/runs", tags=["runs"])


def _iso(t: float | None) -> str | None:
    return datetime.fromtimestamp(t, UTC).isoformat() if t else None


# What a new run (or a continued one) can be asked next
RUN_LINKS = links("get_run", "cancel_run", "control_run", "continue_run", "share_run", "history_file", "model_file", "tensorboard_zip", run_id="$response.body#/id")


@router.post("", status_code=201, response_model=RunCreated, responses={201: RUN_LINKS} | errors(422, 429, 503))
async def create_run(raw: Annotated[Documented[RunCreate], Body()], state: StateDep, user: UserDep) -> dict:
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
    await in_fast_lane(state.inspector.check_run, spec)
    run_id = await run_in_threadpool(state.runs.create, spec, user, lesson, assignment)
    return {"id": run_id, "status": "queued"}


@router.get("", response_model=RunList, responses={200: links("get_run", run_id="$response.body#/runs/0/id")} | errors(404, 422))
async def list_runs(state: StateDep, user: UserDep, class_: Annotated[str | None, Query(alias="class")] = None, student: str | None = None, limit: Annotated[int, Query(ge=1, le=500)] = 200) -> dict:
    """The caller's runs, newest first; a teacher may ask for all runs of a class (`?class=ID`),
    or of one of its students (`?class=ID&student=SID`)."""
    if class_ is not None:
        owners = [s["id"] for s in (await run_in_threadpool(assignments.own_class, state, user, class_))["students"]]
        if student is not None:
            if student not in owners:
                raise AccountError(404, "no_such", what=NOUNS["student"], key=show(student))
            owners = [student]
    else:
        owners = None if user.personal else [user.id]
    rows = await run_in_threadpool(state.store.list_runs, owners, limit)
    return {"runs": [_listed(r, class_ is not None) for r in rows]}


def _listed(row: dict, with_owner: bool) -> dict:
    out = {"id": row["id"], "status": row["status"], "created_at": _iso(row["created_at"]), "lesson": row["lesson"], "epoch": row["epoch"], "best": best_of(row["extremes"])}
    return out | ({"owner": row["owner_id"]} if with_owner else {})


@router.get("/{run_id}", response_model=RunPublic, response_model_exclude_none=False, responses=errors(404))
async def get_run(run_id: str, state: StateDep, user: UserDep) -> dict:
    """A run: its spec, status, times, per-epoch logs and error."""
    await run_in_threadpool(seen_run, state, user, run_id)
    run = await run_in_threadpool(state.runs.view, run_id)
    return run | {key: _iso(run[key]) for key in ("created_at", "started_at", "finished_at")}


@router.post("/{run_id}/share", response_model=ShareLink, responses=errors(404))
async def share_run(run_id: str, state: StateDep, user: UserDep) -> dict:
    """An unguessable read-only link to the run's page and its events (the same link each time)."""
    await run_in_threadpool(seen_run, state, user, run_id)
    token = await run_in_threadpool(state.store.set_share_token, run_id, secrets.token_urlsafe(24))
    return {"url": f"/shared/{token}"}


@router.post("/{run_id}/cancel", status_code=202, response_model=Cancelling, responses={409: {"model": Cancelling | Problem, "description": "Already ended (a sentence), or not stoppable here"}} | errors(404))
async def cancel_run(run_id: str, state: StateDep, user: UserDep) -> Any:
    """Stop a queued or running run (gracefully; by force after a grace period)."""
    run = await run_in_threadpool(seen_run, state, user, run_id)
    if run["status"] in TERMINAL:
        raise HTTPException(409, detail=f"run {run_id!r} has already ended ({run['status']})")
    accepted = await run_in_threadpool(state.runs.cancel, run_id)
    if not accepted:
        return JSONResponse({"id": run_id, "status": run["status"], "cancelling": False}, status_code=409)
    return {"id": run_id, "status": run["status"], "cancelling": True}


@router.post("/{run_id}/control", status_code=202, response_model=ControlAccepted, responses=errors(404, 409, 422), openapi_extra=required_body())
async def control_run(run_id: str, state: StateDep, user: UserDep, lang: LangDep, raw: Annotated[Documented[RunControl], Body()] = None) -> dict:
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


@router.get("/{run_id}/model.keras", response_class=FileResponse, responses=file("application/octet-stream", binary=True) | errors(404))
def model_file(run_id: str, state: StateDep, user: UserDep) -> FileResponse:
    """The trained model, loadable with keras.saving.load_model (after `import app.keras_ext` if it uses the app's layers)."""
    return FileResponse(_run_file(state, user, run_id, "model.keras"), media_type="application/octet-stream", filename=f"run-{run_id}.keras")


@router.get("/{run_id}/history.csv", response_class=FileResponse, responses=file("text/csv") | errors(404))
def history_file(run_id: str, state: StateDep, user: UserDep) -> FileResponse:
    """One row per epoch, one column per logged value: Keras's CSVLogger."""
    return FileResponse(_run_file(state, user, run_id, "history.csv"), media_type="text/csv", filename=f"run-{run_id}-history.csv")


@router.get("/{run_id}/tensorboard.zip", response_class=StreamingResponse, responses=file("application/zip", binary=True) | errors(404))
async def tensorboard_zip(run_id: str, state: StateDep, user: UserDep) -> StreamingResponse:
    """The log directory Keras's TensorBoard callback wrote: `tensorboard --logdir` opens it."""
    folder = await run_in_threadpool(_run_file, state, user, run_id, "tensorboard")
    headers = {"Content-Disposition": f'attachment; filename="run-{run_id}-tensorboard.zip"'}
    return StreamingResponse(zipped(folder, Path("tensorboard")), media_type="application/zip", headers=headers)


CONTINUE_FIELDS = ("epochs", "optimizer", "unfreeze")


def _unfrozen(model: dict, unfreeze: Any) -> dict:
    """The model with its frozen Pretrained layers made trainable (fine-tuning, lesson 49)."""
    if unfreeze is not True:
        raise AccountError(422, "unfreeze", ("unfreeze",), value=show(unfreeze))
    model = json.loads(json.dumps(model))
    refs = [*model.get("layers", []), *model.get("nodes", [])]
    frozen = [ref for ref in refs if ref.get("class_name") == "Pretrained" and not ref["config"].get("trainable", False)]
    if not frozen:
        raise AccountError(422, "nothing_to_unfreeze", ("unfreeze",))
    for ref in frozen:
        ref["config"]["trainable"] = True
    return model


async def _continue_body(request: Request) -> dict:
    """No body, or a JSON object of CONTINUE_FIELDS: anything else is a 422 (a form, XML, null, [])."""
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        body = None
        received = show(raw[:60].decode("utf-8", "replace"))
    else:
        received = show(body)
    if not isinstance(body, dict):
        raise AccountError(422, "json_object", example='{"epochs": 10}', value=received)
    for key in body:
        if key not in CONTINUE_FIELDS:
            raise AccountError(422, "unknown_field", (key,), names=", ".join(CONTINUE_FIELDS), value=show(key))
    return body


@router.post(
    "/{run_id}/continue", status_code=201, response_model=RunContinued,
    responses={201: RUN_LINKS} | errors(404, 409, 422, 429),
    openapi_extra=json_body(RunContinue, required=False),
)  # fmt: skip
async def continue_run(run_id: str, state: StateDep, user: UserDep, request: Request) -> dict:
    """Train a finished run's model for more epochs, as a new run (optionally with another optimizer).
    The body is optional: `{"epochs": N, "optimizer": ..., "unfreeze": true}` (`unfreeze`: fine-tune the
    model's frozen Pretrained layers)."""
    await run_in_threadpool(seen_run, state, user, run_id)  # first: another's run answers as an unknown one
    body = await _continue_body(request)
    parent = await run_in_threadpool(state.runs.view, run_id)
    if parent["status"] != "succeeded":
        raise HTTPException(409, detail=f"only a run that succeeded can be continued; run {run_id!r} is {parent['status']}")
    spec = dict(parent["spec"])
    spec["fit"] = {**spec["fit"], "epochs": body.get("epochs", spec["fit"]["epochs"])}
    if "optimizer" in body:
        spec["compile"] = {**spec["compile"], "optimizer": body["optimizer"]}
    if "unfreeze" in body:
        spec["model"] = _unfrozen(spec["model"], body["unfreeze"])
    fresh = "optimizer" in body or "unfreeze" in body  # Keras recompiles after a change of trainable
    spec["resume"] = {"run": run_id, "initial_epoch": len(parent["epochs"]) + (parent["spec"].get("resume") or {}).get("initial_epoch", 0), "keep_optimizer": not fresh}
    checked = validate_spec(spec, for_run=True)
    new_id = await run_in_threadpool(state.runs.create, checked, user, parent["lesson"], parent["assignment_id"])
    return {"id": new_id, "status": "queued", "parent": run_id}
