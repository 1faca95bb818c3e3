"""Draw preset-augmentation.{en,zh}.svg: one image of the preset's data set (shapes, read with
the app's own loader) through the preset's RandomFlip("horizontal"), RandomRotation(0.05) and
RandomZoom(0.1), one at a time and all three in order, called by Keras with training=True and
fixed seeds. Run from the repository root: .venv/bin/python <this file>."""

from app.lessons import figure_kit as kit

# isort: split
import json
from pathlib import Path

import keras
import numpy as np
from keras import layers

from app.datasets.loaders.bundled import SHAPE_CLASSES, shapes

HERE = Path(__file__).resolve().parent
WORDS = {
    "en": {"original": "original", "all": "all three, in the preset's order",
           "samples": "five random draws (training=True)", "triangle": "triangle"},
    "zh": {"original": "原图", "all": "三个层依次作用（预设的顺序）",
           "samples": "五次随机抽取（training=True）", "triangle": "三角形"},
}
N = 5
SCALE = 3  # the 32 × 32 images, as 96 × 96 PNGs


def the_image():
    """The preset's data set as the app loads it; the triangle that sits farthest from the
    vertical midline, so that a horizontal flip shows."""
    preset = json.loads((HERE.parent / "preset.json").read_text())
    x, y = shapes(**preset["dataset"]["options"])
    best, offset = None, -1.0
    for i in np.flatnonzero(y == SHAPE_CLASSES.index("triangle")):
        ink = x[i].mean(axis=-1) < 0.6  # the dark shape on its pale background
        off = abs(np.nonzero(ink)[1].mean() - 15.5)
        if off > offset:
            best, offset = i, off
    return x[best]


def computed():
    image = the_image()
    batch = np.repeat(image[None], N, axis=0)
    flip = layers.RandomFlip("horizontal", seed=3)
    rotation = layers.RandomRotation(0.05, seed=4)
    zoom = layers.RandomZoom(0.1, seed=5)
    pipeline = keras.Sequential(
        [
            layers.RandomFlip("horizontal", seed=6),
            layers.RandomRotation(0.05, seed=7),
            layers.RandomZoom(0.1, seed=8),
        ]
    )
    rows = [
        (name, np.asarray(keras.ops.convert_to_numpy(layer(batch, training=True))))
        for name, layer in [
            ('RandomFlip("horizontal")', flip),
            ("RandomRotation(0.05)", rotation),
            ("RandomZoom(0.1)", zoom),
            (None, pipeline),
        ]
    ]
    for _, out in rows:
        assert out.shape == (N, 32, 32, 3)
    assert np.allclose(keras.ops.convert_to_numpy(pipeline(batch, training=False)), batch)
    return image, rows


def svg(lang: str, image, rows) -> str:
    w = WORDS[lang]
    cell, gap, left, rh = 84, 12, 30, 128
    height = 40 + len(rows) * rh + 6
    out = [
        f'<text x="{left + cell / 2}" y="24" font-size="14" text-anchor="middle" fill="#444">{w["original"]}</text>',
        f'<text x="{left + cell + 40 + (N * (cell + gap) - gap) / 2}" y="24" font-size="14" text-anchor="middle" fill="#444">{w["samples"]}</text>',
    ]
    for r, (name, outs) in enumerate(rows):
        y0 = 40 + r * rh
        out.append(
            f'<text x="{left}" y="{y0 + 18}" font-size="15" font-weight="600">{name or w["all"]}</text>'
        )
        top = y0 + 30
        out += kit.picture(left, top, cell, image, SCALE, "#555", 1.5)
        ax = left + cell + 8
        out.append(
            f'<path d="M{ax},{top + cell / 2} h18 m-7,-6 l7,6 l-7,6" fill="none" stroke="#555" stroke-width="2"/>'
        )
        for k in range(N):
            x = left + cell + 40 + k * (cell + gap)
            out += kit.picture(x, top, cell, outs[k], SCALE, "#999")
        if r < len(rows) - 1:
            out.append(
                f'<line x1="{left}" y1="{y0 + rh - 4}" x2="{700 - left}" y2="{y0 + rh - 4}" stroke="#e0e0e0"/>'
            )
    return kit.document(700, height, out, role=False)


if __name__ == "__main__":
    image, rows = computed()
    kit.write_langs(HERE, "preset-augmentation", lambda lang: svg(lang, image, rows))
