"""Pooling layers: Max/Average Pooling 1D/2D/3D and their Global versions."""

from __future__ import annotations

from app.catalog.common import DATA_FORMAT, LAYER_COMMON
from app.catalog.params import Bool, Choice, Ints
from app.catalog.registry import Entry
from app.i18n import T

KIND = {"Max": T("the largest value", "最大值"), "Average": T("the mean", "平均值")}


def pooling(kind: str, n: int) -> Entry:
    default = 2 if n == 1 else [2] * n
    required = kind == "Average"  # Keras gives MaxPooling a default pool size but not AveragePooling
    return Entry(
        f"{kind}Pooling{n}D", "pooling",
        T(f"Keeps {KIND[kind].en} of each window of {n}-D data, shrinking it. No weights.", f"保留 {n} 维数据每个窗口中的{KIND[kind].zh}，从而缩小数据。没有权重。"),
        (
            Ints(name="pool_size", default=default, n=n, lo=1, hi=32, required=required, help=T("Size of each window.", "每个窗口的大小。")),
            Ints(name="strides", default=None, nullable=True, n=n, lo=1, hi=32, help=T("Step between windows; None means pool_size (windows do not overlap).", "窗口之间的步长；None 表示等于 pool_size（窗口不重叠）。")),
            Choice(name="padding", default="valid", choices=("valid", "same"), help=T("valid drops what does not fill a window; same pads so every value is in one.", "valid 丢弃填不满窗口的部分；same 进行填充使每个值都落在某个窗口中。")),
            DATA_FORMAT,
            *LAYER_COMMON,
        ),
    )


def global_pooling(kind: str, n: int) -> Entry:
    return Entry(
        f"Global{kind}Pooling{n}D", "pooling",
        T(f"Keeps {KIND[kind].en} of each channel over all {n}-D positions: one number per channel.", f"在所有 {n} 维位置上取每个通道的{KIND[kind].zh}：每个通道只剩一个数。"),
        (
            DATA_FORMAT,
            Bool(name="keepdims", default=False, advanced=True, help=T("Keep the pooled axes with size 1 instead of removing them.", "保留被池化的轴（大小为 1），而不是去掉它们。")),
            *LAYER_COMMON,
        ),
    )


ENTRIES = [f(kind, n) for f in (pooling, global_pooling) for kind in ("Max", "Average") for n in (1, 2, 3)]
