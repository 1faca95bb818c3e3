"""Requests of the lesson widgets: every field a bounded catalog parameter,
checked in the web process before Keras sees anything (see explore.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from app.catalog.params import Bool, Choice, Float, Int, Numbers, Param, ParamError
from app.catalog.registry import Entry
from app.i18n import T
from app.i18n.messages import show
from app.spec.errors import SpecError, SpecIssue
from app.spec.validate import validate_spec


@dataclass(frozen=True, kw_only=True)
class Strings(Param):
    """A short list of short texts (what a learner types into the tokenizer)."""

    max_items: int = 20
    max_chars: int = 500
    kind: ClassVar[str] = "strings"

    def _check(self, value: Any) -> list[str]:
        ok = isinstance(value, list) and 1 <= len(value) <= self.max_items and all(isinstance(v, str) and len(v) <= self.max_chars for v in value)
        if not ok:
            what = T(f"a list of 1 to {self.max_items} texts of at most {self.max_chars} characters", f"由 1 到 {self.max_items} 段文本组成的列表，每段最多 {self.max_chars} 个字符")
            raise ParamError("text", what=what.to_json(), value=show(value))
        return value


def _f(name: str, default, lo, hi, en: str, zh: str, **kw) -> Float:
    return Float(name=name, default=default, lo=lo, hi=hi, help=T(en, zh), **kw)


def _i(name: str, default, lo, hi, en: str, zh: str, **kw) -> Int:
    return Int(name=name, default=default, lo=lo, hi=hi, help=T(en, zh), **kw)


def _c(name: str, default, choices, en: str, zh: str) -> Choice:
    return Choice(name=name, default=default, choices=choices, help=T(en, zh))


SEED = _i("seed", 0, 0, 2**31 - 1, "Random seed.", "随机种子。")
ACTIVATIONS = ("relu", "leaky_relu", "elu", "thresholded_relu", "sigmoid", "tanh", "selu", "gelu", "swish", "softplus", "softsign", "hard_sigmoid", "exponential", "relu6", "mish", "linear")

REQUESTS: dict[str, tuple[Param, ...]] = {
    "network": (
        Numbers(name="x", default=[1.0, 2.0], min_len=2, max_len=2, lo=-10, hi=10, help=T("The two inputs.", "两个输入。")),
        _f("y", 1.0, -10, 10, "The target.", "目标值。"),
        _c("hidden_activation", "relu", ("relu", "sigmoid", "tanh", "linear"), "Activation of the 3 hidden units.", "3 个隐藏单元的激活函数。"),
        _c("output_activation", "sigmoid", ("sigmoid", "linear", "tanh"), "Activation of the output unit.", "输出单元的激活函数。"),
        _c("loss", "binary_crossentropy", ("binary_crossentropy", "mse"), "The loss.", "损失函数。"),
        _f("learning_rate", 0.5, 0.0, 10.0, "Step of the one SGD update shown.", "所示那一次 SGD 更新的步长。", lo_open=True),
        Numbers(name="W1", default=[0.5, -1.0, 0.25, 0.5, 0.25, -0.5], min_len=6, max_len=6, lo=-10, hi=10, help=T("Hidden kernel, row by row (2 × 3).", "隐藏层核，按行排列（2 × 3）。")),
        Numbers(name="b1", default=[0.0, 0.0, 1.0], min_len=3, max_len=3, lo=-10, hi=10, help=T("Hidden biases.", "隐藏层偏置。")),
        Numbers(name="W2", default=[0.5, -1.0, -1.0], min_len=3, max_len=3, lo=-10, hi=10, help=T("Output kernel (3 × 1).", "输出层核（3 × 1）。")),
        Numbers(name="b2", default=[-0.5], min_len=1, max_len=1, lo=-10, hi=10, help=T("Output bias.", "输出层偏置。")),
    ),
    "gradient": (
        _c("function", "bowl", ("bowl", "quadratic", "saddle", "rosenbrock", "beale", "ripples"), "The surface.", "曲面。"),
        Numbers(name="point", default=[1.0, 1.0], min_len=2, max_len=2, lo=-5, hi=5, help=T("Where to take the gradient.", "求梯度的位置。")),
        _i("grid", 41, 5, 81, "Grid points per axis for the surface.", "曲面每个轴上的网格点数。"),
    ),
    "activation": (
        _c("name", "relu", ACTIVATIONS, "The activation.", "激活函数。"),
        _f("negative_slope", 0.0, 0.0, 10.0, "ReLU / LeakyReLU slope below zero.", "ReLU / LeakyReLU 在零以下的斜率。"),
        Float(name="max_value", default=None, nullable=True, lo=0.0, hi=1000.0, help=T("ReLU cap.", "ReLU 的上限。")),
        _f("threshold", 0.0, -10, 10, "ReLU threshold.", "ReLU 的阈值。"),
        _f("alpha", 1.0, 0.0, 10.0, "ELU alpha.", "ELU 的 alpha。"),
        _f("theta", 1.0, 0.0, 10.0, "ThresholdedReLU theta.", "ThresholdedReLU 的 theta。"),
        _f("x_min", -4.0, -20, 20, "Left end of the plot.", "图的左端。"),
        _f("x_max", 4.0, -20, 20, "Right end of the plot.", "图的右端。"),
        _i("points", 161, 11, 801, "Points on the curve.", "曲线上的点数。"),
    ),
    "windows": (
        _i("length", 100, 2, 1000, "Length of the series 0, 1, 2, ...", "序列 0、1、2……的长度。"),
        _i("sequence_length", 10, 1, 200, "Values per window.", "每个窗口的值个数。"),
        _i("sequence_stride", 3, 1, 200, "Shift between the starts of two windows.", "相邻两个窗口起点之间的偏移。"),
        _i("sampling_rate", 2, 1, 50, "Step between two values inside a window.", "窗口内相邻两个值之间的步长。"),
        _i("start_index", 0, 0, 1000, "First index that may be used.", "可以使用的第一个下标。"),
        Int(name="end_index", default=None, nullable=True, lo=1, hi=1000, help=T("Last index (excluded) that may be used.", "可以使用的最后一个下标（不含）。")),
    ),
    "augment": (
        _c("image", "triangle_001", ("circle_000", "square_002", "triangle_001", "digit"), "The image.", "图片。"),
        _c("flip", "horizontal", ("none", "horizontal", "vertical", "horizontal_and_vertical"), "RandomFlip mode.", "RandomFlip 的模式。"),
        _f("rotation", 0.1, 0.0, 0.5, "RandomRotation factor (a fraction of a full turn).", "RandomRotation 的系数（整圈的比例）。"),
        _f("zoom", 0.2, 0.0, 0.9, "RandomZoom height factor.", "RandomZoom 的高度系数。"),
        _f("translation", 0.1, 0.0, 0.5, "RandomTranslation factor.", "RandomTranslation 的系数。"),
        _f("contrast", 0.2, 0.0, 1.0, "RandomContrast factor.", "RandomContrast 的系数。"),
        _i("samples", 4, 1, 8, "How many augmented copies.", "生成几个增强副本。"),
        SEED,
    ),
    "tokenize": (
        Strings(name="texts", default=["The film was wonderful", "这部电影非常精彩"], help=T("Texts to vectorize, one per line.", "要向量化的文本，每行一段。")),
        Int(name="max_tokens", default=None, nullable=True, lo=3, hi=2000, help=T("Vocabulary size, padding and [UNK] included.", "词表大小（包括填充和 [UNK]）。")),
        Int(name="output_sequence_length", default=8, nullable=True, lo=1, hi=100, help=T("Pad or cut each text to this many ids.", "把每段文本补齐或截断到这么多个编号。")),
        _c("split", "whitespace", ("whitespace", "character"), "How to cut text into tokens.", "如何把文本切分为词元。"),
        _c("standardize", "lower_and_strip_punctuation", ("lower_and_strip_punctuation", "lower", "strip_punctuation", "none"), "Cleaning before splitting.", "切分前的清理方式。"),
    ),
    "callbacks": (
        _i("epochs", 2, 1, 3, "Epochs of the tiny fit.", "小规模训练的轮数。"),
        _i("steps", 2, 1, 4, "Batches per epoch.", "每轮的批次数。"),
        Bool(name="validation", default=True, help=T("Also evaluate on validation data each epoch.", "每轮也在验证数据上评估。")),
    ),
    "plot": (
        Bool(name="show_shapes", default=True, help=T("Write each layer's output shape.", "写出每层的输出形状。")),
        Bool(name="show_dtype", default=False, help=T("Write each layer's dtype.", "写出每层的数据类型。")),
        _c("rankdir", "TB", ("TB", "LR"), "Top to bottom or left to right.", "从上到下或从左到右。"),
        Bool(name="expand_nested", default=False, help=T("Draw nested models' layers.", "展开嵌套模型的层。")),
        Bool(name="show_layer_activations", default=False, help=T("Write each layer's activation.", "写出每层的激活函数。")),
    ),
    "epsilon": (
        Float(name="epsilon", default=1e-7, lo=1e-12, hi=0.1, help=T("keras.config.epsilon() for this calculation.", "本次计算使用的 keras.config.epsilon()。")),
    ),
}
WITH_MODEL = {"config", "plot"}  # these also take the playground's spec ("spec")
REQUESTS["config"] = ()


def validate(widget: str, raw: Any) -> dict[str, Any]:
    """The checked request of `widget`, or SpecError at its field."""
    if not isinstance(raw, dict):
        raise SpecError([SpecIssue((), "object", {"value": show(raw)})])
    body = dict(raw)
    spec = body.pop("spec", None)
    params = REQUESTS[widget]
    clean, issues = Entry(widget, "widget", T(widget, widget), params).check_config(body)
    found = [SpecIssue(i.loc, i.code, i.ctx) for i in issues]
    if widget == "activation" and not found and clean.get("x_min", -4.0) >= clean.get("x_max", 4.0):
        found.append(SpecIssue(("x_max",), "invalid", {"detail": "expected x_max above x_min"}))
    if found:
        raise SpecError(found)
    full = {p.name: p.default for p in params} | clean
    if widget in WITH_MODEL:
        try:
            checked = validate_spec(spec)  # a model the playground can build
        except SpecError as e:
            raise SpecError([SpecIssue(("spec", *i.loc), i.code, i.ctx) for i in e.issues]) from None
        full["model"] = checked.model.model_dump(mode="json")
    return full
