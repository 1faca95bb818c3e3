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
    Entry(
        "MeanAbsolutePercentageError", "regression",
        T("Mean of |target − prediction| / |target|, times 100: errors relative to the target's size.", "|目标 − 预测| / |目标| 的均值再乘以 100：相对于目标大小的误差。"),
        aliases=("mape", "mean_absolute_percentage_error"),
    ),
    Entry(
        "MeanSquaredLogarithmicError", "regression",
        T("Mean of (log(1 + target) − log(1 + prediction))²: cares about ratios more than differences.", "(log(1 + 目标) − log(1 + 预测))² 的均值：更在意比例而不是差值。"),
        aliases=("msle", "mean_squared_logarithmic_error"),
    ),
    Entry(
        "CosineSimilarity", "regression",
        T("Minus the cosine of the angle between target and prediction (−1 when they point the same way).", "目标与预测夹角余弦的相反数（方向相同时为 −1）。"),
        (Int(name="axis", default=-1, lo=-4, hi=4, advanced=True, help=T("The axis along which the cosine is computed.", "计算余弦所沿的轴。")),),
        aliases=("cosine_similarity",),
    ),
    Entry(
        "Huber", "regression",
        T("Squared error for small errors, absolute error beyond delta: robust to outliers.", "误差小时用平方误差，超过 delta 时用绝对误差：对离群点更稳健。"),
        (Float(name="delta", default=1.0, lo=0.0, hi=1e6, lo_open=True, help=T("Where the loss turns from quadratic to linear.", "损失从二次变为线性的分界点。")),),
        aliases=("huber",),
    ),
    Entry(
        "Poisson", "probabilistic",
        T("Mean of prediction − target·log(prediction): for counts.", "预测 − 目标·log(预测) 的均值：用于计数数据。"),
        aliases=("poisson",),
    ),
    Entry(
        "KLDivergence", "probabilistic",
        T("Kullback–Leibler divergence from the target distribution to the predicted one.", "从目标分布到预测分布的 KL 散度。"),
        aliases=("kl_divergence", "kld"),
    ),
)
