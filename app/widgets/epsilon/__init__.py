"""What keras.config.epsilon() guards: a log of 0 and a division by (almost) 0."""

from app.i18n import T
from app.widgets.params import Float
from app.widgets.registry import Widget

WIDGET = Widget(
    title=T("Epsilon and division near zero", "epsilon 与接近零的除法"),
    task="epsilon",
    request=(Float(name="epsilon", default=1e-7, lo=1e-12, hi=0.1, help=T("keras.config.epsilon() for this calculation.", "本次计算使用的 keras.config.epsilon()。")),),
)
