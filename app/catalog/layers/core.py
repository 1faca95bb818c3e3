"""Core layers: Dense, Activation, Dropout, Flatten, Reshape, Permute,
BatchNormalization, RepeatVector, Lambda, ActivityRegularization, Masking,
Embedding."""

from __future__ import annotations

from dataclasses import replace

from app.catalog.common import (
    DATA_FORMAT,
    EMBEDDING_INITIALIZERS,
    LAMBDA_ARGUMENTS,
    LAMBDA_PARAMS,
    LAYER_COMMON,
    activation,
    constraint,
    initializer,
    lambda_rules,
    regularizer,
    seed,
)
from app.catalog.nested import Kwargs
from app.catalog.params import Bool, Choice, Float, Int, Permutation, Shape
from app.catalog.registry import Entry
from app.i18n import T

KERNEL = T("the kernel (weight matrix)", "核（权重矩阵）")
BIAS = T("the bias vector", "偏置向量")
OUTPUT = T("the layer's output", "该层输出")


def layer(class_name: str, group: str, help: T, *params, **kw) -> Entry:
    return Entry(class_name, group, help, tuple(params) + LAYER_COMMON, **kw)


ENTRIES = [
    layer(
        "Dense", "core",
        T(
            "Fully connected layer: output = activation(input · kernel + bias). Acts on the last axis.",
            "全连接层：输出 = activation(输入 · kernel + bias)，作用于最后一个轴。",
        ),
        Int(name="units", default=32, lo=1, hi=4096, required=True, help=T("Number of output units (neurons): the size of the output's last axis.", "输出单元（神经元）的个数，即输出最后一个轴的大小。")),
        activation(),
        Bool(name="use_bias", default=True, help=T("Whether to add a learned bias vector.", "是否加上可学习的偏置向量。")),
        initializer("kernel_initializer", "glorot_uniform", KERNEL),
        initializer("bias_initializer", "zeros", BIAS),
        regularizer("kernel_regularizer", KERNEL),
        regularizer("bias_regularizer", BIAS),
        regularizer("activity_regularizer", OUTPUT),
        constraint("kernel_constraint", KERNEL),
        constraint("bias_constraint", BIAS),
    ),
    layer(
        "Activation", "core",
        T("Applies an activation function to its input; the shape is unchanged.", "对输入施加激活函数，形状不变。"),
        replace(activation(default="relu", nullable=False), required=True),
    ),
    layer(
        "Dropout", "core",
        T(
            "During training, sets a random fraction of inputs to 0 and scales the rest by 1/(1 - rate); does nothing at inference.",
            "训练时随机把一部分输入置 0，其余乘以 1/(1 - rate)；推理时不起作用。",
        ),
        Float(name="rate", default=0.5, lo=0.0, hi=1.0, hi_open=True, step=0.05, required=True, help=T("Fraction of the inputs to drop.", "被丢弃的输入所占比例。")),
        seed(),
    ),
    layer(
        "Flatten", "core",
        T("Flattens every sample into one axis: (batch, 4, 5) becomes (batch, 20). No weights.", "把每个样本展平成一维：(batch, 4, 5) 变为 (batch, 20)。没有权重。"),
        DATA_FORMAT,
    ),
    layer(
        "Reshape", "core",
        T(
            "Gives each sample a new shape with the same number of values; the batch axis is kept.",
            "在元素个数不变的前提下改变每个样本的形状；批次轴保持不变。",
        ),
        Shape(
            name="target_shape", default=[4, 4], allow_minus_one=True, required=True,
            help=T("New shape of a sample, without the batch axis. One entry may be -1: Keras infers it.", "单个样本的新形状（不含批次轴）。可以有一个 -1，由 Keras 推断。"),
        ),
    ),
    layer(
        "Permute", "core",
        T("Reorders the axes of each sample; the batch axis stays first.", "重新排列每个样本的轴；批次轴保持在最前。"),
        Permutation(
            name="dims", default=[2, 1], required=True,
            help=T("The new order of the axes, counted from 1 (the batch axis is 0 and not listed).", "轴的新顺序，从 1 开始计数（批次轴为 0，不列出）。"),
        ),
    ),
    layer(
        "BatchNormalization", "normalization",
        T(
            "Normalizes each feature with the batch's mean and variance during training, and with moving averages at inference.",
            "训练时用当前批次的均值和方差对每个特征做标准化，推理时改用滑动平均值。",
        ),
        Int(name="axis", default=-1, lo=-4, hi=4, advanced=True, help=T("The feature axis to normalize (-1: the last axis).", "被标准化的特征轴（-1 表示最后一个轴）。")),
        Float(name="momentum", default=0.99, lo=0.0, hi=1.0, step=0.01, help=T("How slowly the moving mean and variance follow the batches (closer to 1: slower).", "滑动均值和方差跟随各批次变化的快慢（越接近 1 越慢）。")),
        Float(name="epsilon", default=0.001, lo=0.0, hi=1.0, lo_open=True, advanced=True, help=T("Small number added to the variance so it is never divided by zero.", "加在方差上的小数，避免除以零。")),
        Bool(name="center", default=True, help=T("Learn an offset beta added after normalizing.", "学习一个在标准化后加上的偏移量 beta。")),
        Bool(name="scale", default=True, help=T("Learn a factor gamma multiplied after normalizing.", "学习一个在标准化后乘上的缩放系数 gamma。")),
        initializer("beta_initializer", "zeros", T("beta", "beta")),
        initializer("gamma_initializer", "ones", T("gamma", "gamma")),
        initializer("moving_mean_initializer", "zeros", T("the moving mean", "滑动均值")),
        initializer("moving_variance_initializer", "ones", T("the moving variance", "滑动方差")),
        regularizer("beta_regularizer", T("beta", "beta")),
        regularizer("gamma_regularizer", T("gamma", "gamma")),
    ),
    layer(
        "LayerNormalization", "normalization",
        T(
            "Normalizes each sample on its own over the last axis (mean 0, variance 1), then scales by gamma and shifts by beta; the same in training and at inference. Transformers use it.",
            "对每个样本单独沿最后一个轴做标准化（均值 0、方差 1），再乘以 gamma、加上 beta；训练和推理时做法相同。Transformer 中使用它。",
        ),
        Int(name="axis", default=-1, lo=-4, hi=4, advanced=True, help=T("The axis to normalize over (-1: the last axis).", "做标准化所沿的轴（-1 表示最后一个轴）。")),
        Float(name="epsilon", default=0.001, lo=0.0, hi=1.0, lo_open=True, advanced=True, help=T("Small number added to the variance so it is never divided by zero.", "加在方差上的小数，避免除以零。")),
        Bool(name="center", default=True, help=T("Learn an offset beta added after normalizing.", "学习一个在标准化后加上的偏移量 beta。")),
        Bool(name="scale", default=True, help=T("Learn a factor gamma multiplied after normalizing.", "学习一个在标准化后乘上的缩放系数 gamma。")),
        initializer("beta_initializer", "zeros", T("beta", "beta")),
        initializer("gamma_initializer", "ones", T("gamma", "gamma")),
        regularizer("beta_regularizer", T("beta", "beta")),
        regularizer("gamma_regularizer", T("gamma", "gamma")),
    ),
    layer(
        "RepeatVector", "core",
        T("Repeats each sample's vector n times: (batch, features) becomes (batch, n, features).", "把每个样本的向量重复 n 次：(batch, features) 变为 (batch, n, features)。"),
        Int(name="n", default=3, lo=1, hi=1024, required=True, help=T("How many times to repeat.", "重复的次数。")),
    ),
    layer(
        "Lambda", "core",
        T(
            "Applies a fixed expression to its input. Here the expression is chosen from a list, so no typed code is ever run.",
            "对输入施加一个固定的表达式。这里的表达式从列表中选择，因此不会运行任何输入的代码。",
        ),
        Choice(
            name="function", default="square", choices=tuple(LAMBDA_ARGUMENTS), required=True,
            help=T("The expression: square, abs, negate, scale (x·factor), shift (x+offset), clip, l2_normalize, mean/sum over axis 1.", "表达式：square、abs、negate、scale（x·factor）、shift（x+offset）、clip、l2_normalize、沿轴 1 求均值/求和。"),
        ),
        Kwargs(
            name="arguments", default=None, nullable=True, params=LAMBDA_PARAMS, depends_on="function", by_choice=LAMBDA_ARGUMENTS,
            help=T("The expression's numbers: factor for scale, offset for shift, min_value and max_value for clip.", "表达式用到的数：scale 的 factor、shift 的 offset、clip 的 min_value 和 max_value。"),
        ),
        rules=lambda_rules,
    ),
    layer(
        "ActivityRegularization", "core",
        T("Leaves its input unchanged but adds an L1/L2 penalty on it to the loss.", "不改变输入，但把对输入的 L1/L2 惩罚加到损失上。"),
        Float(name="l1", default=0.0, lo=0.0, hi=10.0, help=T("Weight of the sum of absolute values.", "绝对值之和的系数。")),
        Float(name="l2", default=0.0, lo=0.0, hi=10.0, help=T("Weight of the sum of squares.", "平方和的系数。")),
    ),
    layer(
        "Masking", "core",
        T("Marks time steps whose features all equal mask_value, so later layers (RNNs) skip them.", "标记所有特征都等于 mask_value 的时间步，使后续层（如 RNN）跳过它们。"),
        Float(name="mask_value", default=0.0, lo=-1e6, hi=1e6, help=T("The value that marks padding.", "表示填充的值。")),
    ),
    layer(
        "Embedding", "core",
        T("Turns integer ids (0 … input_dim−1) into dense vectors learned during training.", "把整数编号（0 … input_dim−1）变成训练中学到的稠密向量。"),
        Int(name="input_dim", default=1000, lo=1, hi=100_000, required=True, help=T("Size of the vocabulary: the largest id plus one.", "词表大小：最大编号加一。")),
        Int(name="output_dim", default=64, lo=1, hi=1024, required=True, help=T("Length of each vector.", "每个向量的长度。")),
        initializer("embeddings_initializer", "uniform", T("the embedding matrix", "嵌入矩阵"), EMBEDDING_INITIALIZERS),
        regularizer("embeddings_regularizer", T("the embedding matrix", "嵌入矩阵")),
        constraint("embeddings_constraint", T("the embedding matrix", "嵌入矩阵")),
        Bool(name="mask_zero", default=False, help=T("Treat id 0 as padding: later layers that support masks skip it.", "把编号 0 当作填充：支持掩码的后续层会跳过它。")),
    ),
] + [
    layer(
        f"SpatialDropout{n}D", "core",
        T(
            f"Dropout that drops whole feature maps (channels) of {n}-D data instead of single values.",
            f"针对 {n} 维数据的 Dropout：丢弃整个特征图（通道），而不是单个数值。",
        ),
        Float(name="rate", default=0.5, lo=0.0, hi=1.0, hi_open=True, step=0.05, required=True, help=T("Fraction of channels to drop.", "被丢弃通道的比例。")),
        *((DATA_FORMAT,) if n > 1 else ()),
        seed(),
    )
    for n in (1, 2, 3)
]
