"""Learning-rate schedules: per step (an optimizer's learning_rate) and per
epoch (the LearningRateScheduler callback, from a fixed set of named rules)."""

from __future__ import annotations

from app.catalog.params import Bool, Float, Int, Numbers
from app.catalog.registry import Entry, Issue, Registry
from app.i18n import T

SCHEDULES = Registry("schedule", T("learning-rate schedules", "学习率调度"))
EPOCH_SCHEDULES = Registry("epoch schedule", T("epoch schedules", "按轮调度规则"))

INITIAL = Float(name="initial_learning_rate", default=0.01, lo=0.0, hi=10.0, lo_open=True, required=True, help=T("The learning rate at step 0.", "第 0 步的学习率。"))
DECAY_STEPS = Int(name="decay_steps", default=100, lo=1, hi=1_000_000, required=True, help=T("Steps (batches) over which the decay acts.", "衰减作用的步数（批次数）。"))


def _piecewise_rules(config: dict) -> list[Issue]:
    b, v = config["boundaries"], config["values"]
    if len(v) == len(b) + 1:
        return []
    return [Issue(("values",), "invalid", {"detail": f"expected {len(b) + 1} values (one more than the {len(b)} boundaries); received {len(v)}"})]


SCHEDULES.add(
    Entry("ExponentialDecay", "schedule",
          T("lr = initial · decay_rate^(step / decay_steps): shrinks smoothly (or in stairs).", "lr = initial · decay_rate^(step / decay_steps)：平滑（或阶梯式）减小。"),
          (INITIAL, DECAY_STEPS,
           Float(name="decay_rate", default=0.9, lo=0.0, hi=1.0, lo_open=True, required=True, help=T("Factor applied every decay_steps.", "每经过 decay_steps 步乘上的因子。")),
           Bool(name="staircase", default=False, help=T("Decay in whole steps (integer division) instead of smoothly.", "按整段阶梯衰减（整数除法），而不是平滑衰减。")))),
    Entry("PiecewiseConstantDecay", "schedule",
          T("A constant learning rate per range of steps: values[i] until boundaries[i].", "每个步数区间使用一个常数学习率：在 boundaries[i] 之前使用 values[i]。"),
          (Numbers(name="boundaries", default=[100, 200], min_len=1, max_len=16, lo=1, hi=1_000_000, integer=True, increasing=True, required=True, help=T("Steps at which the rate changes.", "学习率发生变化的步数。")),
           Numbers(name="values", default=[0.01, 0.005, 0.001], min_len=2, max_len=17, lo=0.0, hi=10.0, required=True, help=T("The rates, one more than the boundaries.", "各段的学习率，比边界多一个。"))),
          rules=_piecewise_rules),
    Entry("CosineDecay", "schedule",
          T("Follows half a cosine from the initial rate down to alpha·initial over decay_steps (optionally after a warm-up).", "在 decay_steps 步内沿半个余弦曲线从初始学习率降到 alpha·initial（可先预热）。"),
          (INITIAL, DECAY_STEPS,
           Float(name="alpha", default=0.0, lo=0.0, hi=1.0, help=T("Final rate as a fraction of the initial one.", "最终学习率占初始学习率的比例。")),
           Float(name="warmup_target", default=None, nullable=True, lo=0.0, hi=10.0, lo_open=True, advanced=True, help=T("Rate reached at the end of the warm-up.", "预热结束时达到的学习率。")),
           Int(name="warmup_steps", default=0, lo=0, hi=1_000_000, advanced=True, help=T("Steps of linear warm-up before the decay.", "衰减之前线性预热的步数。")))),
)

EPOCH_SCHEDULES.add(
    Entry("constant", "epoch", T("Keep the learning rate unchanged.", "保持学习率不变。"), source="app"),
    Entry("step_decay", "epoch", T("Multiply the rate by drop every `every` epochs.", "每隔 every 轮把学习率乘以 drop。"),
          (Float(name="drop", default=0.5, lo=0.0, hi=1.0, lo_open=True, required=True, help=T("Factor applied at each step down.", "每次下降时乘上的因子。")),
           Int(name="every", default=10, lo=1, hi=1000, required=True, help=T("Epochs between two drops.", "两次下降之间的轮数。"))), source="app"),
    Entry("exponential_decay", "epoch", T("Multiply the rate by e^(−rate) after every epoch.", "每一轮之后把学习率乘以 e^(−rate)。"),
          (Float(name="rate", default=0.1, lo=0.0, hi=10.0, required=True, help=T("Decay per epoch.", "每轮的衰减量。")),), source="app"),
)
