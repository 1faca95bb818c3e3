"""Any metric of the catalog, updated batch by batch."""

from app.i18n import T
from app.widgets.registry import Widget

WIDGET = Widget(title=T("Metric calculator", "评估指标计算器"), uses=("metric",))
