"""The gradient (and Hessian) of a surface at a point the learner drags."""

from app.i18n import T
from app.widgets.params import Numbers, choice, integer
from app.widgets.registry import Widget

WIDGET = Widget(
    title=T("The gradient at a point you drag", "拖动的点处的梯度"),
    task="gradient",
    request=(
        choice("function", "bowl", ("bowl", "quadratic", "saddle", "rosenbrock", "beale", "ripples"), "The surface.", "曲面。"),
        Numbers(name="point", default=[1.0, 1.0], min_len=2, max_len=2, lo=-5, hi=5, help=T("Where to take the gradient.", "求梯度的位置。")),
        integer("grid", 41, 5, 81, "Grid points per axis for the surface.", "曲面每个轴上的网格点数。"),
    ),
)
