"""The data sets the playground trains on: metadata here, loaders in `loaders.py`.

The web process reads only the metadata (names, options and their bounds,
the input shape and classes a data set gives) to validate specs; the worker
calls the loaders, which need NumPy and scikit-learn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.catalog.params import Choice, Float, Int, Param
from app.catalog.registry import Issue
from app.i18n import T


@dataclass(frozen=True)
class Dataset:
    name: str
    title: T
    description: T
    task: str  # "binary" | "multiclass"
    options: tuple[Param, ...]
    input_shape: Callable[[dict[str, Any]], tuple[int, ...]]
    n_classes: Callable[[dict[str, Any]], int]
    loader: str  # name of the function in app.datasets.loaders
    # Data sets with several inputs or outputs name them (the model's must match):
    inputs: Callable[[dict[str, Any]], dict[str, tuple[tuple[int, ...], str]]] | None = None
    outputs: Callable[[dict[str, Any]], dict[str, tuple[str, int]]] | None = None

    @property
    def named_io(self) -> bool:
        return self.inputs is not None

    def signature(self, options: dict[str, Any]) -> tuple[dict, dict]:
        """({input name: (shape, dtype)}, {output name: (task, classes)}) for full options."""
        if self.inputs is None:
            return {"input": (tuple(self.input_shape(options)), "float32")}, {"output": (self.task, self.n_classes(options))}
        return self.inputs(options), self.outputs(options)

    def with_defaults(self, options: dict[str, Any]) -> dict[str, Any]:
        return {p.name: p.default for p in self.options} | options

    def check_options(self, options: dict[str, Any]) -> tuple[dict[str, Any], list[Issue]]:
        from app.catalog.registry import Entry

        return Entry(self.name, "dataset", self.title, self.options).check_config(options)

    def to_json(self) -> dict[str, Any]:
        defaults = self.with_defaults({})
        inputs, outputs = self.signature(defaults)
        return {
            "inputs": [{"name": n, "shape": list(s), "dtype": d} for n, (s, d) in inputs.items()] if self.named_io else None,
            "outputs": [{"name": n, "task": t, "n_classes": c} for n, (t, c) in outputs.items()] if self.named_io else None,
            "name": self.name,
            "title": self.title.to_json(),
            "description": self.description.to_json(),
            "task": self.task,
            "options": [p.to_json() for p in self.options],
            "input_shape": list(self.input_shape(defaults)),
            "n_classes": self.n_classes(defaults),
        }


@dataclass
class DatasetRegistry:
    entries: dict[str, Dataset] = field(default_factory=dict)

    def add(self, *datasets: Dataset) -> None:
        for d in datasets:
            self.entries[d.name] = d

    def get(self, name: str) -> Dataset | None:
        return self.entries.get(name)

    def __iter__(self):
        return iter(self.entries.values())

    def to_json(self) -> list[dict[str, Any]]:
        return [d.to_json() for d in self.entries.values()]


def n_samples(default: int, lo: int = 20, hi: int = 5000) -> Int:
    return Int(name="n_samples", default=default, lo=lo, hi=hi, help=T("How many samples to generate.", "生成的样本数。"))


def noise(default: float) -> Float:
    return Float(name="noise", default=default, lo=0.0, hi=1.0, step=0.05, help=T("Standard deviation of the Gaussian noise added to each point.", "加到每个点上的高斯噪声的标准差。"))


SEED = Int(name="seed", default=0, lo=0, hi=2**31 - 1, help=T("Random seed: the same seed gives the same data.", "随机种子：相同的种子生成相同的数据。"))


def toy(name: str, title: T, description: T, noise_default: float) -> Dataset:
    return Dataset(
        name, title, description, "binary",
        (n_samples(500), noise(noise_default), SEED),
        input_shape=lambda o: (2,), n_classes=lambda o: 2, loader=name,
    )


DATASETS = DatasetRegistry()
DATASETS.add(
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
        input_shape=lambda o: (o["n_features"],), n_classes=lambda o: 2, loader="random_features",
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
        input_shape=lambda o: (2,), n_classes=lambda o: o["centers"], loader="blobs",
    ),
    Dataset(
        "digits",
        T("Handwritten digits (8×8)", "手写数字（8×8）"),
        T(
            "scikit-learn's bundled 1,797 images of the digits 0-9, 8×8 pixels scaled to [0, 1].",
            "scikit-learn 自带的 1797 张 0-9 手写数字图片，8×8 像素，缩放到 [0, 1]。",
        ),
        "multiclass",
        (
            Int(name="n_samples", default=1797, lo=100, hi=1797, help=T("How many images to use.", "使用的图片数量。")),
            Choice(name="shape", default="flat", choices=("flat", "image"), help=T("'flat': 64 values per sample; 'image': 8×8×1, for convolutional layers.", "'flat'：每个样本 64 个值；'image'：8×8×1，适合卷积层。")),
            SEED,
        ),
        input_shape=lambda o: (64,) if o["shape"] == "flat" else (8, 8, 1), n_classes=lambda o: 10, loader="digits",
    ),
)

DATASETS.add(
    Dataset(
        "headlines",
        T("Headlines with metadata (two inputs, two outputs)", "带元数据的新闻标题（两个输入、两个输出）"),
        T(
            "Synthetic news headlines as word ids (main_input: 20 ids from a 500-word vocabulary) with 5 numbers of metadata (aux_input). The target, whether the headline becomes popular, depends on both; it is given twice, as main_output and aux_output, so an auxiliary loss can help the headline branch learn.",
            "合成的新闻标题：以词编号表示（main_input：从 500 个词的词表中取 20 个编号），另有 5 个元数据数值（aux_input）。目标是标题是否受欢迎，它同时取决于两者；目标给出两次，分别作为 main_output 和 aux_output，以便辅助损失帮助标题分支学习。",
        ),
        "binary",
        (n_samples(2000, lo=100, hi=10_000), SEED),
        input_shape=lambda o: (20,), n_classes=lambda o: 2, loader="headlines",
        inputs=lambda o: {"main_input": ((20,), "int32"), "aux_input": ((5,), "float32")},
        outputs=lambda o: {"main_output": ("binary", 2), "aux_output": ("binary", 2)},
    ),
    Dataset(
        "tweet_pairs",
        T("Pairs of sequences: same author?", "序列对：是否同一作者？"),
        T(
            "Two sequences of 16 steps × 8 features (tweet_a, tweet_b), each written in the style of one of six authors; the target (same_author) says whether both come from the same one. One shared LSTM reading both is the classic model.",
            "两个 16 步 × 8 个特征的序列（tweet_a、tweet_b），各自带有六位作者之一的写作风格；目标（same_author）表示两者是否出自同一作者。经典模型是用同一个共享的 LSTM 读取两个序列。",
        ),
        "binary",
        (n_samples(2000, lo=100, hi=10_000), SEED),
        input_shape=lambda o: (16, 8), n_classes=lambda o: 2, loader="tweet_pairs",
        inputs=lambda o: {"tweet_a": ((16, 8), "float32"), "tweet_b": ((16, 8), "float32")},
        outputs=lambda o: {"same_author": ("binary", 2)},
    ),
)
