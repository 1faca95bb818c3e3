"""Convolution layers: Conv1D/2D/3D, SeparableConv1D/2D, DepthwiseConv2D,
Conv2DTranspose, and the app's LocallyConnected1D/2D (convolution without
weight sharing, removed from Keras 3)."""

from __future__ import annotations

from app.catalog.common import (
    DATA_FORMAT,
    LAYER_COMMON,
    activation,
    constraint,
    initializer,
    regularizer,
)
from app.catalog.params import Bool, Choice, Int, Ints
from app.catalog.registry import Entry
from app.i18n import T

KERNEL = T("the kernel", "卷积核")
BIAS = T("the bias vector", "偏置向量")
OUTPUT = T("the layer's output", "该层输出")
DEPTHWISE = T("the depthwise kernel", "逐通道卷积核")
POINTWISE = T("the pointwise (1×1) kernel", "逐点（1×1）卷积核")


def filters(default: int = 32) -> Int:
    return Int(name="filters", default=default, lo=1, hi=1024, required=True, help=T("Number of filters: the size of the output's channel axis.", "卷积核（滤波器）的个数，即输出通道轴的大小。"))


def kernel_size(n: int, default) -> Ints:
    return Ints(name="kernel_size", default=default, n=n, lo=1, hi=32, required=True, help=T("Size of the window each filter looks at, per spatial axis.", "每个卷积核在各空间轴上的窗口大小。"))


def strides(n: int, default) -> Ints:
    return Ints(name="strides", default=default, n=n, lo=1, hi=16, help=T("Step between two windows; above 1 shrinks the output.", "相邻两个窗口之间的步长；大于 1 会缩小输出。"))


def dilation(n: int, default) -> Ints:
    return Ints(name="dilation_rate", default=default, n=n, lo=1, hi=16, advanced=True, help=T("Spacing between the kernel's taps: a dilated kernel sees a wider window with the same weights.", "卷积核各采样点之间的间隔：膨胀后的卷积核用同样多的权重看到更宽的窗口。"))


def padding(causal: bool = False) -> Choice:
    choices = ("valid", "same", "causal") if causal else ("valid", "same")
    extra_en = "; causal pads only the past, so output t never sees input after t" if causal else ""
    extra_zh = "；causal 只在前面填充，使输出 t 看不到 t 之后的输入" if causal else ""
    return Choice(
        name="padding", default="valid", choices=choices,
        help=T(f"valid: no padding, the output shrinks; same: pad so the output keeps the input's size (with stride 1){extra_en}.",
               f"valid：不填充，输出变小；same：填充使输出与输入大小相同（步长为 1 时）{extra_zh}。"),
    )


def weights(*which: tuple[str, T]) -> tuple:
    """Initializer, regularizer and constraint arguments for each weight, then the output's regularizer."""
    defaults = {"bias": "zeros"}
    out = []
    for name, what in which:
        out.append(initializer(f"{name}_initializer", defaults.get(name, "glorot_uniform"), what))
    for name, what in which:
        out.append(regularizer(f"{name}_regularizer", what))
    out.append(regularizer("activity_regularizer", OUTPUT))
    for name, what in which:
        out.append(constraint(f"{name}_constraint", what))
    return tuple(out)


USE_BIAS = Bool(name="use_bias", default=True, help=T("Whether to add a learned bias per filter.", "是否为每个卷积核加上可学习的偏置。"))
GROUPS = Int(name="groups", default=1, lo=1, hi=64, advanced=True, help=T("Split the input channels into this many groups, each convolved separately (filters and channels must divide by it).", "把输入通道分成这么多组，各组分别卷积（filters 和通道数都必须能被它整除）。"))
DEPTH_MULTIPLIER = Int(name="depth_multiplier", default=1, lo=1, hi=64, help=T("Output channels per input channel in the depthwise step.", "逐通道卷积中每个输入通道产生的输出通道数。"))


