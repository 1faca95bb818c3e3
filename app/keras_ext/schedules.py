"""Epoch schedules for `keras.callbacks.LearningRateScheduler`.

The callback calls `schedule(epoch, lr)` at the start of each epoch with the current
learning rate and sets the returned one, so each schedule here changes `lr` relative to
its current value. Values are plain Python floats, which the callback requires.
"""

from __future__ import annotations

import math
from collections.abc import Callable

Schedule = Callable[[int, float], float]


def constant() -> Schedule:
    """Keep the learning rate as it is."""

    def schedule(epoch: int, lr: float) -> float:
        return float(lr)

    return schedule


def step_decay(drop: float, every: int) -> Schedule:
    """Multiply the learning rate by `drop` at every `every`-th epoch (not at epoch 0)."""
    if not isinstance(every, int) or isinstance(every, bool) or every < 1:
        raise ValueError(f"step_decay expects `every` to be an int >= 1. Received: every={every!r}")
    if not drop > 0:
        raise ValueError(f"step_decay expects `drop` to be > 0. Received: drop={drop!r}")

    def schedule(epoch: int, lr: float) -> float:
        if epoch > 0 and epoch % every == 0:
            return float(lr) * float(drop)
        return float(lr)

    return schedule


def exponential_decay(rate: float) -> Schedule:
    """Multiply the learning rate by exp(-rate) at every epoch after the first."""
    if not rate >= 0:
        raise ValueError(
            f"exponential_decay expects `rate` to be >= 0. Received: rate={rate!r}"
        )
    factor = math.exp(-float(rate))

    def schedule(epoch: int, lr: float) -> float:
        return float(lr) * factor if epoch > 0 else float(lr)

    return schedule


EPOCH_SCHEDULES: dict[str, Callable[..., Schedule]] = {
    "constant": constant,
    "step_decay": step_decay,
    "exponential_decay": exponential_decay,
}
