"""Gradient descent on a line fit, by hand (computed by the page) beside Keras's SGD."""

from app.i18n import T
from app.widgets.registry import Widget

WIDGET = Widget(title=T("Gradient descent by hand and by Keras", "手算与 Keras 的梯度下降"), uses=("optimizer",))
