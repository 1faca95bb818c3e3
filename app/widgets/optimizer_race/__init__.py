"""Optimizers of the catalog racing down a surface (drawn by the gradient-arrow's task)."""

from app.i18n import T
from app.widgets.registry import Widget

WIDGET = Widget(title=T("Optimizers racing on a loss surface", "优化器在损失曲面上的比赛"), uses=("optimizer", "gradient"))
