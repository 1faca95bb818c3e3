"""Merge layers: they take several tensors (functional models only)."""

from __future__ import annotations

from app.catalog.common import LAYER_COMMON
from app.catalog.params import Bool, Int, Ints
from app.catalog.registry import Entry
from app.i18n import T


def merge(name: str, en: str, zh: str, *params) -> Entry:
    return Entry(name, "merge", T(en, zh), (*params, *LAYER_COMMON), inputs=(2, None), call="list")


ENTRIES = [
    merge("Add", "Element-wise sum of its inputs (all of the same shape).", "各输入逐元素相加（形状必须相同）。"),
    merge("Subtract", "First input minus the second, element by element.", "第一个输入逐元素减去第二个输入。"),
    merge("Multiply", "Element-wise product of its inputs.", "各输入逐元素相乘。"),
    merge("Average", "Element-wise mean of its inputs.", "各输入逐元素求平均。"),
    merge("Maximum", "Element-wise maximum of its inputs.", "各输入逐元素取最大值。"),
    merge("Minimum", "Element-wise minimum of its inputs.", "各输入逐元素取最小值。"),
    merge("Concatenate", "Joins its inputs along one axis; the other axes must agree.", "沿某个轴拼接各输入；其他轴的大小必须一致。",
          Int(name="axis", default=-1, lo=-4, hi=4, help=T("The axis to join along.", "拼接所沿的轴。"))),
    merge("Dot", "Dot product of two inputs along the given axes (with normalize: cosine similarity).", "两个输入沿指定轴做点积（normalize 为真时即余弦相似度）。",
          Ints(name="axes", default=1, n=2, lo=-4, hi=4, required=True, help=T("The axis of each input to multiply along: one for both, or one per input.", "两个输入各自相乘所沿的轴：一个数表示相同，或每个输入一个。")),
          Bool(name="normalize", default=False, help=T("L2-normalize both inputs first, giving cosine similarity.", "先对两个输入做 L2 归一化，结果即余弦相似度。"))),
]
