"""Parameters shared by many catalog entries: activations, initializers, ..."""

from __future__ import annotations

from app.catalog.nested import RateOrSchedule
from app.catalog.params import Bool, Choice, Float, Int, Text
from app.i18n import T

ACTIVATIONS = (
    "linear", "relu", "relu6", "leaky_relu", "elu", "selu", "celu", "gelu", "silu", "swish",
    "mish", "sigmoid", "hard_sigmoid", "log_sigmoid", "tanh", "hard_tanh", "softmax",
    "log_softmax", "softplus", "softsign", "exponential",
)  # fmt: skip
INITIALIZERS = (
    "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform",
    "lecun_normal", "random_uniform", "random_normal", "truncated_normal", "orthogonal",
    "zeros", "ones",
)  # fmt: skip
EMBEDDING_INITIALIZERS = ("uniform", "normal", *INITIALIZERS)
REGULARIZERS = ("l1", "l2", "l1l2")
CONSTRAINTS = ("max_norm", "non_neg", "unit_norm", "min_max_norm")
SEED_MAX = 2**31 - 1


def activation(name: str = "activation", default: str | None = None, nullable: bool = True) -> Choice:
    return Choice(
        name=name,
        default=default,
        nullable=nullable,
        choices=ACTIVATIONS,
        help=T(
            "Function applied to the layer's output, element by element. None means linear (no activation).",
            "逐元素作用在该层输出上的函数。None 表示线性（不使用激活函数）。",
        ),
    )


def initializer(name: str, default: str, what: T, choices: tuple[str, ...] = INITIALIZERS) -> Choice:
    return Choice(
        name=name,
        default=default,
        choices=choices,
        advanced=True,
        help=T(f"How {what.en} is filled before training starts.", f"训练开始前{what.zh}的初始化方式。"),
    )


def regularizer(name: str, what: T) -> Choice:
    return Choice(
        name=name,
        default=None,
        nullable=True,
        choices=REGULARIZERS,
        advanced=True,
        help=T(
            f"Penalty on {what.en} added to the loss, at Keras's default strengths: l1 and l2 0.01; l1l2 0 for both, so it adds nothing.",
            f"加到损失上的{what.zh}惩罚项，使用 Keras 的默认强度：l1 和 l2 为 0.01；l1l2 的两项均为 0，因此不增加任何惩罚。",
        ),
    )


def constraint(name: str, what: T) -> Choice:
    return Choice(
        name=name,
        default=None,
        nullable=True,
        choices=CONSTRAINTS,
        advanced=True,
        help=T(
            f"Constraint applied to {what.en} after each optimizer step.",
            f"每次优化器更新之后施加在{what.zh}上的约束。",
        ),
    )


def seed(default: int | None = None) -> Int:
    return Int(
        name="seed",
        default=default,
        nullable=True,
        lo=0,
        hi=SEED_MAX,
        advanced=True,
        help=T("Random seed, for results you can repeat. None picks one at random.", "随机种子，用于得到可复现的结果。None 表示随机选取。"),
    )


LAYER_NAME = Text(
    name="name",
    default=None,
    nullable=True,
    advanced=True,
    pattern=r"[A-Za-z][A-Za-z0-9_]*",
    max_len=40,
    what=T(
        "a name of letters, digits and underscores that starts with a letter (at most 40 characters)",
        "以字母开头、由字母数字和下划线组成的名称（最多 40 个字符）",
    ),
    help=T("The layer's name in the summary. None lets Keras number it (dense, dense_1, ...).", "该层在摘要中的名称。None 表示由 Keras 自动编号（dense、dense_1……）。"),
)

TRAINABLE = Bool(
    name="trainable",
    default=True,
    advanced=True,
    help=T("Whether fit() updates this layer's weights. Frozen weights count as non-trainable parameters.", "fit() 是否更新该层的权重。冻结的权重计为不可训练参数。"),
)

# Every layer accepts these, as Keras's base Layer does.
LAYER_COMMON = (LAYER_NAME, TRAINABLE)

LEARNING_RATE = RateOrSchedule(
    name="learning_rate",
    default=0.001,
    lo=0.0,
    hi=10.0,
    lo_open=True,
    help=T(
        "Step size of each update: too small learns slowly, too large diverges. A schedule changes it as training goes on.",
        "每次更新的步长：太小学得慢，太大则会发散。使用调度可以让它随训练进程变化。",
    ),
)


