"""A 2-3-1 network with weights the learner edits: forward pass, loss, backward pass, one SGD step."""

from app.i18n import T
from app.widgets.params import Numbers, choice, number
from app.widgets.registry import Widget

WIDGET = Widget(
    title=T("A 2-3-1 network, step by step", "一个 2-3-1 网络的逐步计算"),
    task="network",
    request=(
        Numbers(name="x", default=[1.0, 2.0], min_len=2, max_len=2, lo=-10, hi=10, help=T("The two inputs.", "两个输入。")),
        number("y", 1.0, -10, 10, "The target.", "目标值。"),
        choice("hidden_activation", "relu", ("relu", "sigmoid", "tanh", "linear"), "Activation of the 3 hidden units.", "3 个隐藏单元的激活函数。"),
        choice("output_activation", "sigmoid", ("sigmoid", "linear", "tanh"), "Activation of the output unit.", "输出单元的激活函数。"),
        choice("loss", "binary_crossentropy", ("binary_crossentropy", "mse"), "The loss.", "损失函数。"),
        number("learning_rate", 0.5, 0.0, 10.0, "Step of the one SGD update shown.", "所示那一次 SGD 更新的步长。", lo_open=True),
        Numbers(name="W1", default=[0.5, -1.0, 0.25, 0.5, 0.25, -0.5], min_len=6, max_len=6, lo=-10, hi=10, help=T("Hidden kernel, row by row (2 × 3).", "隐藏层核，按行排列（2 × 3）。")),
        Numbers(name="b1", default=[0.0, 0.0, 1.0], min_len=3, max_len=3, lo=-10, hi=10, help=T("Hidden biases.", "隐藏层偏置。")),
        Numbers(name="W2", default=[0.5, -1.0, -1.0], min_len=3, max_len=3, lo=-10, hi=10, help=T("Output kernel (3 × 1).", "输出层核（3 × 1）。")),
        Numbers(name="b2", default=[-0.5], min_len=1, max_len=1, lo=-10, hi=10, help=T("Output bias.", "输出层偏置。")),
    ),
)
