"""Lesson widgets: small interactive pieces placed in a lesson's prose with a
fenced block ```` ```widget <name> ````. Each is one registry row here and one
module `app/static/js/widgets/<name>.js` exporting `mount(element, context)`;
the numbers they show come from the app's own API (Keras computes, the
browser draws)."""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import T


@dataclass(frozen=True)
class Widget:
    name: str
    title: T
    api: str  # the endpoint that computes what it shows


WIDGETS = {
    w.name: w
    for w in (
        Widget("forward-backward", T("A 2-3-1 network, step by step", "一个 2-3-1 网络的逐步计算"), "/api/explore/network"),
        Widget("gradient-arrow", T("The gradient at a point you drag", "拖动的点处的梯度"), "/api/explore/gradient"),
        Widget("activation-plotter", T("Activations and their derivatives", "激活函数及其导数"), "/api/explore/activation"),
        Widget("window-viewer", T("Windows over a time series", "时间序列上的窗口"), "/api/explore/windows"),
        Widget("image-augmentation", T("One image, augmented live", "实时增强一张图片"), "/api/explore/augment"),
        Widget("tokenizer", T("Text to tokens, ids and padding", "文本到词元、编号与补齐"), "/api/explore/tokenize"),
        Widget("gd-steps", T("Gradient descent by hand and by Keras", "手算与 Keras 的梯度下降"), "/api/explore/optimizer"),
        Widget("optimizer-race", T("Optimizers racing on a loss surface", "优化器在损失曲面上的比赛"), "/api/explore/optimizer"),
        Widget("callback-trace", T("The order of callback hooks in a fit", "训练中回调钩子的调用顺序"), "/api/explore/callbacks"),
        Widget("loss-calculator", T("Loss calculator", "损失函数计算器"), "/api/explore/loss"),
        Widget("metric-calculator", T("Metric calculator", "评估指标计算器"), "/api/explore/metric"),
        Widget("config-roundtrip", T("A model's config, round-tripped", "模型配置的往返转换"), "/api/explore/config"),
        Widget("model-graph", T("The model's graph, drawn by Keras", "由 Keras 绘制的模型结构图"), "/api/explore/plot"),
        Widget("epsilon", T("Epsilon and division near zero", "epsilon 与接近零的除法"), "/api/explore/epsilon"),
    )
}
