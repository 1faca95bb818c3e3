"""Bounds on every number the calculators accept (see explore.md)."""

from __future__ import annotations

from app.catalog.params import Choice, Float, Int
from app.i18n import T

MAX_NUMBERS = 10_000  # numbers in one array (y_true, y_pred, sample_weight)
MAX_TOTAL_NUMBERS = 100_000  # numbers in all the arrays of one request
MAX_DEPTH = 3  # [[[x]]]: a batch of samples of at most two axes
MAX_UPDATES = 100  # update_state calls of one metric request
MAX_COORDS = 10  # coordinates of an optimizer's start point (quadratic)
TWO_D = ("rosenbrock", "beale", "saddle", "line_fit", "line_fit_mse")  # the functions of exactly (x, y)

VALUE = Float(
    name="value", default=0.0, lo=-1e9, hi=1e9,
    help=T("One number of y_true, y_pred or sample_weight.", "y_true、y_pred 或 sample_weight 中的一个数。"),
)
FUNCTION = Choice(
    name="function", default="quadratic", choices=("quadratic", "rosenbrock", "beale", "saddle", "line_fit", "line_fit_mse"),
    help=T("The surface the optimizer walks down.", "优化器沿其下降的曲面。"),
)
START = Float(
    name="start", default=1.0, lo=-1e4, hi=1e4,
    help=T("One coordinate of the point the optimizer starts from.", "优化器起点的一个坐标。"),
)
STEPS = Int(
    name="steps", default=50, lo=1, hi=1000,
    help=T("How many times the optimizer applies a gradient.", "优化器应用梯度的次数。"),
)
