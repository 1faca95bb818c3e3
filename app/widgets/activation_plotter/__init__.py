"""An activation and its derivative, plotted over a range the learner picks."""

from typing import Any

from app.i18n import T
from app.spec.errors import SpecIssue
from app.widgets.params import Float, choice, integer, number
from app.widgets.registry import Widget

ACTIVATIONS = ("relu", "leaky_relu", "elu", "thresholded_relu", "sigmoid", "tanh", "selu", "gelu", "swish", "softplus", "softsign", "hard_sigmoid", "exponential", "relu6", "mish", "linear")


def x_range(request: dict[str, Any]) -> list[SpecIssue]:
    if request["x_min"] >= request["x_max"]:
        return [SpecIssue(("x_max",), "invalid", {"detail": "expected x_max above x_min"})]
    return []


WIDGET = Widget(
    title=T("Activations and their derivatives", "激活函数及其导数"),
    task="activation",
    request=(
        choice("name", "relu", ACTIVATIONS, "The activation.", "激活函数。"),
        number("negative_slope", 0.0, 0.0, 10.0, "ReLU / LeakyReLU slope below zero.", "ReLU / LeakyReLU 在零以下的斜率。"),
        Float(name="max_value", default=None, nullable=True, lo=0.0, hi=1000.0, help=T("ReLU cap.", "ReLU 的上限。")),
        number("threshold", 0.0, -10, 10, "ReLU threshold.", "ReLU 的阈值。"),
        number("alpha", 1.0, 0.0, 10.0, "ELU alpha.", "ELU 的 alpha。"),
        number("theta", 1.0, 0.0, 10.0, "ThresholdedReLU theta.", "ThresholdedReLU 的 theta。"),
        number("x_min", -4.0, -20, 20, "Left end of the plot.", "图的左端。"),
        number("x_max", 4.0, -20, 20, "Right end of the plot.", "图的右端。"),
        integer("points", 161, 11, 801, "Points on the curve.", "曲线上的点数。"),
    ),
    check=x_range,
)
