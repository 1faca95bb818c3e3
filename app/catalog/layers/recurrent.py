"""Recurrent layers and wrappers: SimpleRNN, GRU, LSTM, ConvLSTM2D, RNN over
cells, Bidirectional, TimeDistributed; and the cells an RNN can run."""

from __future__ import annotations

from app.catalog.common import (
    DATA_FORMAT,
    LAYER_COMMON,
    activation,
    constraint,
    initializer,
    regularizer,
    seed,
)
from app.catalog.layers.conv import dilation, filters, kernel_size, padding, strides
from app.catalog.nested import Nested
from app.catalog.params import Bool, Choice, Float, Int
from app.catalog.registry import Entry, Registry
from app.i18n import T

KERNEL = T("the input kernel", "输入权重矩阵")
RECURRENT = T("the recurrent kernel", "循环权重矩阵")
BIAS = T("the bias vector", "偏置向量")

UNITS = Int(name="units", default=32, lo=1, hi=1024, required=True, help=T("Size of the hidden state (and of the output at each step).", "隐藏状态的大小（也是每一步输出的大小）。"))
RECURRENT_ACTIVATION = Choice(
    name="recurrent_activation", default="sigmoid", choices=("sigmoid", "hard_sigmoid", "tanh", "relu", "linear"), advanced=True,
    help=T("Activation of the gates (they decide how much to keep, forget or let through).", "门的激活函数（门决定保留、遗忘或放行多少）。"),
)
DROPOUT = Float(name="dropout", default=0.0, lo=0.0, hi=1.0, hi_open=True, step=0.05, help=T("Fraction of the inputs dropped at each step during training.", "训练时每一步丢弃的输入比例。"))
RECURRENT_DROPOUT = Float(name="recurrent_dropout", default=0.0, lo=0.0, hi=1.0, hi_open=True, step=0.05, help=T("Fraction of the previous state dropped at each step during training.", "训练时每一步丢弃的上一状态比例。"))
UNIT_FORGET_BIAS = Bool(name="unit_forget_bias", default=True, advanced=True, help=T("Start the forget gate's bias at 1, so the cell remembers by default.", "把遗忘门的偏置初始化为 1，使单元默认倾向于记住。"))
RESET_AFTER = Bool(name="reset_after", default=True, advanced=True, help=T("Apply the reset gate after the matrix product (the cuDNN-compatible GRU).", "在矩阵乘法之后应用重置门（与 cuDNN 兼容的 GRU 形式）。"))

SEQUENCE_ARGS = (
    Bool(name="return_sequences", default=False, help=T("Output the state at every step, (batch, steps, units), instead of only the last, (batch, units).", "输出每一步的状态 (batch, steps, units)，而不只是最后一步的 (batch, units)。")),
    Bool(name="return_state", default=False, advanced=True, help=T("Also return the final state(s) as extra outputs (functional models).", "另外把最终状态作为额外输出返回（用于函数式模型）。")),
    Bool(name="go_backwards", default=False, advanced=True, help=T("Read the sequence from the end to the start.", "从序列末尾向开头读取。")),
    Bool(name="stateful", default=False, advanced=True, help=T("Keep the final state of each batch as the initial state of the next (needs a fixed batch size).", "把每批的最终状态作为下一批的初始状态（需要固定的批次大小）。")),
    Bool(name="unroll", default=False, advanced=True, help=T("Unroll the loop into a graph: faster for short sequences, more memory.", "把循环展开成计算图：短序列更快，但更占内存。")),
)


def weight_args(*, recurrent: bool = True, bias: bool = True) -> tuple:
    which = [("kernel", KERNEL, "glorot_uniform")]
    if recurrent:
        which.append(("recurrent", RECURRENT, "orthogonal"))
    if bias:
        which.append(("bias", BIAS, "zeros"))
    return (
        *(initializer(f"{n}_initializer", d, w) for n, w, d in which),
        *(regularizer(f"{n}_regularizer", w) for n, w, _ in which),
        *(constraint(f"{n}_constraint", w) for n, w, _ in which),
    )


USE_BIAS = Bool(name="use_bias", default=True, help=T("Whether to add learned biases.", "是否加上可学习的偏置。"))


def cell_args(gated: str | None) -> tuple:
    """Arguments shared by a recurrent layer and its cell."""
    extra = {"lstm": (UNIT_FORGET_BIAS,), "gru": (RESET_AFTER,), None: ()}[gated]
    return (
        UNITS,
        activation(default="tanh"),
        *((RECURRENT_ACTIVATION,) if gated else ()),
        USE_BIAS,
        *extra,
        *weight_args(),
        DROPOUT,
        RECURRENT_DROPOUT,
        seed(),
    )


