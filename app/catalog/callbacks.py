"""Callbacks the form can attach to fit()."""

from __future__ import annotations

from app.catalog.nested import Nested
from app.catalog.params import Bool, Choice, Float, Int, Text
from app.catalog.registry import Entry, Registry
from app.i18n import T

MODE = Choice(name="mode", default="auto", choices=("auto", "min", "max"), help=T("Whether lower (min) or higher (max) is better; auto guesses from the name.", "越低越好（min）还是越高越好（max）；auto 根据名称推断。"))

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
            MODE,
            Float(name="baseline", default=None, nullable=True, lo=-1e9, hi=1e9, advanced=True, help=T("Stop if the quantity does not beat this value within the patience.", "若在耐心轮数内未超过该值，则停止。")),
            Bool(name="restore_best_weights", default=False, help=T("At the end, go back to the weights of the best epoch.", "结束时恢复到最佳轮次的权重。")),
            Int(name="start_from_epoch", default=0, lo=0, hi=1000, advanced=True, help=T("Epochs to train before watching starts (a warm-up).", "开始监视前先训练的轮数（预热）。")),
        ),
    ),
    Entry(
        "ModelCheckpoint", "training",
        T("Saves the model during training (here into the run's files): every epoch, or only when the monitored quantity improves.", "在训练中保存模型（这里保存到本次运行的文件中）：每轮保存，或只在被监视的量改善时保存。"),
        (
            MONITOR,
            Bool(name="save_best_only", default=False, help=T("Keep only the best model so far.", "只保留到目前为止最好的模型。")),
            Bool(name="save_weights_only", default=False, help=T("Save only the weights (checkpoint.weights.h5) instead of the whole model (checkpoint.keras).", "只保存权重（checkpoint.weights.h5），而不是整个模型（checkpoint.keras）。")),
            MODE,
            Float(name="initial_value_threshold", default=None, nullable=True, lo=-1e9, hi=1e9, advanced=True, help=T("Save only once the quantity beats this value.", "只有当该量超过这个值时才开始保存。")),
        ),
        fixed=(("filepath", "the run's checkpoint file"),),
    ),
    Entry(
        "LearningRateScheduler", "training",
        T("Sets the learning rate at the start of every epoch from a rule (chosen from a list: no code is typed).", "在每轮开始时按某条规则设置学习率（从列表中选择规则，无需编写代码）。"),
        (Nested(name="schedule", default={"class_name": "step_decay", "config": {"drop": 0.5, "every": 10}}, registry="epoch_schedules", required=True,
                help=T("The rule that gives each epoch's learning rate.", "给出每一轮学习率的规则。")),),
    ),
    Entry(
        "ReduceLROnPlateau", "training",
        T("Multiplies the learning rate by factor when the monitored quantity stops improving.", "当被监视的量不再改善时，把学习率乘以 factor。"),
        (
            MONITOR,
            Float(name="factor", default=0.1, lo=0.0, hi=1.0, lo_open=True, hi_open=True, help=T("Multiplier of the learning rate at each reduction.", "每次降低时学习率乘上的系数。")),
            Int(name="patience", default=10, lo=0, hi=1000, help=T("Epochs with no improvement before reducing.", "没有改善多少轮后降低学习率。")),
            MODE,
            Float(name="min_delta", default=0.0001, lo=0.0, hi=1000.0, help=T("Smallest change that counts as an improvement.", "被视为改善的最小变化量。")),
            Int(name="cooldown", default=0, lo=0, hi=1000, help=T("Epochs to wait after a reduction before watching again.", "降低之后重新开始监视前等待的轮数。")),
            Float(name="min_lr", default=0.0, lo=0.0, hi=10.0, help=T("The learning rate never goes below this.", "学习率不会低于该值。")),
        ),
    ),
    Entry(
        "TerminateOnNaN", "training",
        T("Stops training as soon as the loss becomes NaN (not a number).", "一旦损失变成 NaN（非数值）就停止训练。"),
        (Bool(name="raise_error", default=False, advanced=True, help=T("Fail the run with an error instead of just stopping.", "以出错的方式结束运行，而不只是停止。")),),
    ),
    Entry(
        "CSVLogger", "training",
        T("Writes one row per epoch with every logged value to a CSV file (here: the run's history.csv).", "每轮把所有记录的值写成一行到 CSV 文件中（这里是本次运行的 history.csv）。"),
        (Choice(name="separator", default=",", choices=(",", ";", "\t"), help=T("Character between columns.", "列之间的分隔符。")),),
        fixed=(("filename", "the run's history.csv"),),
    ),
)
