"""The spec's structure, as pydantic models (see docs/spec.md).

Structure and top-level bounds are checked here; what each layer, optimizer,
loss, metric and callback accepts is checked against the catalog in
`app.spec.validate`, which also reports errors at the exact config key.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
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
    shape: Annotated[list[int], bounded(limits.INPUT_SHAPE)]
    dtype: Annotated[str, bounded(limits.INPUT_DTYPE)] = "float32"


class SequentialModel(Strict):
    kind: Literal["sequential"] = "sequential"
    input: InputSpec
    layers: list[KerasObject] = Field(default_factory=list, max_length=limits.MAX_LAYERS)


class CompileSpec(Strict):
    optimizer: KerasRef = "rmsprop"
    loss: KerasRef
    metrics: list[KerasRef] = Field(default_factory=list, max_length=limits.MAX_METRICS)


class FitSpec(Strict):
    epochs: Annotated[int, bounded(limits.EPOCHS)] = limits.EPOCHS.default
    batch_size: Annotated[int, bounded(limits.BATCH_SIZE)] = limits.BATCH_SIZE.default
    validation_split: Annotated[float, bounded(limits.VALIDATION_SPLIT)] = limits.VALIDATION_SPLIT.default
    shuffle: Annotated[bool, bounded(limits.SHUFFLE)] = True


class Spec(Strict):
    """A whole playground: data, model, compile and fit settings, callbacks."""

    dataset: DatasetSpec | None = None
    model: SequentialModel
    compile: CompileSpec | None = None
    fit: FitSpec = Field(default_factory=FitSpec)
    callbacks: list[KerasObject] = Field(default_factory=list, max_length=limits.MAX_CALLBACKS)
