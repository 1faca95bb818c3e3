"""One image through Keras's random preprocessing layers, in training mode."""

from app.i18n import T
from app.widgets.params import choice, integer, number
from app.widgets.registry import Widget

WIDGET = Widget(
    title=T("One image, augmented live", "实时增强一张图片"),
    task="augment",
    request=(
        choice("image", "triangle_001", ("circle_000", "square_002", "triangle_001", "digit"), "The image.", "图片。"),
        choice("flip", "horizontal", ("none", "horizontal", "vertical", "horizontal_and_vertical"), "RandomFlip mode.", "RandomFlip 的模式。"),
        number("rotation", 0.1, 0.0, 0.5, "RandomRotation factor (a fraction of a full turn).", "RandomRotation 的系数（整圈的比例）。"),
        number("zoom", 0.2, 0.0, 0.9, "RandomZoom height factor.", "RandomZoom 的高度系数。"),
        number("translation", 0.1, 0.0, 0.5, "RandomTranslation factor.", "RandomTranslation 的系数。"),
        number("contrast", 0.2, 0.0, 1.0, "RandomContrast factor.", "RandomContrast 的系数。"),
        integer("samples", 4, 1, 8, "How many augmented copies.", "生成几个增强副本。"),
        integer("seed", 0, 0, 2**31 - 1, "Random seed.", "随机种子。"),
    ),
)
