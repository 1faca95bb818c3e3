"""Generated toy data: random features, 2-D classification sets, curves."""

from __future__ import annotations

from app.catalog.params import Choice, Float, Int
from app.datasets.registry import SEED, Dataset, n_samples
from app.i18n import T


def noise(default: float) -> Float:
    return Float(name="noise", default=default, lo=0.0, hi=1.0, step=0.05, help=T("Standard deviation of the Gaussian noise added to each point.", "加到每个点上的高斯噪声的标准差。"))


def toy(name: str, title: T, description: T, noise_default: float) -> Dataset:
    return Dataset(name, title, description, "binary", (n_samples(500), noise(noise_default), SEED),
                   input_shape=lambda o: (2,), n_classes=lambda o: 2, loader=f"toy:{name}")


ENTRIES = [
    Dataset(
        "random_features",
        T("20 random features, binary labels", "20 个随机特征的二分类数据"),
        T(
            "Rows of uniformly random numbers in [0, 1). Labels come from a hidden linear rule (learnable) or from coin flips (nothing to learn, as in the classic Keras example).",
            "每行是 [0, 1) 区间内均匀分布的随机数。标签来自一条隐藏的线性规则（可以学会），或来自抛硬币（无规律可学，正如经典的 Keras 示例）。",
        ),
        "binary",
        (
            n_samples(1000, lo=20, hi=20_000),
            Int(name="n_features", default=20, lo=1, hi=512, help=T("Features per row.", "每行的特征数。")),
            Choice(name="labels", default="rule", choices=("rule", "random"), help=T("'rule': labels follow a hidden linear rule; 'random': coin flips.", "'rule'：标签服从一条隐藏的线性规则；'random'：抛硬币决定。")),
            Float(name="label_noise", default=0.05, lo=0.0, hi=0.5, step=0.01, help=T("Fraction of rule labels flipped at random.", "规则标签中被随机翻转的比例。")),
            SEED,
        ),
        input_shape=lambda o: (o["n_features"],), n_classes=lambda o: 2, loader="toy:random_features",
    ),
    toy("moons", T("Two moons", "双月牙"), T("Two interleaving half circles.", "两个相互交错的半圆。"), 0.2),
    toy("circles", T("Circles", "同心圆"), T("A small circle inside a larger one.", "一个小圆套在一个大圆里。"), 0.1),
    toy("xor", T("XOR", "异或"), T("Points in four quadrants; the label is 1 where x and y have the same sign.", "分布在四个象限的点；x 与 y 同号时标签为 1。"), 0.2),
    toy("spirals", T("Spirals", "双螺旋"), T("Two intertwined spirals, the hardest of the 2-D sets.", "两条相互缠绕的螺旋线，是二维数据集中最难的一个。"), 0.2),
    Dataset(
        "blobs",
        T("Gaussian blobs", "高斯团簇"),
        T("Clusters of points around random centres, one class per cluster.", "围绕随机中心分布的点簇，每个簇一个类别。"),
        "multiclass",
        (
            n_samples(500),
            Int(name="centers", default=3, lo=2, hi=8, help=T("Number of clusters (classes).", "簇（类别）的个数。")),
            Float(name="cluster_std", default=1.0, lo=0.1, hi=5.0, step=0.1, help=T("Spread of each cluster.", "每个簇的分散程度。")),
            SEED,
        ),
        input_shape=lambda o: (2,), n_classes=lambda o: o["centers"], loader="toy:blobs",
    ),
    Dataset(
        "curve",
        T("A noisy curve (regression)", "带噪声的曲线（回归）"),
        T("Points (x, f(x) + noise) for x in [−3, 3]: fit a function with a network.", "x 在 [−3, 3] 内的点 (x, f(x) + 噪声)：用神经网络拟合一个函数。"),
        "regression",
        (
            n_samples(400),
            Choice(name="function", default="sine", choices=("sine", "cubic", "abs", "step"), help=T("The function to learn.", "要学习的函数。")),
            Float(name="noise", default=0.1, lo=0.0, hi=2.0, step=0.05, help=T("Standard deviation of the noise on y.", "y 上噪声的标准差。")),
            SEED,
        ),
        input_shape=lambda o: (1,), loader="toy:curve",
    ),
    Dataset(
        "line",
        T("Points on a line (regression)", "直线上的点（回归）"),
        T("Points (x, slope·x + intercept + noise): the smallest regression, for gradient descent by hand.", "点 (x, slope·x + intercept + 噪声)：最简单的回归问题，适合手算梯度下降。"),
        "regression",
        (
            Int(name="n_samples", default=100, lo=3, hi=5000, help=T("How many points (x = 0, 1, 2, ... scaled to [0, 2]).", "点的个数（x 取 0、1、2……并缩放到 [0, 2]）。")),
            Float(name="slope", default=1.0, lo=-100.0, hi=100.0, help=T("The line's slope a.", "直线的斜率 a。")),
            Float(name="intercept", default=1.0, lo=-100.0, hi=100.0, help=T("The line's intercept b.", "直线的截距 b。")),
            Float(name="noise", default=0.0, lo=0.0, hi=10.0, help=T("Standard deviation of the noise on y.", "y 上噪声的标准差。")),
            SEED,
        ),
        input_shape=lambda o: (1,), loader="toy:line",
    ),
]
