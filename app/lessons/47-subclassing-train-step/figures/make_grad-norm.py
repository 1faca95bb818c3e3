"""grad-norm.<en|zh>.svg: the global norm of the gradients at every batch of the
first five epochs, for the lesson's model on its sine data (the playground's
"curve" set), trained three times from the same start by the app's
GradientNormModel: SGD at the preset's learning rate 0.05, at 0.3 without
clipping, and at 0.3 with clip_norm=1.0.

fit() logs grad_norm as the running mean of the epoch so far; a callback turns
those means back into each batch's own norm ((b + 1)·mean_b − b·mean_(b−1)).

Run from the repository root: .venv/bin/python app/lessons/47-subclassing-train-step/figures/make_grad-norm.py
"""

from app.lessons import figure_kit as kit

# isort: split
import math
from pathlib import Path
from xml.sax.saxutils import escape

import keras
import numpy as np
from keras import layers

from app.keras_ext.models import GradientNormModel

HERE = Path(__file__).parent
EPOCHS, BATCHES = 5, 10  # 320 training rows in batches of 32
LO, HI = -1, 4  # log10 of the axis: 0.1 to 10,000
# each run with its own line style
RUNS = [
    (0.05, None, kit.GREEN, "2 4"),
    (0.3, None, kit.VERMILLION, ""),
    (0.3, 1.0, kit.BLUE, "9 5"),
]
LABELS = {
    "en": dict(title="The gradients' global norm at every batch", x="batch (10 per epoch)",
               y="global norm of the batch's gradients", epoch="epoch {n}",
               runs=["learning rate 0.05 (the preset)", "learning rate 0.3, no clipping",
                     "learning rate 0.3, clip_norm=1.0"],
               clip="clip_norm = 1.0", off="{top} at batch {at}, then inf and NaN"),
    "zh": dict(title="每个批次梯度的全局范数", x="批次（每轮 10 个）", y="该批次梯度的全局范数", epoch="第 {n} 轮",
               runs=["学习率 0.05（预设）", "学习率 0.3，不裁剪", "学习率 0.3，clip_norm=1.0"],
               clip="clip_norm = 1.0", off="第 {at} 个批次达到 {top}，之后是 inf 和 NaN"),
}


def data() -> np.ndarray:
    """The lesson's rows: 400 noisy points of sin(x), shuffled; the first 320 train."""
    rng = np.random.default_rng(0)
    x = np.sort(rng.uniform(-3, 3, size=400)).astype("float32")
    y = (np.sin(x) + rng.normal(scale=0.1, size=400)).astype("float32")
    order = rng.permutation(400)
    return x[order].reshape(-1, 1)[:320], y[order][:320]


class EachBatch(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.norms = []

    def on_epoch_begin(self, epoch, logs=None):
        self.mean = 0.0

    def on_train_batch_end(self, batch, logs=None):
        mean = float(logs["grad_norm"])
        self.norms.append((batch + 1) * mean - batch * self.mean if math.isfinite(mean) else math.nan)
        self.mean = mean


def computed() -> list[list[float]]:
    x, y = data()
    out = []
    for rate, clip, _, _ in RUNS:
        keras.utils.set_random_seed(0)  # the same start for every run
        inputs = keras.Input(shape=(1,))
        hidden = layers.Dense(32, activation="tanh")(inputs)
        hidden = layers.Dense(32, activation="tanh")(hidden)
        model = GradientNormModel(inputs, layers.Dense(1)(hidden), clip_norm=clip)
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=rate), loss="mse")
        each = EachBatch()
        model.fit(x, y, batch_size=32, epochs=EPOCHS, verbose=0, callbacks=[each])
        assert len(each.norms) == EPOCHS * BATCHES
        out.append(each.norms)
    return out


def power(v: float) -> str:
    """10^k as the axis prints it: 0.1, 1, 10, 100, 1,000, 10,000."""
    return f"{v:g}" if v < 1 else f"{v:,.0f}"


