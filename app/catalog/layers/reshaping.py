"""Reshaping layers for 1-D, 2-D and 3-D data: Cropping, UpSampling, ZeroPadding."""

from __future__ import annotations

from app.catalog.common import DATA_FORMAT, LAYER_COMMON
from app.catalog.params import Choice, Ints
from app.catalog.registry import Entry
from app.i18n import T

AXES = {1: T("steps", "时间步"), 2: T("rows and columns", "行和列"), 3: T("the three spatial axes", "三个空间轴")}


def cropping(n: int) -> Entry:
    default = {1: [1, 1], 2: [[0, 0], [0, 0]], 3: [[1, 1], [1, 1], [1, 1]]}[n]
    size = Ints(name="cropping", default=default, n=2 if n == 1 else n, lo=0, hi=512, pairs=n > 1,
                help=T(f"How much to cut from the start and end of the {AXES[n].en}: one number for all, one per axis, or (before, after) pairs.",
                       f"从{AXES[n].zh}的开头和结尾裁掉多少：一个数表示全部相同，也可每个轴一个数，或给出（前, 后）数对。"))
    return Entry(f"Cropping{n}D", "reshaping",
                 T(f"Cuts away the borders of {n}-D data along the {AXES[n].en}.", f"沿{AXES[n].zh}裁掉 {n} 维数据的边缘。"),
                 (size, *((DATA_FORMAT,) if n > 1 else ()), *LAYER_COMMON))


def upsampling(n: int) -> Entry:
    default = 2 if n == 1 else [2] * n
    params = [Ints(name="size", default=default, n=n, lo=1, hi=16, help=T(f"How many times each value is repeated along the {AXES[n].en}.", f"每个值沿{AXES[n].zh}重复的次数。"))]
    if n > 1:
        params.append(DATA_FORMAT)
    if n == 2:
        params.append(Choice(name="interpolation", default="nearest", choices=("nearest", "bilinear", "bicubic", "lanczos3", "lanczos5", "area"),
                             help=T("nearest repeats values; the others interpolate between them.", "nearest 直接重复数值；其他方式在数值之间插值。")))
    return Entry(f"UpSampling{n}D", "reshaping",
                 T(f"Enlarges {n}-D data by repeating values along the {AXES[n].en}. No weights.", f"沿{AXES[n].zh}重复数值来放大 {n} 维数据。没有权重。"),
                 (*params, *LAYER_COMMON))


def zero_padding(n: int) -> Entry:
    default = {1: 1, 2: [1, 1], 3: [[1, 1], [1, 1], [1, 1]]}[n]
    size = Ints(name="padding", default=default, n=2 if n == 1 else n, lo=0, hi=256, pairs=n > 1,
                help=T(f"How many zeros to add at the start and end of the {AXES[n].en}.", f"在{AXES[n].zh}的开头和结尾各补多少个零。"))
    return Entry(f"ZeroPadding{n}D", "reshaping",
                 T(f"Adds zeros around {n}-D data along the {AXES[n].en}.", f"沿{AXES[n].zh}在 {n} 维数据四周补零。"),
                 (size, DATA_FORMAT, *LAYER_COMMON))


ENTRIES = [f(n) for f in (cropping, upsampling, zero_padding) for n in (1, 2, 3)]
