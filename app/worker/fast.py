"""The fast lane's tasks: quick Keras questions answered by the inspector
worker. Each takes the request message and the worker config and returns
{"ok": True, "result": ...} or {"ok": False, "issues": [...]}."""

from __future__ import annotations

from app.worker import explore, inspect

TASKS = {
    "inspect": inspect.run,
    "explore_loss": explore.loss,
    "explore_metric": explore.metric,
    "explore_optimizer": explore.optimizer,
}
