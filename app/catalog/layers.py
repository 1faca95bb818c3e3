"""Layers the form can add, with their arguments and bounds."""

from __future__ import annotations

from dataclasses import replace

from app.catalog.common import LAYER_COMMON, activation, constraint, initializer, regularizer, seed
from app.catalog.params import Bool, Choice, Float, Int, Permutation, Shape
from app.catalog.registry import Entry, Registry
from app.i18n import T

LAYERS = Registry("layer", T("layers", "层"))

KERNEL = T("the kernel (weight matrix)", "核（权重矩阵）")
BIAS = T("the bias vector", "偏置向量")
OUTPUT = T("the layer's output", "该层输出")


def layer(class_name: str, group: str, help: T, *params) -> Entry:
    return Entry(class_name, group, help, tuple(params) + LAYER_COMMON)


LAYERS.add(
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
        Choice(
            name="data_format", default=None, nullable=True, choices=("channels_last", "channels_first"), advanced=True,
            help=T("Axis order of image-like input; only changes the order of the flattened values.", "类图像输入的轴顺序；只影响展平后数值的排列顺序。"),
        ),
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
)
