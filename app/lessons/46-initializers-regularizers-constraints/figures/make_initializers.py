"""Draw initializers.{en,zh}.svg: on the left, the weights of one 256 × 256 Dense kernel as
drawn by glorot_uniform, he_normal and random_normal (histograms of the values Keras draws);
on the right, the standard deviation of the outputs of ten stacked Dense(256, relu) layers
started by each, on 1,000 random inputs. Run from the repository root:
.venv/bin/python <this file>."""

from app.lessons import figure_kit as kit

# isort: split
from pathlib import Path

import keras
import numpy as np
from keras import layers

HERE = Path(__file__).resolve().parent
WORDS = {
    "en": {"left": "the weights drawn (256 × 256 kernel)", "right": "ten Dense(256, relu) layers",
           "value": "weight value", "count": "how many", "layer": "layer",
           "std": "std of the layer's outputs"},
    "zh": {"left": "抽出的权重（256 × 256 的核）", "right": "十个 Dense(256, relu) 层叠在一起",
           "value": "权重的值", "count": "个数", "layer": "层", "std": "该层输出的标准差"},
}
# Each initializer with its own line style, so that the curves differ without colour too.
NAMES = [("glorot_uniform", kit.BLUE, ""), ("he_normal", kit.VERMILLION, "9 5"), ("random_normal", kit.GREEN, "2 4")]
EDGES = np.linspace(-0.25, 0.25, 51)
DEPTH = 10


def computed():
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(1000, 256)).astype("float32")
    out = {}
    for name, _, _ in NAMES:
        dense = layers.Dense(256, kernel_initializer=name)
        dense.build((None, 256))
        w = dense.kernel.numpy().ravel()
        assert EDGES[0] <= w.min() and w.max() <= EDGES[-1], name  # the axis holds every value drawn
        counts, _ = np.histogram(w, bins=EDGES)
        h, stds = x, []
        for _ in range(DEPTH):
            h = layers.Dense(256, activation="relu", kernel_initializer=name)(h)
            stds.append(float(np.std(h)))
        out[name] = (counts, stds)
    return out


def axes(x0, y0, w, h, xticks, yticks, sx, sy, xlabel, ylabel, title, xfmt, yfmt):
    out = [
        f'<text x="{x0 + w / 2}" y="{y0 - 14}" font-size="15" font-weight="600" text-anchor="middle">{title}</text>',
        f'<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="none" stroke="#999"/>',
    ]
    for t in xticks:
        out.append(f'<line x1="{sx(t):.1f}" y1="{y0}" x2="{sx(t):.1f}" y2="{y0 + h}" stroke="#e3e3e3"/>')
        out.append(f'<text x="{sx(t):.1f}" y="{y0 + h + 17}" font-size="12" text-anchor="middle">{xfmt(t)}</text>')
    for t in yticks:
        out.append(f'<line x1="{x0}" y1="{sy(t):.1f}" x2="{x0 + w}" y2="{sy(t):.1f}" stroke="#e3e3e3"/>')
        out.append(f'<text x="{x0 - 6}" y="{sy(t) + 4:.1f}" font-size="12" text-anchor="end">{yfmt(t)}</text>')
    out.append(f'<text x="{x0 + w / 2}" y="{y0 + h + 36}" font-size="13" text-anchor="middle">{xlabel}</text>')
    out.append(
        f'<text x="{x0 - 50}" y="{y0 + h / 2}" font-size="13" text-anchor="middle" transform="rotate(-90 {x0 - 50} {y0 + h / 2})">{ylabel}</text>'
    )
    return out


def minus(v: float, digits: int = 2) -> str:
    text = f"{abs(v):.{digits}f}".rstrip("0").rstrip(".") if v else "0"
    return ("−" if v < 0 else "") + text


def svg(lang: str, data) -> str:
    words = WORDS[lang]
    out = []
    for k, (name, colour, dash) in enumerate(NAMES):
        lx = 70 + k * 220
        out.append(f'<line x1="{lx}" y1="24" x2="{lx + 40}" y2="24" stroke="{colour}" stroke-width="3"{kit.dashes(dash)}/>')
        out.append(f'<text x="{lx + 48}" y="29" font-size="14">{name}</text>')

    # left: histograms as step lines
    x0, y0, w, h = 70, 90, 300, 240
    top = max(int(c.max()) for c, _ in data.values())
    ymax = int(np.ceil(top / 1000) * 1000)
    sx = lambda v: x0 + (v - EDGES[0]) / (EDGES[-1] - EDGES[0]) * w  # noqa: E731
    sy = lambda v: y0 + h - v / ymax * h  # noqa: E731
    out += axes(x0, y0, w, h, (-0.2, -0.1, 0, 0.1, 0.2), range(0, ymax + 1, 1000), sx, sy,
                words["value"], words["count"], words["left"], minus, lambda t: f"{t:,}")
    for name, colour, dash in NAMES:
        counts = data[name][0]
        points = [f"{sx(EDGES[0]):.1f},{sy(0):.1f}"]
        for i, c in enumerate(counts):
            points += [f"{sx(EDGES[i]):.1f},{sy(c):.1f}", f"{sx(EDGES[i + 1]):.1f},{sy(c):.1f}"]
        points.append(f"{sx(EDGES[-1]):.1f},{sy(0):.1f}")
        out.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="2.2"{kit.dashes(dash)}/>')

    # right: the std of each layer's outputs, on a log scale
    x0, y0, w, h = 460, 90, 270, 240
    lo, hi = np.log10(0.001), np.log10(2)
    sx = lambda v: x0 + (v - 1) / (DEPTH - 1) * w  # noqa: E731
    sy = lambda v: y0 + h - (np.log10(v) - lo) / (hi - lo) * h  # noqa: E731
    out += axes(x0, y0, w, h, range(1, DEPTH + 1), (0.001, 0.01, 0.1, 1), sx, sy,
                words["layer"], words["std"], words["right"], lambda t: str(t), lambda t: f"{t:g}")
    for name, colour, dash in NAMES:
        stds = data[name][1]
        assert all(10**lo <= s <= 10**hi for s in stds), (name, stds)
        points = " ".join(f"{sx(i + 1):.1f},{sy(s):.1f}" for i, s in enumerate(stds))
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"{kit.dashes(dash)}/>')
        for i, s in enumerate(stds):
            out.append(f'<circle cx="{sx(i + 1):.1f}" cy="{sy(s):.1f}" r="3.5" fill="{colour}"/>')
    return kit.document(760, 400, out, role=False)


if __name__ == "__main__":
    data = computed()
    kit.write_langs(HERE, "initializers", lambda lang: svg(lang, data))
