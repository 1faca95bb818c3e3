"""Draw activation-curves.{en,zh}.svg: ReLU, LeakyReLU and ELU (default arguments) and their
slopes on [-3, 3], the values computed by the Keras layers and the slopes by TensorFlow's
automatic differentiation. Run from the repository root: .venv/bin/python <this file>."""

from app.lessons import figure_kit as kit

# isort: split
from pathlib import Path

import numpy as np
import tensorflow as tf
from keras import layers

HERE = Path(__file__).resolve().parent
WORDS = {
    "en": {"value": "value f(x)", "slope": "slope f′(x)"},
    "zh": {"value": "函数值 f(x)", "slope": "斜率 f′(x)"},
}
# Each curve with its own line style, so that they differ without colour too.
CURVES = [
    ("ReLU()", layers.ReLU(), kit.BLUE, ""),
    ("LeakyReLU()  s=0.3", layers.LeakyReLU(), kit.VERMILLION, "9 5"),
    ("ELU()  α=1", layers.ELU(), kit.GREEN, "2 4"),
]
grid = np.linspace(-3, 3, 601).astype("float32")


def values_and_slopes(layer):
    x = tf.constant(grid)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = layer(x)
    return y.numpy(), tape.gradient(y, x).numpy()


def panel(x0, y0, w, h, ylo, yhi, yticks, title, series):
    """One plot: axes, grid, and for each (values, colour, dash) a line, split where it jumps."""
    sx = lambda v: x0 + (v + 3) / 6 * w  # noqa: E731
    sy = lambda v: y0 + h - (v - ylo) / (yhi - ylo) * h  # noqa: E731
    out = [
        f'<text x="{x0 + w / 2}" y="{y0 - 14}" font-size="16" font-weight="600" text-anchor="middle">{title}</text>',
        f'<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="none" stroke="#999"/>',
    ]
    for t in (-3, -2, -1, 0, 1, 2, 3):
        out.append(
            f'<line x1="{sx(t):.1f}" y1="{y0}" x2="{sx(t):.1f}" y2="{y0 + h}" stroke="{"#777" if t == 0 else "#e3e3e3"}"/>'
        )
        out.append(
            f'<text x="{sx(t):.1f}" y="{y0 + h + 18}" font-size="13" text-anchor="middle">{"−" if t < 0 else ""}{abs(t)}</text>'
        )
    for t in yticks:
        out.append(
            f'<line x1="{x0}" y1="{sy(t):.1f}" x2="{x0 + w}" y2="{sy(t):.1f}" stroke="{"#777" if t == 0 else "#e3e3e3"}"/>'
        )
        label = f"{abs(t):g}"
        out.append(
            f'<text x="{x0 - 6}" y="{sy(t) + 4:.1f}" font-size="13" text-anchor="end">{"−" if t < 0 else ""}{label}</text>'
        )
    out.append(
        f'<text x="{x0 + w - 4}" y="{y0 + h - 6}" font-size="14" text-anchor="end" font-style="italic">x</text>'
    )
    for ys, colour, dash in series:
        jump = abs(ys[299] - ys[301]) > 0.1  # a corner at 0 whose slope jumps
        pieces = [(0, 300), (301, 601)] if jump else [(0, 601)]
        for a, b in pieces:
            points = " ".join(f"{sx(grid[i]):.1f},{sy(ys[i]):.1f}" for i in range(a, b))
            out.append(
                f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="3"{kit.dashes(dash)} stroke-linecap="round"/>'
            )
        if jump:  # the slope automatic differentiation reports at exactly 0
            out.append(
                f'<circle cx="{sx(0):.1f}" cy="{sy(ys[300]):.1f}" r="5" fill="{colour}" stroke="#fff" stroke-width="1.5"/>'
            )
    return out


def svg(lang: str) -> str:
    w = WORDS[lang]
    computed = [(values_and_slopes(layer), colour, dash) for _, layer, colour, dash in CURVES]
    out = []
    for k, (name, _, colour, dash) in enumerate(CURVES):
        lx = (60, 230, 480)[k]
        out.append(
            f'<line x1="{lx}" y1="24" x2="{lx + 44}" y2="24" stroke="{colour}" stroke-width="3"{kit.dashes(dash)} stroke-linecap="round"/>'
        )
        out.append(f'<text x="{lx + 52}" y="29" font-size="15">{name}</text>')
    out += panel(
        50,
        80,
        270,
        250,
        -1.5,
        3,
        (-1, 0, 1, 2, 3),
        w["value"],
        [(v, c, d) for (v, _), c, d in computed],
    )
    out += panel(
        410,
        80,
        270,
        250,
        -0.1,
        1.1,
        (0, 0.5, 1),
        w["slope"],
        [(s, c, d) for (_, s), c, d in computed],
    )
    return kit.document(700, 380, out, role=False)


if __name__ == "__main__":
    kit.write_langs(HERE, "activation-curves", svg)
