"""Noise layers, active only during training: GaussianNoise, GaussianDropout, AlphaDropout."""

from __future__ import annotations

from app.catalog.common import LAYER_COMMON, seed
from app.catalog.params import Float
from app.catalog.registry import Entry
from app.i18n import T

RATE = Float(name="rate", default=0.1, lo=0.0, hi=1.0, hi_open=True, step=0.05, required=True, help=T("Drop probability.", "丢弃的概率。"))

ENTRIES = [
    Entry("GaussianNoise", "noise",
          T("During training, adds Gaussian noise of mean 0 to every value; at inference it does nothing.", "训练时给每个值加上均值为 0 的高斯噪声；推理时不起作用。"),
          (Float(name="stddev", default=0.1, lo=0.0, hi=10.0, required=True, help=T("Standard deviation of the noise.", "噪声的标准差。")), seed(), *LAYER_COMMON)),
    Entry("GaussianDropout", "noise",
          T("During training, multiplies every value by Gaussian noise of mean 1 (std √(rate/(1−rate))); at inference it does nothing.", "训练时把每个值乘以均值为 1 的高斯噪声（标准差 √(rate/(1−rate))）；推理时不起作用。"),
          (RATE, seed(), *LAYER_COMMON)),
    Entry("AlphaDropout", "noise",
          T("Dropout for selu networks: keeps the mean and variance of its input, so self-normalization survives.", "适用于 selu 网络的 Dropout：保持输入的均值和方差，使自归一化性质得以保留。"),
          (RATE, seed(), *LAYER_COMMON)),
]
