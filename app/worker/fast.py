"""The fast lane's tasks: quick Keras questions answered by the inspector
worker. Each takes the request message and the worker config and returns
{"ok": True, "result": ...} or {"ok": False, "issues": [...]}."""

from __future__ import annotations

from app.widgets import WIDGETS
from app.worker import explore, inspect

TASKS = {
    "inspect": inspect.run,
    "explore_loss": explore.loss,
    "explore_metric": explore.metric,
    "explore_optimizer": explore.optimizer,
    # each widget's own task (app/widgets/<folder>/compute.py, imported at its first request)
    **{w.lane_task: w.run for w in WIDGETS.values() if w.task},
}
