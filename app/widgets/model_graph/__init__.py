"""The playground's model drawn by Keras (model_to_dot, rendered by Graphviz)."""

from app.i18n import T
from app.widgets.params import Bool, choice
from app.widgets.registry import Widget

WIDGET = Widget(
    title=T("The model's graph, drawn by Keras", "由 Keras 绘制的模型结构图"),
    task="plot",
    takes_model=True,
    request=(
        Bool(name="show_shapes", default=True, help=T("Write each layer's output shape.", "写出每层的输出形状。")),
        Bool(name="show_dtype", default=False, help=T("Write each layer's dtype.", "写出每层的数据类型。")),
        choice("rankdir", "TB", ("TB", "LR"), "Top to bottom or left to right.", "从上到下或从左到右。"),
        Bool(name="expand_nested", default=False, help=T("Draw nested models' layers.", "展开嵌套模型的层。")),
        Bool(name="show_layer_activations", default=False, help=T("Write each layer's activation.", "写出每层的激活函数。")),
    ),
)
