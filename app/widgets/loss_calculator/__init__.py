"""Any loss of the catalog on arrays the learner types."""

from app.i18n import T
from app.widgets.registry import Widget

WIDGET = Widget(title=T("Loss calculator", "损失函数计算器"), uses=("loss",))