def clip_params() -> tuple[Float, ...]:
    return (
        Float(
            name="clipnorm",
            default=None,
            nullable=True,
            lo=0.0,
            hi=1000.0,
            lo_open=True,
            advanced=True,
            help=T("If set, each weight's gradient is rescaled so its norm is at most this value.", "若设置，每个权重的梯度会被缩放，使其范数不超过该值。"),
        ),
        Float(
            name="clipvalue",
            default=None,
            nullable=True,
            lo=0.0,
            hi=1000.0,
            lo_open=True,
            advanced=True,
            help=T("If set, every gradient element is clipped to [-value, value].", "若设置，梯度的每个元素都被截断到 [-value, value] 区间。"),
        ),
        Float(
            name="global_clipnorm",
            default=None,
            nullable=True,
            lo=0.0,
            hi=1000.0,
            lo_open=True,
            advanced=True,
            help=T("If set, all gradients together are rescaled so their joint norm is at most this value.", "若设置，所有梯度整体缩放，使其总范数不超过该值。"),
        ),
        Bool(
            name="use_ema",
            default=False,
            advanced=True,
            help=T("Keep an exponential moving average of the weights and use it at the end of training.", "保存权重的指数滑动平均，并在训练结束时使用它。"),
        ),
        Float(
            name="ema_momentum",
            default=0.99,
            lo=0.0,
            hi=1.0,
            advanced=True,
            help=T("How slowly the moving average of the weights follows them.", "权重滑动平均跟随权重变化的快慢。"),
        ),
        Int(
            name="ema_overwrite_frequency",
            default=None,
            nullable=True,
            lo=1,
            hi=100_000,
            advanced=True,
            help=T("Every this many steps, replace the weights by their moving average (None: only at the end).", "每隔这么多步就用滑动平均替换权重（None 表示只在最后替换）。"),
        ),
        Int(
            name="gradient_accumulation_steps",
            default=None,
            nullable=True,
            lo=2,
            hi=1000,
            advanced=True,
            help=T("Add up the gradients of this many batches before each update (a larger effective batch).", "累加这么多个批次的梯度后再更新一次（相当于更大的批次）。"),
        ),
        Float(
            name="loss_scale_factor",
            default=None,
            nullable=True,
            lo=0.0,
            hi=1e6,
            lo_open=True,
            advanced=True,
            help=T("Multiply the loss by this before computing gradients (and divide the gradients back): for mixed precision.", "计算梯度前把损失乘以该值（之后再把梯度除回去）：用于混合精度训练。"),
        ),
        Float(
            name="weight_decay",
            default=None,
            nullable=True,
            lo=0.0,
            hi=1.0,
            advanced=True,
            help=T("If set, weights shrink by this fraction of the learning rate at each step (decoupled weight decay).", "若设置，每一步权重都按学习率乘以该系数收缩（解耦权重衰减）。"),
        ),
    )


DATA_FORMAT = Choice(
    name="data_format",
    default=None,
    nullable=True,
    choices=("channels_last", "channels_first"),
    advanced=True,
    help=T(
        "Where the channels axis is: last, (batch, ..., channels), or first, (batch, channels, ...). None uses Keras's setting (channels_last).",
        "通道轴的位置：在最后 (batch, ..., channels) 或在最前 (batch, channels, ...)。None 表示使用 Keras 的全局设置（channels_last）。",
    ),
)

# Lambda's fixed expressions and the numbers each takes (app/keras_ext/lambdas.py implements them).
LAMBDA_ARGUMENTS: dict[str, tuple[str, ...]] = {
    "square": (),
    "abs": (),
    "negate": (),
    "scale": ("factor",),
    "shift": ("offset",),
    "clip": ("min_value", "max_value"),
    "l2_normalize": (),
    "mean_over_axis1": (),
    "sum_over_axis1": (),
}
LAMBDA_PARAMS = (
    Float(name="factor", default=2.0, lo=-1e6, hi=1e6, help=T("Multiplier of scale.", "scale 的乘数。")),
    Float(name="offset", default=1.0, lo=-1e6, hi=1e6, help=T("Amount added by shift.", "shift 加上的量。")),
    Float(name="min_value", default=0.0, lo=-1e6, hi=1e6, help=T("Lower bound of clip.", "clip 的下界。")),
    Float(name="max_value", default=1.0, lo=-1e6, hi=1e6, help=T("Upper bound of clip.", "clip 的上界。")),
)


def lambda_rules(config: dict) -> list:
    """A Lambda's arguments must be exactly the numbers its expression takes."""
    from app.catalog.registry import Issue

    wanted = set(LAMBDA_ARGUMENTS[config["function"]])
    given = set(config.get("arguments") or {})
    if given == wanted:
        if wanted == {"min_value", "max_value"} and config["arguments"]["min_value"] > config["arguments"]["max_value"]:
            return [Issue(("arguments", "max_value"), "invalid", {"detail": "expected max_value ≥ min_value"})]
        return []
    names = ", ".join(sorted(wanted)) or "none"
    return [Issue(("arguments",), "lambda_arguments", {"function": config["function"], "names": names, "value": ", ".join(sorted(given)) or "none"})]
