"""Random image augmentation layers: RandomFlip, RandomRotation,
RandomZoom, RandomTranslation, RandomContrast. They change each image at
random during training (fit) only, so the network sees many variants of few
images; at inference they pass images through. None has weights."""

from __future__ import annotations

from app.catalog.common import DATA_FORMAT, LAYER_COMMON, seed
from app.catalog.params import Choice, Factor, Float, Numbers
from app.catalog.registry import Entry
from app.i18n import T

FILL_MODE = Choice(
    name="fill_mode", default="reflect", choices=("reflect", "wrap", "constant", "nearest"), advanced=True,
    help=T("How the pixels moved in from outside the image are filled: reflect mirrors the edge, wrap tiles the image, constant uses fill_value, nearest repeats the edge pixel.",
           "图像外移入的像素如何填充：reflect 镜像边缘，wrap 平铺图像，constant 使用 fill_value，nearest 重复边缘像素。"),
)
INTERPOLATION = Choice(
    name="interpolation", default="bilinear", choices=("nearest", "bilinear"), advanced=True,
    help=T("How a pixel between the original ones is computed: bilinear blends its four neighbours, nearest copies the closest.",
           "落在原像素之间的新像素如何计算：bilinear 混合四个相邻像素，nearest 复制最近的像素。"),
)
FILL_VALUE = Float(name="fill_value", default=0.0, lo=-1e6, hi=1e6, advanced=True,
                   help=T("The value of filled pixels when fill_mode is constant.", "fill_mode 为 constant 时填充像素的值。"))
TRAINING_ONLY = T(" Data augmentation: it acts only during training (fit); evaluate and predict see the image unchanged. No weights.",
                  "这是数据增强：只在训练（fit）时起作用；evaluate 和 predict 看到的是原图。没有权重。")


def augmentation(name: str, en: str, zh: str, *params) -> Entry:
    return Entry(name, "augmentation", T(en + TRAINING_ONLY.en, zh + TRAINING_ONLY.zh), (*params, seed(), *LAYER_COMMON))


ENTRIES = [
    augmentation(
        "RandomFlip", "Mirrors each image at random, left-right and/or top-bottom.", "随机镜像翻转每张图像：左右翻转和/或上下翻转。",
        Choice(name="mode", default="horizontal_and_vertical", choices=("horizontal", "vertical", "horizontal_and_vertical"),
               help=T("horizontal mirrors left-right (half of the images), vertical top-bottom, horizontal_and_vertical either or both.",
                      "horizontal 左右翻转（约一半的图像），vertical 上下翻转，horizontal_and_vertical 两种都可能。")),
        DATA_FORMAT,
    ),
    augmentation(
        "RandomRotation", "Turns each image by a random angle.", "把每张图像随机旋转一个角度。",
        Factor(name="factor", default=0.1, lo=-1.0, hi=1.0, step=0.05, required=True,
               help=T("The angle as a fraction of a full turn: f turns by up to f·360° either way (0.1: ±36°); a pair [lower, upper] sets both ends. Positive is counter-clockwise.",
                      "角度占整圈的比例：f 表示向两个方向最多旋转 f·360°（0.1 即 ±36°）；数对 [下限, 上限] 分别给出两端。正值为逆时针。")),
        FILL_MODE, INTERPOLATION, FILL_VALUE, DATA_FORMAT,
    ),
    augmentation(
        "RandomZoom", "Zooms each image in or out by a random amount.", "把每张图像随机放大或缩小。",
        Factor(name="height_factor", default=0.1, lo=-1.0, hi=1.0, lo_open=True, step=0.05, required=True,
               help=T("Zoom of the height as a fraction: f picks from [−f, f]; positive zooms out (the image shrinks), negative zooms in. A pair [lower, upper] sets both ends.",
                      "高度的缩放比例：f 表示在 [−f, f] 中随机取值；正值缩小图像（拉远），负值放大图像（拉近）。数对 [下限, 上限] 分别给出两端。")),
        Factor(name="width_factor", default=None, nullable=True, lo=-1.0, hi=1.0, lo_open=True, step=0.05,
               help=T("Zoom of the width, read like height_factor; None zooms the width as the height, keeping the aspect ratio.",
                      "宽度的缩放比例，含义同 height_factor；None 表示宽度与高度缩放相同，保持长宽比。")),
        FILL_MODE, INTERPOLATION, FILL_VALUE, DATA_FORMAT,
    ),
    augmentation(
        "RandomTranslation", "Shifts each image up/down and left/right by a random amount.", "把每张图像随机上下、左右平移。",
        Factor(name="height_factor", default=0.1, lo=-1.0, hi=1.0, step=0.05, required=True,
               help=T("Vertical shift as a fraction of the height: f shifts by up to f·height up or down; a pair [lower, upper] sets both ends.",
                      "垂直平移占高度的比例：f 表示向上或向下最多平移 f·高度；数对 [下限, 上限] 分别给出两端。")),
        Factor(name="width_factor", default=0.1, lo=-1.0, hi=1.0, step=0.05, required=True,
               help=T("Horizontal shift as a fraction of the width, read like height_factor.", "水平平移占宽度的比例，含义同 height_factor。")),
        FILL_MODE, INTERPOLATION, FILL_VALUE, DATA_FORMAT,
    ),
    augmentation(
        "RandomContrast",
        "Multiplies each image's contrast (its distance from its mean) by a random number, then clips to value_range.",
        "把每张图像的对比度（像素与其均值的差）乘以一个随机数，再截断到 value_range 之内。",
        Factor(name="factor", default=0.2, lo=0.0, hi=1.0, step=0.05, required=True,
               help=T("The multiplier is drawn from [1 − lower, 1 + upper]. In this Keras a single number f means lower 0, upper f: only [1, 1 + f], contrast is never lowered; write [f, f] for [1 − f, 1 + f].",
                      "乘数从 [1 − 下限, 1 + 上限] 中随机抽取。在当前版本的 Keras 中，单个数 f 表示下限 0、上限 f，即只取 [1, 1 + f]，对比度从不降低；要得到 [1 − f, 1 + f]，请写成 [f, f]。")),
        Numbers(name="value_range", default=[0, 255], min_len=2, max_len=2, lo=-1e6, hi=1e6, increasing=True,
                help=T("The lowest and highest pixel values of the input: (0, 255) for raw pixels, (0, 1) after Rescaling(1/255) or for the app's image data sets.",
                       "输入像素值的最小值和最大值：原始像素为 (0, 255)；经过 Rescaling(1/255) 之后，或本应用的图像数据集，为 (0, 1)。")),
    ),
]
