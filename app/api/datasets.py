"""What a data set gives with given options: the shapes the model must take
and give (the form keeps the input shape in step when an option changes it)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path

from app.api.bodies import DatasetOptions
from app.api.deps import not_found
from app.api.openapi import Documented, errors, required_body
from app.api.schemas import DatasetSignature
from app.datasets import DATASETS
from app.i18n.messages import show
from app.spec.errors import SpecError, SpecIssue

router = APIRouter(prefix="/api/datasets", tags=["datasets"])


def signature_json(name: str, options: dict[str, Any]) -> dict[str, Any]:
    """{"input_shape", "inputs", "outputs"} of the data set with these options, or SpecError."""
    dataset = DATASETS.get(name)
    clean, issues = dataset.check_options(options)
    if issues:
        raise SpecError([SpecIssue(("options", *i.loc), i.code, i.ctx) for i in issues])
    inputs, outputs = dataset.signature(dataset.with_defaults(clean))
    return {
        "name": dataset.name,
        "input_shape": list(next(iter(inputs.values()))[0]) if len(inputs) == 1 else None,
        "inputs": [{"name": n, "shape": list(s), "dtype": d} for n, (s, d) in inputs.items()],
        "outputs": [{"name": n, "task": t.task, "n_classes": t.classes, "shape": list(t.shape)} for n, t in outputs.items()],
    }


@router.post("/{name}/signature", response_model=DatasetSignature, responses=errors(404, 422), openapi_extra=required_body())
def signature(name: Annotated[str, Path(examples=["moons"])], options: Annotated[Documented[DatasetOptions], Body(examples=[{"n_samples": 200}])] = None) -> dict[str, Any]:
    """The inputs and outputs a data set gives with these options (422 at a wrong option)."""
    if DATASETS.get(name) is None or name == "upload":
        raise not_found("data set", name)
    if not isinstance(options, dict):
        raise SpecError([SpecIssue(("options",), "object", {"value": show(options)})])
    return signature_json(name, options)
