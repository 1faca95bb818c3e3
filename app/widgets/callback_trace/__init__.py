"""Every callback hook Keras calls during a tiny fit, in order."""

from app.i18n import T
from app.widgets.params import Bool, integer
from app.widgets.registry import Widget

WIDGET = Widget(
    title=T("The order of callback hooks in a fit", "训练中回调钩子的调用顺序"),
    task="callbacks",
    request=(
        integer("epochs", 2, 1, 3, "Epochs of the tiny fit.", "小规模训练的轮数。"),
        integer("steps", 2, 1, 4, "Batches per epoch.", "每轮的批次数。"),
        Bool(name="validation", default=True, help=T("Also evaluate on validation data each epoch.", "每轮也在验证数据上评估。")),
    ),
)
