"""The fast lane's tasks: quick Keras questions answered by the inspector
worker. Each takes the request message and the worker config and returns
{"ok": True, "result": ...} or {"ok": False, "issues": [...]}."""

from __future__ import annotations

from app.worker import explore, inspect, widgets

TASKS = {
    "inspect": inspect.run,
    "explore_loss": explore.loss,
    "explore_metric": explore.metric,
    "explore_optimizer": explore.optimizer,
    "widget_network": widgets.network,
    "widget_gradient": widgets.gradient,
    "widget_activation": widgets.activation,
    "widget_windows": widgets.windows,
    "widget_augment": widgets.augment,
    "widget_tokenize": widgets.tokenize,
    "widget_callbacks": widgets.callbacks,
    "widget_config": widgets.config_roundtrip,
    "widget_plot": widgets.plot,
    "widget_epsilon": widgets.epsilon,
}
