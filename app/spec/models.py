"""The spec's structure, as pydantic models (see app/spec/spec.md).

Structure and top-level bounds are checked here; what each layer, optimizer,
loss, metric and callback accepts is checked against the catalog in
`app.spec.validate`, which also reports errors at the exact config key.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError

from app.catalog.params import Param, ParamError
from app.i18n.messages import show
from app.spec import limits


def bounded(param: Param) -> BeforeValidator:
    """A pydantic validator that checks a value with a catalog parameter."""

    def check(value: Any) -> Any:
        try:
            return param.check(value)
        except ParamError as e:
            raise PydanticCustomError(e.code, "invalid value", e.ctx) from None

    return BeforeValidator(check)


def _keras_ref(value: Any) -> Any:
    """A Keras identifier: an alias string or {"class_name", "config"}."""
    if isinstance(value, str):
        return value
    if (
        isinstance(value, dict)
        and isinstance(value.get("class_name"), str)
        and isinstance(value.get("config", {}), dict)
        and set(value) <= {"class_name", "config"}
    ):
        return {"class_name": value["class_name"], "config": dict(value.get("config", {}))}
    raise PydanticCustomError("keras_object", "invalid value", {"value": show(value)})


KerasRef = Annotated[Any, BeforeValidator(_keras_ref)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KerasObject(Strict):
    class_name: str
    config: dict[str, Any] = Field(default_factory=dict)


class DatasetSpec(Strict):
    name: str
    options: dict[str, Any] = Field(default_factory=dict)


class InputSpec(Strict):
    shape: Annotated[list[int | None], bounded(limits.INPUT_SHAPE)]
    dtype: Annotated[str, bounded(limits.INPUT_DTYPE)] = "float32"


class SequentialModel(Strict):
    kind: Literal["sequential"] = "sequential"
    input: InputSpec
    layers: list[KerasObject] = Field(min_length=1, max_length=limits.MAX_LAYERS)
    subclass: KerasObject | None = None  # one of the app's keras.Model subclasses (catalog "models")
    dtype_policy: Annotated[str, bounded(limits.DTYPE_POLICY)] | None = None  # None: float32, Keras's default


Name = Annotated[str, bounded(limits.NODE_NAME)]


class NamedInput(Strict):
    name: Name
    shape: Annotated[list[int | None], bounded(limits.INPUT_SHAPE)]
    dtype: Annotated[str, bounded(limits.INPUT_DTYPE)] = "float32"


class Node(Strict):
    """One step of a functional model: a new layer, or the layer of an earlier node again."""

    name: Name
    class_name: str | None = None
    config: dict[str, Any] = Field(default_factory=dict)
    reuse: Name | None = None
    inputs: list[Name] = Field(min_length=1, max_length=limits.MAX_NODE_INPUTS)

    @model_validator(mode="after")
    def _layer_or_reuse(self) -> Node:
        if (self.class_name is None) == (self.reuse is None):
            raise PydanticCustomError("node_kind", "invalid value", {"value": show(self.name)})
        if self.reuse is not None and self.config:
            raise PydanticCustomError("node_kind", "invalid value", {"value": show(self.name)})
        return self


class FunctionalModel(Strict):
    kind: Literal["functional"]
    inputs: list[NamedInput] = Field(min_length=1, max_length=limits.MAX_MODEL_INPUTS)
    nodes: list[Node] = Field(min_length=1, max_length=limits.MAX_LAYERS)
    outputs: list[Name] = Field(min_length=1, max_length=limits.MAX_MODEL_OUTPUTS)
    subclass: KerasObject | None = None
    dtype_policy: Annotated[str, bounded(limits.DTYPE_POLICY)] | None = None


def _kind(value: Any) -> str:
    return value.get("kind", "sequential") if isinstance(value, dict) else getattr(value, "kind", "sequential")


ModelSpec = Annotated[
    Annotated[SequentialModel, Tag("sequential")] | Annotated[FunctionalModel, Tag("functional")],
    Discriminator(_kind, custom_error_type="model_kind", custom_error_message="invalid value", custom_error_context={}),
]


def _per_output(value: Any) -> Any:
    """One ref for every output, or {output name: ref} (each ref is checked,
    at its own field, against the catalog in app.spec.validate)."""
    if isinstance(value, dict) and "class_name" not in value:
        return dict(value)
    return _keras_ref(value)


def _metric_list(value: Any) -> Any:
    if not isinstance(value, list):
        raise PydanticCustomError("list", "invalid value", {"value": show(value)})
    if len(value) > limits.MAX_METRICS:
        raise PydanticCustomError("too_long", "invalid value", {"max": limits.MAX_METRICS, "count": len(value)})
    return list(value)


def _metrics(value: Any) -> Any:
    """A list for every output, or {output name: list}."""
    if isinstance(value, dict):
        return {k: _metric_list(v) for k, v in value.items()}
    return _metric_list(value)


def _loss_weights(value: Any) -> Any:
    if value is None:
        return None
    weights = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else None
    if weights is None:
        raise PydanticCustomError("object", "invalid value", {"value": show(value)})
    for _, w in weights:
        try:
            limits.LOSS_WEIGHT.check(w)
        except ParamError as e:
            raise PydanticCustomError(e.code, "invalid value", e.ctx) from None
    return value


class CompileSpec(Strict):
    optimizer: KerasRef = "rmsprop"
    loss: Annotated[Any, BeforeValidator(_per_output)]
    loss_weights: Annotated[Any, BeforeValidator(_loss_weights)] = None
    metrics: Annotated[Any, BeforeValidator(_metrics)] = Field(default_factory=list)


class FitSpec(Strict):
    epochs: Annotated[int, bounded(limits.EPOCHS)] = limits.EPOCHS.default
    batch_size: Annotated[int, bounded(limits.BATCH_SIZE)] = limits.BATCH_SIZE.default
    validation_split: Annotated[float, bounded(limits.VALIDATION_SPLIT)] = limits.VALIDATION_SPLIT.default
    shuffle: Annotated[bool, bounded(limits.SHUFFLE)] = True
    device: Annotated[str, bounded(limits.DEVICE)] = limits.DEVICE.default


class ViewsSpec(Strict):
    histogram_freq: Annotated[int, bounded(limits.HISTOGRAM_FREQ)] = 0
    neurons: Annotated[bool, bounded(limits.NEURONS)] = True


RUN_ID = Annotated[str, bounded(limits.RUN_ID)]


class ResumeSpec(Strict):
    """Continue training a finished run's model (set by POST /api/runs/{id}/continue)."""

    run: RUN_ID
    initial_epoch: Annotated[int, bounded(limits.EPOCHS)]
    keep_optimizer: bool = True


class Spec(Strict):
    """A whole playground: data, model, compile and fit settings, callbacks."""

    dataset: DatasetSpec | None = None
    model: ModelSpec
    compile: CompileSpec | None = None
    fit: FitSpec = Field(default_factory=FitSpec)
    callbacks: list[KerasObject] = Field(default_factory=list, max_length=limits.MAX_CALLBACKS)
    views: ViewsSpec = Field(default_factory=ViewsSpec)
    resume: ResumeSpec | None = None
