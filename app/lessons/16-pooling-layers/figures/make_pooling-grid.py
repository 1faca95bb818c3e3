"""Draws pooling-grid.svg: the lesson's 4 x 4 image pooled by MaxPooling2D and
AveragePooling2D, with 2 x 2 windows at stride 2 (the default) and 3 x 3 windows
at stride 1; every output value is computed by Keras.
Run: .venv/bin/python app/lessons/16-pooling-layers/figures/make_pooling-grid.py"""

from app.lessons import figure_kit as kit

# isort: split
from pathlib import Path

import numpy as np
from keras import layers

HERE = Path(__file__).parent
GREY = "#5f5f5f"
# Okabe-Ito colours, each with its own border style so that they differ without colour too
STYLES = [("#fde3b0", "#E69F00", ""), ("#cfe6f5", "#0072B2", "8 4"), ("#c9eee2", "#009E73", "2 3"), ("#f6d3e6", "#CC79A7", "10 3 2 3")]

image = np.array([[1, 2, 0, 1],
                  [3, 4, 2, 0],
                  [0, 1, 5, 6],
                  [2, 1, 7, 8]], dtype="float32")
x = image.reshape(1, 4, 4, 1)


def pooled(layer):
    return layer(x).numpy()[0, :, :, 0]


CASES = [  # (pool size, strides, outputs)
    (2, 2, pooled(layers.MaxPooling2D(pool_size=2)), pooled(layers.AveragePooling2D(pool_size=2))),
    (3, 1, pooled(layers.MaxPooling2D(pool_size=3, strides=1)), pooled(layers.AveragePooling2D(pool_size=3, strides=1))),
]
C = 50  # cell size


def num(v):
    return f"{v:.2f}".rstrip("0").rstrip(".")


def text(x, y, s, size=15, color=kit.INK, anchor="middle", family=None):
    fam = f' font-family="{family}"' if family else ""
    return f'<text x="{x}" y="{y}" font-size="{size}" fill="{color}" text-anchor="{anchor}"{fam}>{s}</text>'


def grid(x0, y0, values, fills):
    out = []
    for (i, j), v in np.ndenumerate(values):
        fill = fills.get((i, j), "#f4f4f4")
        out.append(f'<rect x="{x0 + C * j}" y="{y0 + C * i}" width="{C}" height="{C}" fill="{fill}" stroke="{GREY}" stroke-width="1"/>')
        out.append(text(x0 + C * j + C / 2, y0 + C * i + C / 2 + 6, num(float(v)), 17))
    return out


def window(x0, y0, i, j, size, style, inset):
    _, stroke, dash = style
    return f'<rect x="{x0 + C * j + inset}" y="{y0 + C * i + inset}" width="{C * size - 2 * inset}" height="{C * size - 2 * inset}" fill="none" stroke="{stroke}" stroke-width="3.5"{kit.dashes(dash)}/>'


def outline(x0, y0, i, j, style):
    return window(x0, y0, i, j, 1, style, 3)


def draw():
    b = []
    for row, (p, s, mx, av) in enumerate(CASES):
        y0 = 70 + 310 * row
        n_out = (4 - p) // s + 1
        assert mx.shape == (n_out, n_out)
        starts = [(i, j) for i in range(n_out) for j in range(n_out)]
        shown = starts if p == 2 else starts[:2]  # overlapping 3 x 3 windows: show two of them
        b.append(text(40, y0 - 32, f"pool_size={p}, strides={s}", 17, kit.INK, "start"))
        b.append(text(40, y0 + 4 * C + 30, f"⌊(4 − {p}) / {s}⌋ + 1 = {n_out}", 15, GREY, "start"))
        fills = {}
        if p == 2:
            for k, (i, j) in enumerate(starts):
                for di in range(p):
                    for dj in range(p):
                        fills[(i * s + di, j * s + dj)] = STYLES[k][0]
        b += grid(40, y0, image, fills)
        for k, (i, j) in enumerate(shown):
            b.append(window(40, y0, i * s, j * s, p, STYLES[k], 2 + 5 * k * (p == 3)))
        b.append(kit.arrow(f"M{40 + 4 * C + 20},{y0 + 2 * C} H{40 + 4 * C + 100}", width=1.8))
        for col, (name, out) in enumerate((("MaxPooling2D", mx), ("AveragePooling2D", av))):
            x0 = 360 + 280 * col
            oy = y0 + C
            b.append(text(x0 + C, oy - 14, name, 15))
            out_fills = {(i, j): STYLES[k][0] for k, (i, j) in enumerate(shown)}
            b += grid(x0, oy, out, out_fills)
            for k, (i, j) in enumerate(shown):
                b.append(outline(x0, oy, i, j, STYLES[k]))
    b.append('<line x1="30" y1="322" x2="870" y2="322" stroke="#d0d0d0" stroke-width="1"/>')
    title = "MaxPooling2D and AveragePooling2D on a 4 x 4 grid"
    arrowheads = kit.defs(kit.arrowhead("a", kit.INK, 11, fixed=True))
    return kit.document(900, 620, b, title=title, defs=arrowheads, font_size=15, sized=True)


kit.write(HERE / "pooling-grid.svg", draw())
