"""Draw trained-weights.{en,zh}.svg: the 64 × 64 kernel of the first Dense layer of the
lesson's preset (digits, Dense(64, relu), Dense(10, softmax), Adam, 15 epochs of batches of
64, the last 20% held out) before training and after it, trained by Keras three times from the
same start: without a regularizer, with kernel_regularizer="l2" and with "l1".
Run from the repository root: .venv/bin/python <this file>."""

from app.lessons import figure_kit as kit

# isort: split
from pathlib import Path

import keras
import numpy as np
from keras import layers
from sklearn.datasets import load_digits

HERE = Path(__file__).resolve().parent
WORDS = {
    "en": {"before": "before training (glorot_uniform)", "after": "after 15 epochs",
           "value": "weight value", "near": "within 0.01 of 0: {p:.0%}", "accuracy": "val_accuracy {a:.3f}"},
    "zh": {"before": "训练前（glorot_uniform）", "after": "训练 15 轮之后", "value": "权重的值",
           "near": "与 0 相差不到 0.01：{p:.0%}", "accuracy": "val_accuracy {a:.3f}"},
}
RUNS = [(None, "kernel_regularizer=None"), ("l2", 'kernel_regularizer="l2"'), ("l1", 'kernel_regularizer="l1"')]
EDGES = np.linspace(-0.6, 0.6, 61)
GREY = "#555555"
YMAX = 300  # one count scale for the three panels, so their widths compare


def computed():
    digits = load_digits()
    order = np.random.default_rng(0).permutation(len(digits.data))  # as the playground's data set
    x, y = (digits.data[order] / 16.0).astype("float32"), digits.target[order]
    out = []
    for name, _ in RUNS:
        keras.utils.set_random_seed(0)  # the same starting weights for all three
        model = keras.Sequential([
            keras.Input(shape=(64,)),
            layers.Dense(64, activation="relu", kernel_regularizer=name),
            layers.Dense(10, activation="softmax"),
        ])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        start = model.layers[0].kernel.numpy().ravel()
        history = model.fit(x, y, epochs=15, batch_size=64, validation_split=0.2, verbose=0)
        end = model.layers[0].kernel.numpy().ravel()
        assert EDGES[0] <= end.min() and end.max() <= EDGES[-1], name  # the axis holds every weight
        out.append((np.histogram(start, bins=EDGES)[0], np.histogram(end, bins=EDGES)[0], float(np.mean(np.abs(end) < 0.01)), history.history["val_accuracy"][-1]))
    return out


def minus(v: float) -> str:
    return ("−" if v < 0 else "") + (f"{abs(v):g}" if v else "0")


def panel(y0, title, start, end, near, accuracy, words, last):
    x0, w, h = 70, 620, 120
    sx = lambda v: x0 + (v - EDGES[0]) / (EDGES[-1] - EDGES[0]) * w  # noqa: E731
    sy = lambda v: y0 + h - v / YMAX * h  # noqa: E731
    out = [
        f'<text x="{x0}" y="{y0 - 10}" font-size="15" font-weight="600">{title}</text>',
        f'<text x="{x0 + w - 150}" y="{y0 - 10}" font-size="13" text-anchor="end">{words["near"].format(p=near)}</text>',
        f'<text x="{x0 + w}" y="{y0 - 10}" font-size="13" text-anchor="end">{words["accuracy"].format(a=accuracy)}</text>',
        f'<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="none" stroke="#999"/>',
    ]
    for t in (-0.6, -0.4, -0.2, 0, 0.2, 0.4, 0.6):
        out.append(f'<line x1="{sx(t):.1f}" y1="{y0}" x2="{sx(t):.1f}" y2="{y0 + h}" stroke="{"#999" if t == 0 else "#e3e3e3"}"/>')
        if last:
            out.append(f'<text x="{sx(t):.1f}" y="{y0 + h + 17}" font-size="12" text-anchor="middle">{minus(t)}</text>')
    for t in range(0, YMAX + 1, 100):
        out.append(f'<line x1="{x0}" y1="{sy(t):.1f}" x2="{x0 + w}" y2="{sy(t):.1f}" stroke="#eeeeee"/>')
        out.append(f'<text x="{x0 - 6}" y="{sy(t) + 4:.1f}" font-size="12" text-anchor="end">{t}</text>')
    clipped = []
    for i, c in enumerate(end):
        if c:
            out.append(
                f'<rect x="{sx(EDGES[i]) + 0.5:.1f}" y="{sy(min(c, YMAX)):.1f}" width="{sx(EDGES[i + 1]) - sx(EDGES[i]) - 1:.1f}" height="{sy(0) - sy(min(c, YMAX)):.1f}" fill="{kit.BLUE}" fill-opacity="0.8"/>'
            )
        if c > YMAX:  # a bar taller than the common scale: cut, with its count beside it
            clipped.append((i, c))
    for j, (i, c) in enumerate(clipped):
        side = -1 if j == 0 and len(clipped) > 1 else 1
        x = sx(EDGES[i + (1 if side > 0 else 0)]) + side * 4
        out.append(f'<text x="{x:.1f}" y="{y0 + 14 + 15 * j}" font-size="12" text-anchor="{"start" if side > 0 else "end"}" fill="{kit.BLUE}">↑ {c:,}</text>')
    points = [f"{sx(EDGES[0]):.1f},{sy(0):.1f}"]
    for i, c in enumerate(start):
        points += [f"{sx(EDGES[i]):.1f},{sy(c):.1f}", f"{sx(EDGES[i + 1]):.1f},{sy(c):.1f}"]
    out.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{GREY}" stroke-width="1.8" stroke-dasharray="5 3"/>')
    return out


def svg(lang: str, data) -> str:
    words = WORDS[lang]
    out = [
        f'<line x1="70" y1="24" x2="110" y2="24" stroke="{GREY}" stroke-width="1.8" stroke-dasharray="5 3"/>',
        f'<text x="118" y="29" font-size="14">{words["before"]}</text>',
        f'<rect x="390" y="16" width="16" height="16" fill="{kit.BLUE}" fill-opacity="0.8"/>',
        f'<text x="414" y="29" font-size="14">{words["after"]}</text>',
    ]
    for k, ((_, title), (start, end, near, accuracy)) in enumerate(zip(RUNS, data, strict=True)):
        out += panel(90 + k * 165, title, start, end, near, accuracy, words, k == len(RUNS) - 1)
    out.append(f'<text x="380" y="570" font-size="13" text-anchor="middle">{words["value"]}</text>')
    return kit.document(720, 580, out, role=False)


if __name__ == "__main__":
    data = computed()
    kit.write_langs(HERE, "trained-weights", lambda lang: svg(lang, data))
