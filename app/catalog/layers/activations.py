"""Activation layers: LeakyReLU, PReLU, ELU, ReLU, Softmax, and the app's
ThresholdedReLU (removed from Keras 3)."""

from __future__ import annotations

from app.catalog.common import LAYER_COMMON, constraint, initializer, regularizer
from app.catalog.params import Float, Int, Numbers
from app.catalog.registry import Entry
from app.i18n import T

ALPHA = T("alpha (the learned slope)", "alpha（学习到的斜率）")

ENTRIES = [
    Entry("LeakyReLU", "activation", T("x for x ≥ 0, negative_slope·x below: a small slope keeps negative units learning.", "x ≥ 0 时为 x，小于 0 时为 negative_slope·x：小斜率让负值单元仍能学习。"),
          (Float(name="negative_slope", default=0.3, lo=0.0, hi=10.0, step=0.05, help=T("Slope for negative inputs.", "负输入部分的斜率。")), *LAYER_COMMON)),
    Entry("PReLU", "activation", T("Like LeakyReLU, but the negative slope is a weight learned per unit.", "与 LeakyReLU 类似，但负半轴的斜率是每个单元学习到的权重。"),
          (initializer("alpha_initializer", "Zeros", ALPHA, ("Zeros", "Ones", "glorot_uniform", "he_normal", "random_uniform")),
           regularizer("alpha_regularizer", ALPHA), constraint("alpha_constraint", ALPHA),
           Numbers(name="shared_axes", default=None, nullable=True, min_len=1, max_len=3, lo=1, hi=4, integer=True, increasing=True, advanced=True,
                   help=T("Axes along which one slope is shared, e.g. [1, 2] for one slope per channel of an image.", "共享同一斜率的轴，例如 [1, 2] 表示图像的每个通道一个斜率。")),
           *LAYER_COMMON)),
    Entry("ELU", "activation", T("x for x > 0, alpha·(eˣ − 1) below: smooth, with negative values down to −alpha.", "x > 0 时为 x，否则为 alpha·(eˣ − 1)：曲线平滑，负值最低到 −alpha。"),
          (Float(name="alpha", default=1.0, lo=0.0, hi=10.0, help=T("How low the negative part goes.", "负半部分能到达的深度。")), *LAYER_COMMON)),
    Entry("ReLU", "activation", T("max(x, 0) by default; with its arguments also capped, leaky or thresholded.", "默认为 max(x, 0)；借助参数还可以设置上限、泄漏斜率或阈值。"),
          (Float(name="max_value", default=None, nullable=True, lo=0.0, hi=1e6, help=T("Cap on the output (6 gives ReLU6).", "输出的上限（设为 6 即 ReLU6）。")),
           Float(name="negative_slope", default=0.0, lo=0.0, hi=10.0, help=T("Slope below the threshold.", "阈值以下部分的斜率。")),
           Float(name="threshold", default=0.0, lo=0.0, hi=1e6, help=T("Inputs below this are cut (Keras 3's replacement for ThresholdedReLU; it must not be negative).", "低于该值的输入被截断（Keras 3 中取代 ThresholdedReLU 的方式；不能为负数）。")),
           *LAYER_COMMON)),
    Entry("Softmax", "activation", T("Turns scores into probabilities that sum to 1 along an axis.", "把分数沿某个轴变成和为 1 的概率。"),
          (Int(name="axis", default=-1, lo=-4, hi=4, help=T("The axis the probabilities sum over.", "概率求和所沿的轴。")), *LAYER_COMMON)),
    Entry("ThresholdedReLU", "activation", T("x where x > theta, else 0. Keras 3 removed it in favour of ReLU(threshold=theta), which computes the same; this app provides it for older code.",
                                             "x > theta 时为 x，否则为 0。Keras 3 已移除该层，改用计算结果相同的 ReLU(threshold=theta)；本应用为兼容旧代码提供了它。"),
          (Float(name="theta", default=1.0, lo=0.0, hi=1e6, help=T("The threshold.", "阈值。")), *LAYER_COMMON), source="app"),
]