def conv(n: int) -> Entry:
    ones = 1 if n == 1 else [1] * n
    return Entry(
        f"Conv{n}D", "convolution",
        T(f"{n}-D convolution: slides each filter over the input and sums products, sharing the same weights at every position.",
          f"{n} 维卷积：把每个卷积核在输入上滑动并求乘积之和，各位置共享同一组权重。"),
        (filters(), kernel_size(n, 3 if n == 1 else [3] * n), strides(n, ones), padding(causal=n == 1), DATA_FORMAT, dilation(n, ones), GROUPS,
         activation(), USE_BIAS, *weights(("kernel", KERNEL), ("bias", BIAS)), *LAYER_COMMON),
    )


def separable(n: int) -> Entry:
    ones = 1 if n == 1 else [1] * n
    return Entry(
        f"SeparableConv{n}D", "convolution",
        T(f"A depthwise {n}-D convolution (each channel alone) followed by a 1×1 convolution that mixes channels: far fewer weights than Conv{n}D.",
          f"先做 {n} 维逐通道卷积（各通道单独卷积），再用 1×1 卷积混合通道：权重比 Conv{n}D 少得多。"),
        (filters(), kernel_size(n, 3 if n == 1 else [3] * n), strides(n, ones), padding(), DATA_FORMAT, dilation(n, ones), DEPTH_MULTIPLIER,
         activation(), USE_BIAS, *weights(("depthwise", DEPTHWISE), ("pointwise", POINTWISE), ("bias", BIAS)), *LAYER_COMMON),
    )


ENTRIES = [
    conv(1), conv(2), conv(3),
    separable(1), separable(2),
    Entry(
        "DepthwiseConv2D", "convolution",
        T("Convolves each input channel with its own filters, without mixing channels.", "用各自的卷积核分别卷积每个输入通道，不混合通道。"),
        (kernel_size(2, [3, 3]), strides(2, [1, 1]), padding(), DEPTH_MULTIPLIER, DATA_FORMAT, dilation(2, [1, 1]),
         activation(), USE_BIAS, *weights(("depthwise", DEPTHWISE), ("bias", BIAS)), *LAYER_COMMON),
    ),
    Entry(
        "Conv2DTranspose", "convolution",
        T("Transposed convolution: the reverse of Conv2D's shape change; with strides above 1 it enlarges the image (learned upsampling).",
          "转置卷积：与 Conv2D 的形状变化相反；步长大于 1 时会放大图像（可学习的上采样）。"),
        (filters(), kernel_size(2, [3, 3]), strides(2, [1, 1]), padding(),
         Ints(name="output_padding", default=None, nullable=True, n=2, lo=0, hi=16, advanced=True, help=T("Extra rows/columns added to one side of the output, to pick among the sizes a stride allows.", "在输出一侧额外加的行/列数，用于在步长允许的几种输出尺寸中选择。")),
         DATA_FORMAT, dilation(2, [1, 1]), activation(), USE_BIAS, *weights(("kernel", KERNEL), ("bias", BIAS)), *LAYER_COMMON),
    ),
    Entry(
        "LocallyConnected1D", "convolution",
        T("Like Conv1D, but every output position has its own kernel (no weight sharing). Keras 3 removed it; this app provides it.",
          "与 Conv1D 类似，但每个输出位置都有自己的卷积核（不共享权重）。Keras 3 已移除该层，本应用提供了它。"),
        (filters(), kernel_size(1, 3), strides(1, 1),
         Choice(name="padding", default="valid", choices=("valid",), advanced=True, help=T("Only valid: no padding.", "只支持 valid：不填充。")),
         activation(), USE_BIAS, *weights(("kernel", KERNEL), ("bias", BIAS)), *LAYER_COMMON),
        source="app",
    ),
    Entry(
        "LocallyConnected2D", "convolution",
        T("Like Conv2D, but every output position has its own kernel (no weight sharing). Keras 3 removed it; this app provides it.",
          "与 Conv2D 类似，但每个输出位置都有自己的卷积核（不共享权重）。Keras 3 已移除该层，本应用提供了它。"),
        (filters(), kernel_size(2, [3, 3]), strides(2, [1, 1]),
         Choice(name="padding", default="valid", choices=("valid",), advanced=True, help=T("Only valid: no padding.", "只支持 valid：不填充。")),
         activation(), USE_BIAS, *weights(("kernel", KERNEL), ("bias", BIAS)), *LAYER_COMMON),
        source="app",
    ),
]