HELP = {
    "SimpleRNN": T("The plainest recurrent layer: hₜ = activation(xₜ·W + hₜ₋₁·U + b). Struggles with long-range dependencies.",
                   "最简单的循环层：hₜ = activation(xₜ·W + hₜ₋₁·U + b)。难以学到长距离依赖。"),
    "GRU": T("Gated recurrent unit: update and reset gates decide how much of the old state to keep.", "门控循环单元：更新门和重置门决定保留多少旧状态。"),
    "LSTM": T("Long short-term memory: a cell state with input, forget and output gates carries information across long sequences.",
              "长短期记忆网络：带有输入门、遗忘门和输出门的细胞状态能把信息带过很长的序列。"),
}
GATED = {"SimpleRNN": None, "GRU": "gru", "LSTM": "lstm"}
# activity_regularizer belongs to the layer, not its cell
ACTIVITY = regularizer("activity_regularizer", T("the layer's output", "该层输出"))

RNN_LAYERS = ("SimpleRNN", "GRU", "LSTM", "RNN")

ENTRIES = [
    Entry(name, "recurrent", HELP[name], (*cell_args(GATED[name]), ACTIVITY, *SEQUENCE_ARGS, *LAYER_COMMON)) for name in ("SimpleRNN", "GRU", "LSTM")
] + [
    Entry(
        "ConvLSTM2D", "recurrent",
        T("An LSTM whose input and state are images and whose products are convolutions: for sequences of frames.", "输入和状态都是图像、乘法换成卷积的 LSTM：用于帧序列。"),
        (filters(), kernel_size(2, [3, 3]), strides(2, 1), padding(), DATA_FORMAT, dilation(2, 1), activation(default="tanh"), RECURRENT_ACTIVATION, USE_BIAS,
         UNIT_FORGET_BIAS, *weight_args(), ACTIVITY, DROPOUT, RECURRENT_DROPOUT, seed(), *SEQUENCE_ARGS[:4], *LAYER_COMMON),
    ),
    Entry(
        "RNN", "recurrent",
        T("Runs a cell (or a stack of cells) over a sequence: the general recurrent layer that SimpleRNN, GRU and LSTM specialise.",
          "在序列上运行一个单元（或一叠单元）：SimpleRNN、GRU 和 LSTM 都是它的特例。"),
        (
            Nested(name="cell", default=[{"class_name": "SimpleRNNCell", "config": {"units": 16}}], registry="cells", many=True, max_len=4, required=True,
                   help=T("The cell run at each step; several cells are stacked, each feeding the next.", "每一步运行的单元；多个单元会堆叠起来，逐个传递。")),
            *SEQUENCE_ARGS,
            Bool(name="zero_output_for_mask", default=False, advanced=True, help=T("Output zeros (not the last state) at masked steps.", "在被掩码的时间步输出 0（而不是上一个状态）。")),
            *LAYER_COMMON,
        ),
    ),
    Entry(
        "Bidirectional", "wrapper",
        T("Runs a recurrent layer forwards and a copy backwards over the sequence, and merges their outputs.", "让一个循环层正向读序列、它的副本反向读序列，再合并两者的输出。"),
        (
            Nested(name="layer", default={"class_name": "LSTM", "config": {"units": 16}}, registry="layers", allowed=RNN_LAYERS, required=True,
                   help=T("The recurrent layer to run in both directions.", "要双向运行的循环层。")),
            Choice(name="merge_mode", default="concat", nullable=True, choices=("concat", "sum", "mul", "ave"),
                   help=T("How to combine the two directions; None returns both separately.", "如何合并两个方向的输出；None 表示分别返回。")),
            Nested(name="backward_layer", default=None, nullable=True, registry="layers", allowed=RNN_LAYERS, advanced=True,
                   help=T("A different layer for the backward direction (it must have go_backwards=True).", "反向使用的另一个层（必须设置 go_backwards=True）。")),
            *LAYER_COMMON,
        ),
    ),
    Entry(
        "TimeDistributed", "wrapper",
        T("Applies the same layer to every time step of a sequence (axis 1), with the same weights.", "把同一个层（同一组权重）应用到序列的每一个时间步（轴 1）。"),
        (
            Nested(name="layer", default={"class_name": "Dense", "config": {"units": 8}}, registry="layers",
                   allowed=("Dense", "Activation", "Dropout", "Flatten", "Reshape", "Conv1D", "Conv2D", "MaxPooling1D", "MaxPooling2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D", "BatchNormalization", "Embedding"),
                   required=True, help=T("The layer to apply at each step.", "在每个时间步上应用的层。")),
            *LAYER_COMMON,
        ),
    ),
]

CELLS = Registry("cell", T("recurrent cells", "循环单元"))
CELLS.add(
    *(Entry(f"{name}Cell", "cell", HELP[name], cell_args(GATED[name])) for name in ("SimpleRNN", "GRU", "LSTM")),
    Entry("MinimalRNNCell", "cell",
          T("The smallest possible cell: output = x·W + h·U, no bias, no activation. Written in this app as the custom-cell example.",
            "最小的循环单元：output = x·W + h·U，没有偏置也没有激活函数。本应用把它作为自定义单元的示例实现。"),
          (UNITS,), source="app"),
)
