"""What clients send, named by role for /openapi.json (`Documented[...]`,
app/api/openapi.py). The handlers still parse their bodies themselves, so each
problem is a 422 at its field in the learner's language: these models describe,
the checks stay where they were (the spec's in `app/spec/`, the calculators' in
`app/explore/`, a run control's in `app/runs/control.py`, accounts' in
`app/accounts/`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from app.accounts.users import MAX_NAME
from app.api.schemas import Goal, Model, Open
from app.classroom.assignments import MAX_LOCKED
from app.spec import limits
from app.spec.models import KerasRef, Spec

# A run the playground can train in a second or two: what the docs and the fuzzer send.
SPEC_EXAMPLE: dict[str, Any] = {
    "dataset": {"name": "moons", "options": {"n_samples": 200}},
    "model": {
        "kind": "sequential",
        "input": {"shape": [2]},
        "layers": [
            {"class_name": "Dense", "config": {"units": 8, "activation": "relu"}},
            {"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}},
        ],
    },
    "compile": {"optimizer": "adam", "loss": "binary_crossentropy", "metrics": ["accuracy"]},
    "fit": {"epochs": 2, "batch_size": 32},
}
CSV_EXAMPLE = "x,y,label\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(12))


class RunCreate(Spec):
    """A spec to train, and optionally the lesson it comes from and the assignment it answers
    (`resume` is set by the server only, by POST /api/runs/{run_id}/continue)."""

    model_config = ConfigDict(json_schema_extra={"examples": [SPEC_EXAMPLE]})
    lesson: str | None = None
    assignment: str | None = None


class RunContinue(Model):
    """More epochs for a run that succeeded; another optimizer (the run's own, with its state, by default);
    `unfreeze`: fine-tune its frozen Pretrained layers (a new optimizer, as Keras recompiles)."""

    epochs: Annotated[int, Field(ge=limits.EPOCHS.lo, le=limits.EPOCHS.hi)] | SkipJsonSchema[None] = None
    optimizer: KerasRef = None
    unfreeze: Literal[True] | SkipJsonSchema[None] = None


class RunControl(Model):
    """What a running run should do next (`learning_rate` with `set` only)."""

    action: Literal["pause", "resume", "step", "set"]
    learning_rate: float | SkipJsonSchema[None] = None


class Login(Model):
    username: str = Field(min_length=1, max_length=256)
    password: str = Field(min_length=1, max_length=256)


class ClassCreate(Model):
    name: str = Field(min_length=1, max_length=MAX_NAME)


class ClassJoin(Model):
    code: str = Field(min_length=1, examples=["K7PQ2M"])
    name: str = Field(min_length=1, max_length=MAX_NAME)


class AssignmentCreate(Model):
    """A lesson's playground for a class: its spec (the lesson's preset by default), the
    dotted paths students may not change, and a goal."""

    title: str = Field(min_length=1, max_length=120)
    lesson: str = Field(examples=["sequential-model"])
    spec: Spec | None = None
    locked: list[str] = Field(default_factory=list, max_length=MAX_LOCKED, examples=[["dataset", "fit.epochs"]])
    goal: Goal


class Cleanup(Model):
    days: float = Field(ge=0, le=3650)


class DatasetOptions(Open):
    """A data set's options (`GET /api/catalog` lists each one's, with bounds)."""


class WidgetRequest(Open):
    """A widget's parameters (its folder's entry, app/widgets/<folder>/__init__.py); `config` and `plot` also take the playground's `spec`."""

    spec: Spec | None = None


class KerasModelJSON(Open):
    """What Keras's `model.to_json()` gives (sent as this object, or as the string itself)."""

    class_name: Literal["Sequential", "Functional", "Model"]
    config: dict[str, Any]