def figure(lang: str, norms: list[list[float]]) -> str:
    lab = LABELS[lang]
    W, H = 860, 470
    x0, y0, w, h = 90, 96, 720, 300
    n = EPOCHS * BATCHES
    sx = lambda b: x0 + (b - 0.5) / n * w  # noqa: E731 - batch b (from 1) at the middle of its slot
    sy = lambda v: y0 + h - (math.log10(v) - LO) / (HI - LO) * h  # noqa: E731
    out = [
        f'<text x="{W / 2}" y="26" font-size="17" font-weight="600" text-anchor="middle">{escape(lab["title"])}</text>',
        kit.defs(
            kit.arrowhead("up", kit.VERMILLION, 11, ref_x=5, fixed=True),
            f'<clipPath id="plot"><rect x="{x0}" y="{y0}" width="{w}" height="{h}"/></clipPath>',
            lines=True,
        ),
    ]
    for k, ((_, _, colour, dash), name) in enumerate(zip(RUNS, lab["runs"], strict=True)):
        lx = x0 - 40 + k * 245
        out.append(f'<line x1="{lx}" y1="52" x2="{lx + 34}" y2="52" stroke="{colour}" stroke-width="3"{kit.dashes(dash)}/>')
        out.append(f'<text x="{lx + 42}" y="57" font-size="13">{escape(name)}</text>')
    out.append(f'<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="none" stroke="#999"/>')
    for k in range(LO, HI + 1):
        out.append(f'<line x1="{x0}" y1="{sy(10**k):.1f}" x2="{x0 + w}" y2="{sy(10**k):.1f}" stroke="#e3e3e3"/>')
        out.append(f'<text x="{x0 - 8}" y="{sy(10**k) + 4:.1f}" text-anchor="end">{power(10**k)}</text>')
    for e in range(EPOCHS):
        left = x0 + e * BATCHES / n * w
        if e:
            out.append(f'<line x1="{left:.1f}" y1="{y0}" x2="{left:.1f}" y2="{y0 + h}" stroke="#bbbbbb" stroke-dasharray="3 3"/>')
        out.append(f'<text x="{left + BATCHES / n * w / 2:.1f}" y="{y0 + h + 20}" text-anchor="middle">{escape(lab["epoch"].format(n=e + 1))}</text>')
    out.append(f'<text x="{x0 + w / 2}" y="{y0 + h + 44}" text-anchor="middle">{escape(lab["x"])}</text>')
    out.append(f'<text x="{x0 - 56}" y="{y0 + h / 2}" text-anchor="middle" transform="rotate(-90 {x0 - 56} {y0 + h / 2})">{escape(lab["y"])}</text>')
    # the clip level
    out.append(f'<line x1="{x0}" y1="{sy(1):.1f}" x2="{x0 + w}" y2="{sy(1):.1f}" stroke="{kit.BLUE}" stroke-width="1.2" stroke-dasharray="2 3"/>')
    for (_, _, colour, dash), values in zip(RUNS, norms, strict=True):
        finite = [(b + 1, v) for b, v in enumerate(values) if math.isfinite(v)]
        assert all(v >= 10**LO for _, v in finite), values
        points = " ".join(f"{sx(b):.1f},{sy(v):.1f}" for b, v in finite)
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.2"{kit.dashes(dash)} clip-path="url(#plot)"/>')
        for b, v in finite:
            if v <= 10**HI:
                out.append(f'<circle cx="{sx(b):.1f}" cy="{sy(v):.1f}" r="2.6" fill="{colour}"/>')
    out.append(f'<text x="{x0 + w - 6}" y="{sy(1) - 6:.1f}" text-anchor="end" fill="{kit.BLUE}" stroke="#ffffff" stroke-width="4" paint-order="stroke">{escape(lab["clip"])}</text>')  # over the points
    # where the unclipped run leaves the axis, and how far it goes before it overflows
    values = norms[1]
    last = max(b for b, v in enumerate(values) if math.isfinite(v))
    mantissa, exponent = f"{values[last]:.0e}".split("e+")
    leave = next(b for b, v in enumerate(values) if not v <= 10**HI)
    ax = sx(leave + 1) + 4
    out.append(kit.arrow(f"M{ax:.1f},{y0 + 40} V{y0 + 6}", kit.VERMILLION, marker="up"))
    before, after = lab["off"].format(top="@", at=last + 1).split("@")
    power_text = f'{mantissa}×10<tspan baseline-shift="super" font-size="9">{int(exponent)}</tspan>'
    out.append(f'<text x="{ax + 10:.1f}" y="{y0 + 24}" fill="{kit.VERMILLION}">{escape(before)}{power_text}{escape(after)}</text>')
    return kit.document(W, H, out, title=lab["title"], font_size=13, sized=True)


if __name__ == "__main__":
    norms = computed()
    for (rate, clip, _, _), values in zip(RUNS, norms, strict=True):
        print(f"learning rate {rate}, clip_norm {clip}:", " ".join(f"{v:.3g}" for v in values))
    kit.write_langs(HERE, "grad-norm", lambda lang: figure(lang, norms))
