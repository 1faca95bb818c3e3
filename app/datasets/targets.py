"""How a data set's integer labels are shaped for a loss. Shared by the worker
(which does it) and the code export (which writes the same step out)."""

from __future__ import annotations

from typing import Any

from app.catalog import LOSSES

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


def expected_units(task: str, n_classes: int, loss: str) -> int:
    """Output units a classifier needs for this loss (1 for a single sigmoid)."""
    if loss == "BinaryCrossentropy" or (loss in REGRESSION_LOSSES and task == "binary"):
        return 1
    return n_classes


def target_form(task: str, n_classes: int, loss: str) -> str:
    """"column" (n, 1) floats, "one_hot" (n, classes) floats, or "labels" (n,) ints."""
    if expected_units(task, n_classes, loss) == 1:
        return "column"
    if loss in ONE_HOT_LOSSES or loss in REGRESSION_LOSSES:
        return "one_hot"
    return "labels"
