"""Optimizers, as `compile(optimizer=...)` takes them."""

from __future__ import annotations

from dataclasses import replace

from app.catalog.common import LEARNING_RATE, clip_params
from app.catalog.params import Bool, Float
from app.catalog.registry import Entry, Registry
from app.i18n import T

OPTIMIZERS = Registry("optimizer", T("optimizers", "优化器"))

EPSILON = Float(
    name="epsilon", default=1e-7, lo=0.0, hi=1.0, lo_open=True, advanced=True,
    help=T("Small constant that keeps the update's denominator away from zero.", "防止更新公式分母为零的小常数。"),
)
BETA_1 = Float(name="beta_1", default=0.9, lo=0.0, hi=1.0, hi_open=True, step=0.01, help=T("Decay of the moving average of gradients (the momentum).", "梯度滑动平均（动量）的衰减系数。"))
BETA_2 = Float(name="beta_2", default=0.999, lo=0.0, hi=1.0, hi_open=True, step=0.001, help=T("Decay of the moving average of squared gradients.", "梯度平方滑动平均的衰减系数。"))
MOMENTUM = Float(
    name="momentum", default=0.0, lo=0.0, hi=1.0, hi_open=True, step=0.05,
    help=T("Fraction of the previous step carried into the next one; 0 turns momentum off.", "上一步更新被带入下一步的比例；0 表示不使用动量。"),
)


def optimizer(class_name: str, alias: str, lr: float, help: T, *params) -> Entry:
    rate = replace(LEARNING_RATE, default=lr)
    return Entry(class_name, "optimizer", help, (rate, *params, *clip_params()), aliases=(alias,))


OPTIMIZERS.add(
    optimizer(
        "SGD", "sgd", 0.01,
        T("Stochastic gradient descent: w ← w − learning_rate · gradient, with optional momentum.", "随机梯度下降：w ← w − learning_rate · 梯度，可选动量。"),
        MOMENTUM,
        Bool(name="nesterov", default=False, help=T("Use Nesterov momentum: take the gradient where momentum is about to carry the weights.", "使用 Nesterov 动量：在动量即将到达的位置计算梯度。")),
    ),
    optimizer(
        "RMSprop", "rmsprop", 0.001,
        T("Divides each step by a moving root-mean-square of recent gradients, so every weight gets its own step size.", "用近期梯度平方的滑动均值的平方根去除每一步，使每个权重拥有自己的步长。"),
        Float(name="rho", default=0.9, lo=0.0, hi=1.0, hi_open=True, step=0.01, help=T("Decay of the moving average of squared gradients.", "梯度平方滑动平均的衰减系数。")),
        MOMENTUM,
        EPSILON,
        Bool(name="centered", default=False, advanced=True, help=T("Normalize by the gradient's estimated variance instead of its raw second moment.", "用梯度的估计方差而不是原始二阶矩来归一化。")),
    ),
    optimizer(
        "Adam", "adam", 0.001,
        T("Momentum plus RMSprop-style scaling, with bias correction for the first steps.", "结合动量与 RMSprop 式缩放，并对最初几步做偏差修正。"),
        BETA_1, BETA_2, EPSILON,
        Bool(name="amsgrad", default=False, advanced=True, help=T("Use the AMSGrad variant: keep the largest second moment seen so far.", "使用 AMSGrad 变体：保留迄今为止最大的二阶矩。")),
    ),
    optimizer(
        "Adagrad", "adagrad", 0.001,
        T("Divides each step by the root of the sum of all past squared gradients: frequently updated weights slow down.", "用历史上所有梯度平方和的平方根去除每一步：更新频繁的权重会逐渐放慢。"),
        Float(name="initial_accumulator_value", default=0.1, lo=0.0, hi=10.0, advanced=True, help=T("Starting value of the sum of squared gradients.", "梯度平方和的初始值。")),
        EPSILON,
    ),
    optimizer(
        "Adadelta", "adadelta", 0.001,
        T("Like RMSprop, but also scales each step by a moving average of past updates, so units match.", "与 RMSprop 类似，但还用过去更新量的滑动平均缩放每一步，使单位一致。"),
        Float(name="rho", default=0.95, lo=0.0, hi=1.0, hi_open=True, step=0.01, help=T("Decay of the moving averages.", "滑动平均的衰减系数。")),
        EPSILON,
    ),
    optimizer(
        "Adamax", "adamax", 0.001,
        T("Adam with the infinity norm: divides by the largest recent gradient instead of an RMS.", "使用无穷范数的 Adam：用近期最大的梯度而不是均方根来相除。"),
        BETA_1, BETA_2, EPSILON,
    ),
    optimizer(
        "Nadam", "nadam", 0.001,
        T("Adam with Nesterov momentum: looks ahead along the momentum before taking the step.", "结合 Nesterov 动量的 Adam：先沿动量方向向前看，再迈出这一步。"),
        BETA_1, BETA_2, EPSILON,
    ),
    optimizer(
        "Ftrl", "ftrl", 0.001,
        T("Follow-the-regularized-leader: per-weight rates with L1/L2 terms; good at sparse, wide linear models.", "跟随正则化领导者算法：每个权重有自己的学习率并带 L1/L2 项；适合稀疏的宽线性模型。"),
        Float(name="learning_rate_power", default=-0.5, lo=-10.0, hi=0.0, advanced=True, help=T("How fast the per-weight rate shrinks (0: fixed rate).", "每个权重学习率下降的快慢（0 表示固定学习率）。")),
        Float(name="initial_accumulator_value", default=0.1, lo=0.0, hi=10.0, advanced=True, help=T("Starting value of the accumulators.", "累加器的初始值。")),
        Float(name="l1_regularization_strength", default=0.0, lo=0.0, hi=100.0, help=T("L1 penalty: pushes weights to exactly 0.", "L1 惩罚：把权重推向恰好为 0。")),
        Float(name="l2_regularization_strength", default=0.0, lo=0.0, hi=100.0, help=T("L2 penalty on the weights.", "对权重的 L2 惩罚。")),
        Float(name="l2_shrinkage_regularization_strength", default=0.0, lo=0.0, hi=100.0, advanced=True, help=T("L2 shrinkage on the gradient.", "作用于梯度的 L2 收缩。")),
        Float(name="beta", default=0.0, lo=0.0, hi=100.0, advanced=True, help=T("Added to the denominator of the per-weight rate.", "加到每个权重学习率分母上的量。")),
    ),
)
