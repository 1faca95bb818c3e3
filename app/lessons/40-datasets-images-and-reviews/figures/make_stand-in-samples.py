"""Draw stand-in-samples.{en,zh}.svg: sample images of the two bundled image data sets
that stand in for mnist (digits) and cifar10/cifar100 (shapes), read with the app's own
loaders. Run from the repository root: .venv/bin/python <this file>."""

from pathlib import Path

import numpy as np

from app.datasets.loaders.bundled import SHAPE_CLASSES, digits, shapes
from app.lessons import figure_kit as kit

HERE = Path(__file__).resolve().parent
WORDS = {
    "en": {"digits": "digits: the stand-in for mnist",
           "digits_note": "8×8 pixels, 1 channel (0 black to 1 white), labels 0 to 9",
           "shapes": "shapes: the stand-in for cifar10 and cifar100",
           "shapes_note": "32×32 pixels, 3 channels (red, green, blue), 3 classes",
           "classes": {c: c for c in SHAPE_CLASSES}},
    "zh": {"digits": "digits：mnist 的替代数据集", "digits_note": "8×8 像素，1 个通道（0 为黑，1 为白），标签 0 到 9",
           "shapes": "shapes：cifar10 和 cifar100 的替代数据集", "shapes_note": "32×32 像素，3 个通道（红、绿、蓝），3 个类别",
           "classes": {"circle": "圆形", "square": "正方形", "triangle": "三角形"}},
}


def first_of_each(y: np.ndarray, n_classes: int, per_class: int) -> list[list[int]]:
    return [[int(i) for i in np.flatnonzero(y == c)[:per_class]] for c in range(n_classes)]


def svg(lang: str) -> str:
    w = WORDS[lang]
    xd, yd = digits(n_samples=1797, shape="image", seed=0)
    xs, ys = shapes(n_samples=90, seed=0)
    out = [
        f'<text x="30" y="30" font-size="17" font-weight="600">{w["digits"]}</text>',
        f'<text x="30" y="52" font-size="14" fill="#444">{w["digits_note"]}</text>',
    ]
    cell, gap, left = 52, 12, 30
    for c, rows in enumerate(first_of_each(yd, 10, 2)):
        x = left + c * (cell + gap)
        out.append(
            f'<text x="{x + cell / 2}" y="80" font-size="16" font-weight="600" text-anchor="middle">{c}</text>'
        )
        for r, i in enumerate(rows):
            y = 90 + r * (cell + 8)
            out += kit.picture(x, y, cell, xd[i, :, :, 0], 8, "#888", 1)
    top = 240
    out += [
        f'<text x="30" y="{top}" font-size="17" font-weight="600">{w["shapes"]}</text>',
        f'<text x="30" y="{top + 22}" font-size="14" fill="#444">{w["shapes_note"]}</text>',
    ]
    cell, gap, group = 58, 6, 3 * 58 + 2 * 6
    for c, rows in enumerate(first_of_each(ys, 3, 3)):
        gx = left + c * (group + 30)
        out.append(
            f'<text x="{gx + group / 2}" y="{top + 56}" font-size="16" font-weight="600" text-anchor="middle">{c}  {w["classes"][SHAPE_CLASSES[c]]}</text>'
        )
        out.append(
            f'<line x1="{gx}" y1="{top + 64}" x2="{gx + group}" y2="{top + 64}" stroke="#888"/>'
        )
        for k, i in enumerate(rows):
            x = gx + k * (cell + gap)
            out += kit.picture(x, top + 76, cell, xs[i], 4, "#888", 1)
    return kit.document(700, 425, out, role=False)


if __name__ == "__main__":
    kit.write_langs(HERE, "stand-in-samples", svg)
