"""Draw noise-train-vs-inference.{en,zh}.svg: the same twelve values through GaussianNoise,
GaussianDropout and Dropout, called by Keras with training=True and training=False.
Run from the repository root: .venv/bin/python <this file>."""

from app.lessons import figure_kit as kit

# isort: split
from pathlib import Path

import numpy as np
from keras import layers

HERE = Path(__file__).resolve().parent
WORDS = {
    "en": {"train": "training=True (fit)", "infer": "training=False (predict, evaluate)",
           "input": "input x", "out": "output", "in": "input", "same": "output = input"},
    "zh": {"train": "training=True（fit）", "infer": "training=False（predict、evaluate）",
           "input": "输入 x", "out": "输出", "in": "输入", "same": "输出 = 输入"},
}
X = np.array([[0.8, 0.3, 0.6, 1.0, 0.5, 0.2, 0.9, 0.7, 0.4, 0.6, 0.3, 0.8]], dtype="float32")
LAYERS = [
    ("GaussianNoise(0.2)", layers.GaussianNoise(0.2, seed=3)),
    ("GaussianDropout(0.2)", layers.GaussianDropout(0.2, seed=2)),
    ("Dropout(0.2)", layers.Dropout(0.2, seed=1)),
]
LO, HI = -0.3, 1.8  # the value axis of every panel; checked against the outputs below
OUT, IN = kit.BLUE, kit.INK


def bars(x0, y0, w, h, inputs, outputs):
    """Twelve slots: the output as a filled bar, the input as a dashed outline over it."""
    sy = lambda v: y0 + (HI - v) / (HI - LO) * h  # noqa: E731
    slot = w / len(inputs)
    out = [f'<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="#fafafa" stroke="#bbb"/>']
    for t in (0, 1):
        out.append(
            f'<line x1="{x0}" y1="{sy(t):.1f}" x2="{x0 + w}" y2="{sy(t):.1f}" stroke="{"#666" if t == 0 else "#ddd"}"/>'
        )
        out.append(
            f'<text x="{x0 - 5}" y="{sy(t) + 4:.1f}" font-size="12" text-anchor="end">{t}</text>'
        )
    for i, (a, b) in enumerate(zip(inputs, outputs, strict=True)):
        bx = x0 + i * slot + slot * 0.15
        bw = slot * 0.7
        if outputs is not inputs:
            top, bottom = sorted((sy(b), sy(0)))
            out.append(
                f'<rect x="{bx:.1f}" y="{top:.1f}" width="{bw:.1f}" height="{bottom - top:.1f}" fill="{OUT}" fill-opacity="0.75"/>'
            )
        style = 'fill="none" stroke-dasharray="3 2"' if outputs is not inputs else 'fill="#999"'
        out.append(
            f'<rect x="{bx:.1f}" y="{sy(a):.1f}" width="{bw:.1f}" height="{sy(0) - sy(a):.1f}" {style} stroke="{IN}" stroke-width="1.3"/>'
        )
    return out


def computed():
    """Each layer called once in each mode (a second call would draw new noise)."""
    results = []
    for name, layer in LAYERS:
        train = np.asarray(layer(X, training=True))[0]
        infer = np.asarray(layer(X, training=False))[0]
        assert LO <= train.min() and train.max() <= HI and np.array_equal(infer, X[0]), (
            name,
            train,
        )
        results.append((name, train, infer))
    return results


def svg(lang: str, results) -> str:
    w = WORDS[lang]
    x = X[0]
    left, cw, gap, rh, top = 50, 295, 30, 72, 92
    height = top + 26 + 4 * (rh + 34) - 20
    out = [
        # legend
        f'<rect x="{left}" y="12" width="14" height="18" fill="{OUT}" fill-opacity="0.75"/>',
        f'<text x="{left + 20}" y="26" font-size="14">{w["out"]}</text>',
        f'<rect x="{left + 110}" y="12" width="14" height="18" fill="none" stroke="{IN}" stroke-width="1.3" stroke-dasharray="3 2"/>',
        f'<text x="{left + 130}" y="26" font-size="14">{w["in"]}</text>',
        f'<text x="{left + cw / 2}" y="{top - 6}" font-size="15" font-weight="600" text-anchor="middle">{w["train"]}</text>',
        f'<text x="{left + cw + gap + cw / 2}" y="{top - 6}" font-size="15" font-weight="600" text-anchor="middle">{w["infer"]}</text>',
    ]
    rows = [(w["input"], x, x, x, x)] + [
        (name, x, train, x, infer) for name, train, infer in results
    ]
    for r, (name, a, train, b, infer) in enumerate(rows):
        y0 = top + 26 + r * (rh + 34)
        out.append(
            f'<text x="{left - 30}" y="{y0 - 8}" font-size="15" font-weight="600">{name}</text>'
        )
        out += bars(left, y0, cw, rh, a, train if r else a)
        out += bars(left + cw + gap, y0, cw, rh, b, infer if r else b)
        if r:
            out.append(
                f'<text x="{left + cw + gap + cw}" y="{y0 - 8}" font-size="13" text-anchor="end" fill="#444">{w["same"]}</text>'
            )
    return kit.document(700, height, out, role=False)


if __name__ == "__main__":
    results = computed()
    kit.write_langs(HERE, "noise-train-vs-inference", lambda lang: svg(lang, results))
