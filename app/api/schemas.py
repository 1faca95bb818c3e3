"""The API's answers, named by role (STYLE.md #7): `response_model` of each route, so
/openapi.json describes what a client gets and the OpenAPI fuzzer checks it
(tests/integration/test_openapi_fuzz.py). A spec keeps its own, richer validation
(`app/spec/`); here it is a JSON object. What clients send is in `app/api/bodies.py`."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.classroom.assignments import METRIC
from app.spec.limits import EPOCHS

Status = Literal["queued", "running", "succeeded", "failed", "cancelled", "interrupted"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Open(BaseModel):
    """A JSON object whose keys are not fixed here (a widget's numbers, a catalog entry)."""

    model_config = ConfigDict(extra="allow")


# -- errors -----------------------------------------------------------------------


class Issue(Open):
    """One problem, at the field to blame (`loc`), in the learner's language (`msg`);
    FastAPI's own also carry `input` and `ctx`."""

    loc: list[str | int]
    msg: str
    type: str


class Problem(Model):
    """An error: one sentence, or the problems at their fields."""

    detail: str | list[Issue]


# -- runs, health, who am I ---------------------------------------------------------


class RunCreated(Model):
    id: str
    status: Literal["queued"]


class RunContinued(RunCreated):
    parent: str


class Why(BaseModel):
    """Why a run ended: a code of `app/runs/reasons.py` and its values."""

    model_config = ConfigDict(extra="allow")
    code: str


class EpochLogs(Model):
    epoch: int
    logs: dict[str, float | None]


class RunPublic(Model):
    id: str
    status: Status
    spec: dict[str, Any]
    created_at: str | None
    started_at: str | None
    finished_at: str | None
    error: str | None
    lesson: str | None
    assignment_id: str | None
    epochs: list[EpochLogs]
    why: Why | None = None
    position: int | None = None


class Best(Model):
    metric: str
    value: float


class RunListed(Model):
    id: str
    status: Status
    created_at: str | None
    lesson: str | None
    epoch: int | None
    best: Best | None
    owner: str | None = None


class RunList(Model):
    runs: list[RunListed]


class ShareLink(Model):
    url: str


class Cancelling(Model):
    id: str
    status: Status
    cancelling: bool


class WorkerHealth(Model):
    host: str  # the machine it runs on (with several web processes: each process's workers)
    pid: int | None
    state: Literal["idle", "busy"]
    run_id: str | None = None
    ready: bool
    jobs_done: int
    rss_mb: float | None
    queues: list[str]
    gpu: bool


class InspectorHealth(Model):
    pid: int | None
    pids: list[int | None]
    ready: bool
    ready_count: int
    busy: int
    requests: int


class Disk(Model):
    data_bytes: int
    free_bytes: int


class Health(Model):
    status: Literal["ok", "degraded"]
    missing: list[str]
    mode: Literal["personal", "classroom"]
    workers: list[WorkerHealth]
    queued: int
    inspector: InspectorHealth
    disk: Disk | None = None


class ClassRef(Model):
    id: str
    name: str


class Me(Model):
    id: str | None
    name: str | None
    role: Literal["personal", "teacher", "student"]
    admin: bool
    classes: list[ClassRef]


# -- accounts and classes ---------------------------------------------------------


class UserPublic(Model):
    id: str
    name: str
    role: Literal["teacher", "student"]


class SignedIn(Model):
    user: UserPublic


class ClassCreated(Model):
    id: str
    name: str
    join_code: str


class Student(Model):
    id: str
    name: str


class ClassPublic(ClassCreated):
    students: list[Student]


class RosterStudent(Student):
    link: str


class Roster(Model):
    students: list[RosterStudent]


class SignInLink(Model):
    link: str


class Goal(Model):
    """What an assignment asks: the best value of `metric` at least (`max`) or at most (`min`) `target`."""

    metric: str = Field(pattern=f"^{METRIC.pattern}$", examples=["val_accuracy"])
    mode: Literal["max", "min"]
    target: float
    max_epochs: int | None = Field(default=None, ge=1, le=EPOCHS.hi)


class AssignmentListed(Model):
    id: str
    title: str
    lesson: str
    locked: list[str]
    goal: Goal
    class_id: str


class AssignmentList(Model):
    assignments: list[AssignmentListed]


class AssignmentCurrent(AssignmentListed):
    """An assignment as the dashboard shows it (the class's newest)."""

    created_at: float


class AssignmentPublic(AssignmentCurrent):
    """An assignment with the spec its lesson's playground loads."""

    spec: dict[str, Any]


class StudentRun(Model):
    id: str
    status: Status
    epoch: int | None
    logs: dict[str, float | None]
    spark: list[float | None]
    lesson: str | None


class StudentBest(Model):
    run: str
    value: float


class DashboardRow(Model):
    id: str
    name: str
    run: StudentRun | None
    best: StudentBest | None
    runs: int


class Dashboard(Model):
    model_config = ConfigDict(populate_by_name=True)
    class_: ClassCreated = Field(alias="class")
    assignment: AssignmentCurrent | None
    students: list[DashboardRow]


class ProgressOf(Model):
    id: str
    title: str
    lesson: str
    goal: Goal


class ProgressRow(Model):
    id: str
    name: str
    best: float | None
    reached: bool
    run: str | None


class Progress(Model):
    assignment: ProgressOf
    students: list[ProgressRow]


# -- administration -----------------------------------------------------------------


class Queued(Model):
    run_id: str
    owner: str | None
    position: int
    owner_name: str | None


class Teacher(Model):
    id: str
    name: str
    admin: bool


class ClassStorage(Model):
    id: str
    name: str
    runs: int
    bytes: int


class AdminOverview(Model):
    workers: list[WorkerHealth]
    inspector: InspectorHealth | None
    queue: list[Queued]
    teachers: list[Teacher]
    storage: list[ClassStorage]


class Cleaned(Model):
    deleted: int


# -- catalog, data sets, lessons --------------------------------------------------------


class CatalogEntry(Open):
    """A Keras class the playground can use, with its typed, bounded, bilingual parameters."""

    class_name: str
    params: list[dict[str, Any]]


class Catalog(Open):
    """Every class the playground can use, by kind; the data sets; the spec's bounds."""

    layers: list[CatalogEntry]
    optimizers: list[CatalogEntry]
    losses: list[CatalogEntry]
    metrics: list[CatalogEntry]
    callbacks: list[CatalogEntry]
    cells: list[CatalogEntry]
    schedules: list[CatalogEntry]
    epoch_schedules: list[CatalogEntry]
    datasets: list[dict[str, Any]]
    limits: dict[str, Any]


class SignatureInput(Model):
    name: str
    shape: list[int | None]
    dtype: str


class SignatureOutput(Model):
    name: str
    task: Literal["binary", "multiclass", "regression"]
    n_classes: int
    shape: list[int | None]


class DatasetSignature(Model):
    name: str
    input_shape: list[int | None] | None
    inputs: list[SignatureInput]
    outputs: list[SignatureOutput]


class LessonSummary(Model):
    slug: str
    title: str
    part: int
    order: int


class LessonPublic(Model):
    slug: str
    title: str
    html: str
    preset: dict[str, Any]


# -- Keras's answers: summaries, calculators, imports ------------------------------------


class LayerSummary(Model):
    name: str
    class_name: str
    output_shape: list[Any]  # a shape; a list of them for several outputs or calls
    params: int
    calls: int


class Inspection(Model):
    """Keras's summary of a spec's model, and the ways it does not fit its data and loss."""

    layers: list[LayerSummary]
    total_params: int
    trainable_params: int
    non_trainable_params: int
    summary: str
    problems: list[Issue]


class LossResult(Model):
    value: float | None
    per_sample: Any  # numbers nested as y_pred is, null where not finite


class MetricResult(Model):
    results: list[Any]  # result() after each update


class OptimizerResult(Model):
    trajectory: list[list[float | None]]
    losses: list[float | None]


class WidgetResult(Open):
    """The numbers a lesson widget shows (app/explore/explore.md): each widget its own."""


class ImportedModel(Model):
    model: dict[str, Any]


# -- uploads ----------------------------------------------------------------------------


class NumericColumn(Model):
    name: str
    kind: Literal["numeric"]
    distinct: int
    min: float
    max: float
    mean: float
    std: float


class TextColumn(Model):
    name: str
    kind: Literal["text"]
    distinct: int
    example: str
    values: list[str]


class Suggestion(Model):
    features: list[str]
    target: str
    task: Literal["binary", "multiclass", "regression"]


class Upload(Model):
    """An uploaded CSV file: its columns and their statistics, a preview, suggested columns."""

    id: str
    name: str
    rows: int
    columns: list[Annotated[NumericColumn | TextColumn, Field(discriminator="kind")]]
    suggestion: Suggestion
    preview: list[list[str]]


# -- runs, continued -------------------------------------------------------------------


class ControlAccepted(Model):
    id: str
    action: Literal["pause", "resume", "step", "set"]
    accepted: bool
