"""The windows keras.utils.timeseries_dataset_from_array cuts from a series."""

from app.i18n import T
from app.widgets.params import Int, integer
from app.widgets.registry import Widget

WIDGET = Widget(
    title=T("Windows over a time series", "时间序列上的窗口"),
    task="windows",
    request=(
        integer("length", 100, 2, 1000, "Length of the series 0, 1, 2, ...", "序列 0、1、2……的长度。"),
        integer("sequence_length", 10, 1, 200, "Values per window.", "每个窗口的值个数。"),
        integer("sequence_stride", 3, 1, 200, "Shift between the starts of two windows.", "相邻两个窗口起点之间的偏移。"),
        integer("sampling_rate", 2, 1, 50, "Step between two values inside a window.", "窗口内相邻两个值之间的步长。"),
        integer("start_index", 0, 0, 1000, "First index that may be used.", "可以使用的第一个下标。"),
        Int(name="end_index", default=None, nullable=True, lo=1, hi=1000, help=T("Last index (excluded) that may be used.", "可以使用的最后一个下标（不含）。")),
    ),
)
