"""A run's best result, read from the extremes its epochs left in its row."""

from __future__ import annotations

# The value a run is judged by when nothing (an assignment's goal) says otherwise,
# in order of preference, with which end is better.
DEFAULT_GOALS = (("val_accuracy", "max"), ("accuracy", "max"), ("val_loss", "min"), ("loss", "min"))


def best_value(extremes: dict, metric: str, mode: str) -> float | None:
    pair = extremes.get(metric)
    if not pair:
        return None
    return pair[1] if mode == "max" else pair[0]


def best_of(extremes: dict) -> dict | None:
    """{"metric", "value"}: the best of the first default goal the run logged."""
    for metric, mode in DEFAULT_GOALS:
        value = best_value(extremes, metric, mode)
        if value is not None:
            return {"metric": metric, "value": value}
    return None


def reached(value: float | None, goal: dict) -> bool:
    if value is None:
        return False
    return value >= goal["target"] if goal["mode"] == "max" else value <= goal["target"]
