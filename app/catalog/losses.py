"""Losses, as `compile(loss=...)` takes them."""

from __future__ import annotations

from app.catalog.params import Bool, Float, Int
from app.catalog.registry import Entry, Registry
from app.i18n import T

LOSSES = Registry("loss", T("losses", "损失函数"))

FROM_LOGITS = Bool(
    name="from_logits", default=False,
    help=T("True if the model outputs raw scores (no sigmoid/softmax at the end); the loss applies it itself.", "若模型输出的是未经 sigmoid/softmax 的原始分数，则设为 True，由损失函数自行处理。"),
)
LABEL_SMOOTHING = Float(
    name="label_smoothing", default=0.0, lo=0.0, hi=1.0, step=0.05, advanced=True,
    help=T("Moves the targets away from 0 and 1 by this amount, which discourages over-confident predictions.", "按该比例把目标值从 0 和 1 向中间移动，抑制过度自信的预测。"),
)

LOSSES.add(
    Entry(
        "BinaryCrossentropy", "probabilistic",
        T("For two classes: one output unit giving the probability of class 1; targets 0 or 1.", "用于二分类：一个输出单元给出类别 1 的概率；目标为 0 或 1。"),
        (FROM_LOGITS, LABEL_SMOOTHING),
        aliases=("binary_crossentropy",),
    ),
    Entry(
        "CategoricalCrossentropy", "probabilistic",
        T("For several classes with one-hot targets: one output unit per class (usually softmax).", "用于多分类、目标为 one-hot 编码：每个类别一个输出单元（通常接 softmax）。"),
        (FROM_LOGITS, LABEL_SMOOTHING),
        aliases=("categorical_crossentropy",),
    ),
    Entry(
        "SparseCategoricalCrossentropy", "probabilistic",
        T("Like categorical crossentropy, but targets are class numbers (0, 1, 2, ...) instead of one-hot vectors.", "与分类交叉熵相同，但目标是类别编号（0、1、2……），而不是 one-hot 向量。"),
        (
            FROM_LOGITS,
            Int(name="ignore_class", default=None, nullable=True, lo=-1, hi=10_000, advanced=True, help=T("A class number whose samples are left out of the loss.", "该类别编号的样本不计入损失。")),
        ),
        aliases=("sparse_categorical_crossentropy",),
    ),
    Entry(
        "MeanSquaredError", "regression",
        T("Mean of the squared differences between targets and predictions.", "目标值与预测值之差的平方的均值。"),
        aliases=("mse", "mean_squared_error"),
    ),
    Entry(
        "MeanAbsoluteError", "regression",
        T("Mean of the absolute differences between targets and predictions.", "目标值与预测值之差的绝对值的均值。"),
        aliases=("mae", "mean_absolute_error"),
    ),
)
