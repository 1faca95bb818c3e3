"""Keras's own data sets (keras.datasets), usable when their files are in
Keras's cache; each names the bundled data set that stands in for it."""

from __future__ import annotations

import os
from pathlib import Path

from app.catalog.params import Choice, Int
from app.datasets.registry import SEED, Dataset
from app.i18n import T

# The files keras.datasets reads, relative to $KERAS_HOME/datasets.
CACHE_FILES = {
    "mnist": ["mnist.npz"],
    "fashion_mnist": [f"fashion-mnist/{f}" for f in ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")],
    "cifar10": ["cifar-10-batches-py-target_archive"],
    "cifar100": ["cifar-100-python-target_archive"],
    "imdb": ["imdb.npz"],
    "reuters": ["reuters.npz"],
    "boston_housing": ["boston_housing.npz"],
    "california_housing": ["california_housing.npz"],
}


def keras_home() -> Path:
    return Path(os.environ.get("KERAS_HOME") or Path.home() / ".keras")


def available(name: str) -> bool:
    return all((keras_home() / "datasets" / f).exists() for f in CACHE_FILES[name])


def count(default: int, hi: int) -> Int:
    return Int(name="n_samples", default=default, lo=100, hi=hi, help=T("How many training samples to use.", "使用的训练样本数。"))


SHAPE = Choice(name="shape", default="image", choices=("image", "flat"), help=T("'image': 28×28×1 for convolutions; 'flat': 784 values.", "'image'：28×28×1，适合卷积；'flat'：784 个值。"))
NUM_WORDS = Int(name="num_words", default=5000, lo=100, hi=20_000, help=T("Keep only the most frequent words; rarer ones become the out-of-vocabulary id.", "只保留最常见的这么多个词；更少见的词变成词表外编号。"))
MAXLEN = Int(name="maxlen", default=100, lo=10, hi=500, help=T("Ids per text after padding or cutting.", "补齐或截断后每段文本的编号个数。"))


def keras_set(name: str, title: T, description: T, task: str, options, input_shape, loader: str, stand_in: str, **kw) -> Dataset:
    return Dataset(name, title, description, task, options, input_shape=input_shape, loader=f"keras_sets:{loader}", source="keras", stand_in=stand_in, **kw)


ENTRIES = [
    keras_set("mnist", T("MNIST handwritten digits (Keras)", "MNIST 手写数字（Keras）"), T("70,000 grayscale 28×28 digits; 60,000 for training.", "70,000 张 28×28 灰度数字图片，其中 60,000 张用于训练。"),
              "multiclass", (count(6000, 60_000), SHAPE, SEED), lambda o: (28, 28, 1) if o["shape"] == "image" else (784,), "mnist", "digits", n_classes=lambda o: 10),
    keras_set("fashion_mnist", T("Fashion-MNIST clothes (Keras)", "Fashion-MNIST 服装图片（Keras）"), T("70,000 grayscale 28×28 pictures of 10 kinds of clothing.", "70,000 张 28×28 灰度图片，共 10 类服装。"),
              "multiclass", (count(6000, 60_000), SHAPE, SEED), lambda o: (28, 28, 1) if o["shape"] == "image" else (784,), "fashion_mnist", "digits", n_classes=lambda o: 10),
    keras_set("cifar10", T("CIFAR-10 (Keras)", "CIFAR-10（Keras）"), T("60,000 colour 32×32 images in 10 classes.", "60,000 张 32×32 彩色图片，共 10 类。"),
              "multiclass", (count(5000, 50_000), SEED), lambda o: (32, 32, 3), "cifar10", "shapes", n_classes=lambda o: 10),
    keras_set("cifar100", T("CIFAR-100 (Keras)", "CIFAR-100（Keras）"), T("60,000 colour 32×32 images in 100 fine or 20 coarse classes.", "60,000 张 32×32 彩色图片，分为 100 个细类或 20 个粗类。"),
              "multiclass", (count(5000, 50_000), Choice(name="label_mode", default="fine", choices=("fine", "coarse"), help=T("100 fine classes or 20 coarse ones.", "100 个细类或 20 个粗类。")), SEED),
              lambda o: (32, 32, 3), "cifar100", "shapes", n_classes=lambda o: 100 if o["label_mode"] == "fine" else 20),
    keras_set("imdb", T("IMDB film reviews (Keras)", "IMDB 影评（Keras）"), T("50,000 English reviews as word ids, positive or negative.", "50,000 条英文影评，以词编号表示，分为正面或负面。"),
              "binary", (count(5000, 25_000), NUM_WORDS, MAXLEN, SEED), lambda o: (o["maxlen"],), "imdb", "reviews", n_classes=lambda o: 2, input_dtype="int32"),
    keras_set("reuters", T("Reuters newswires (Keras)", "路透社新闻（Keras）"), T("11,228 newswires as word ids, in 46 topics.", "11,228 条新闻，以词编号表示，分为 46 个主题。"),
              "multiclass", (count(5000, 8982), NUM_WORDS, MAXLEN, SEED), lambda o: (o["maxlen"],), "reuters", "reviews", n_classes=lambda o: 46, input_dtype="int32"),
    keras_set("boston_housing", T("Boston house prices (Keras)", "波士顿房价（Keras）"), T("506 districts of the 1970s, 13 features (standardized); price in $1000s.", "20 世纪 70 年代的 506 个街区，13 个特征（已标准化）；房价以千美元计。"),
              "regression", (SEED,), lambda o: (13,), "boston_housing", "diabetes"),
    keras_set("california_housing", T("California house values (Keras)", "加州房价（Keras）"), T("California districts, 8 features (standardized); median house value in dollars (the 'small' version).", "加州的街区，8 个特征（已标准化）；房屋价值中位数（美元，'small' 版本）。"),
              "regression", (SEED,), lambda o: (8,), "california_housing", "diabetes"),
]
