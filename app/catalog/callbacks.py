"""Callbacks the form can attach to fit()."""

from __future__ import annotations

from app.catalog.params import Bool, Choice, Float, Int, Text
from app.catalog.registry import Entry, Registry
from app.i18n import T

CALLBACKS = Registry("callback", T("callbacks", "回调函数"))

MONITOR = Text(
    name="monitor", default="val_loss", pattern=r"(val_)?[A-Za-z][A-Za-z0-9_]*",
    what=T("a logged quantity such as loss, val_loss or val_accuracy", "一个被记录的量，例如 loss、val_loss 或 val_accuracy"),
    help=T("The logged quantity to watch (val_ ones need a validation split).", "要监视的记录量（val_ 开头的需要设置验证集划分）。"),
)

CALLBACKS.add(
    Entry(
        "EarlyStopping", "training",
        T("Stops training when the monitored quantity has stopped improving.", "当被监视的量不再改善时停止训练。"),
        (
            MONITOR,
            Float(name="min_delta", default=0.0, lo=0.0, hi=1000.0, help=T("Smallest change that counts as an improvement.", "被视为改善的最小变化量。")),
            Int(name="patience", default=0, lo=0, hi=1000, help=T("Epochs with no improvement to wait before stopping.", "没有改善时，停止前再等待的轮数。")),
            Choice(name="mode", default="auto", choices=("auto", "min", "max"), help=T("Whether lower (min) or higher (max) is better; auto guesses from the name.", "越低越好（min）还是越高越好（max）；auto 根据名称推断。")),
            Float(name="baseline", default=None, nullable=True, lo=-1e9, hi=1e9, advanced=True, help=T("Stop if the quantity does not beat this value within the patience.", "若在耐心轮数内未超过该值，则停止。")),
            Bool(name="restore_best_weights", default=False, help=T("At the end, go back to the weights of the best epoch.", "结束时恢复到最佳轮次的权重。")),
            Int(name="start_from_epoch", default=0, lo=0, hi=1000, advanced=True, help=T("Epochs to train before watching starts (a warm-up).", "开始监视前先训练的轮数（预热）。")),
        ),
    ),
)
