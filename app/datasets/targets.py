"""How a data set's targets are shaped for a loss. Shared by the worker
(which does it), the checks (which compare it with the model's output) and
the code export (which writes the same step out)."""

from __future__ import annotations

from typing import Any

from app.catalog import LOSSES
from app.datasets.registry import Target

ONE_HOT_LOSSES = {"CategoricalCrossentropy", "KLDivergence", "CosineSimilarity"}
REGRESSION_LOSSES = {
    "MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError", "MeanSquaredLogarithmicError", "Huber", "Poisson",
}  # fmt: skip


def loss_class(loss: Any) -> str:
    if isinstance(loss, dict):
        return loss["class_name"]
    entry = LOSSES.by_alias(loss) or LOSSES.get(loss)
    return entry.class_name if entry else str(loss)


def loss_for(loss: Any, output: str) -> Any:
    """The loss of one output: losses are one for all, or a dict by output name."""
    return loss[output] if isinstance(loss, dict) and "class_name" not in loss else loss


def target_form(target: Target, loss: str) -> str:
    """"values" (regression, as they are), "column" (n, 1) 0/1 floats,
    "one_hot" (n, classes) floats, or "labels" (n,) ints."""
    if target.task == "regression":
        return "values"
    if target.task == "binary" and (loss == "BinaryCrossentropy" or loss in REGRESSION_LOSSES):
        return "column"
    if loss in ONE_HOT_LOSSES or loss in REGRESSION_LOSSES or loss == "BinaryCrossentropy":
        return "one_hot"
    return "labels"


def expected_output(target: Target, loss: str) -> tuple[int, ...]:
    """The per-sample output shape the model must have for this target and loss."""
    form = target_form(target, loss)
    if form == "values":
        return target.shape or (1,)
    return (1,) if form == "column" else (target.classes,)
