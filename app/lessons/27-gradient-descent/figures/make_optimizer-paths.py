"""The optimizer paths of lessons 27-30, all on ONE surface: the narrow valley
L(w) = ½(w₁² + 50·w₂²) of lessons 28-30, from w = (1, 1). Each path is run by the
real Keras optimizer, one apply_gradients per step as in the lessons' steps_needed(),
until the loss is below 0.001 (or 1000 steps). Writes optimizer-paths-*.<en|zh>.svg
into the figures folder of each of the four lessons.

Run from the repository root: .venv/bin/python app/lessons/27-gradient-descent/figures/make_optimizer-paths.py
"""

from app.lessons import figure_kit as kit

# isort: split
from functools import partial
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

LESSONS = Path(__file__).resolve().parents[2]
SCALES = np.array([1.0, 50.0], dtype="float32")
TOL, LIMIT = 1e-3, 1000
# colour, dash, marker: each path differs in all three, so none depends on colour alone
STYLES = [(kit.BLUE, "", "circle"), (kit.VERMILLION, "7 4", "square"), (kit.GREEN, "2 3", "triangle"),
          (kit.PINK, "10 3 2 3", "diamond")]
REFERENCE = ("#8c8c8c", "1 3", "none")
SGD = ("SGD(0.02)", lambda: keras.optimizers.SGD(0.02))
FIGURES = {
    "27-gradient-descent/figures/optimizer-paths-sgd": [
        ("SGD(0.01)", lambda: keras.optimizers.SGD(0.01)), SGD, ("SGD(0.038)", lambda: keras.optimizers.SGD(0.038))],
    "28-sgd-rmsprop/figures/optimizer-paths-sgd-rmsprop": [
        SGD, ("SGD(0.02, momentum=0.9)", lambda: keras.optimizers.SGD(0.02, momentum=0.9)),
        ("SGD(0.02, momentum=0.9, nesterov=True)", lambda: keras.optimizers.SGD(0.02, momentum=0.9, nesterov=True)),
        ("RMSprop(0.1)", lambda: keras.optimizers.RMSprop(0.1))],
    "29-adam-adagrad-adadelta/figures/optimizer-paths-adam-adagrad-adadelta": [
        ("Adam(0.1)", lambda: keras.optimizers.Adam(0.1)), ("Adagrad(0.5)", lambda: keras.optimizers.Adagrad(0.5)),
        ("Adadelta(1.0)", lambda: keras.optimizers.Adadelta(1.0)), ("reference", *SGD)],
    "30-adamax-nadam-ftrl/figures/optimizer-paths-adamax-nadam-ftrl": [
        ("Adamax(0.1)", lambda: keras.optimizers.Adamax(0.1)), ("Nadam(0.1)", lambda: keras.optimizers.Nadam(0.1)),
        ("Ftrl(0.1)", lambda: keras.optimizers.Ftrl(0.1)), ("Ftrl(1.0)", lambda: keras.optimizers.Ftrl(1.0)), ("reference", *SGD)],
}
LABELS = {
    "en": dict(step="step (log scale)", title="Optimizer paths on the valley L(w) = ½(w₁² + 50·w₂²) from (1, 1)", steps="steps to L < 0.001",
               start="start (1, 1)", minimum="minimum", never="not within 1,000", reference="for comparison"),
    "zh": dict(step="步数（对数刻度）", title="优化器在山谷 L(w) = ½(w₁² + 50·w₂²) 上从 (1, 1) 出发的路径", steps="L < 0.001 所需步数",
               start="起点 (1, 1)", minimum="最小值", never="1,000 步内未达到", reference="作为对照"),
}


def path_of(make):
    """The weights after each step, as in the lessons' steps_needed(), and the number of steps."""
    optimizer, w = make(), keras.Variable(np.ones(2, dtype="float32"))
    points = [w.numpy().copy()]
    for step in range(LIMIT):
        with tf.GradientTape() as tape:
            loss = keras.ops.sum(SCALES * w**2) / 2
        if float(loss) < TOL:
            return np.array(points), step
        optimizer.apply_gradients([(tape.gradient(loss, w), w)])
        points.append(w.numpy().copy())
    return np.array(points), None


# the plot: the same window for every figure, so that they compare
X_RANGE, Y_RANGE = (-0.75, 1.15), (-1.15, 1.15)
PX, PY, PW, PH = 60, 20, 380, 400
LX, LW = 530, 240  # the loss over the steps, beside the paths: log10(L) against log10(step)
STEP_LOG, LOSS_LOG = (0, 3), (-3.6, 1.6)
W = 800


def sx(v):
    return PX + (v - X_RANGE[0]) / (X_RANGE[1] - X_RANGE[0]) * PW


def sy(v):
    return PY + PH - (v - Y_RANGE[0]) / (Y_RANGE[1] - Y_RANGE[0]) * PH


def lx(step):
    return LX + (np.log10(step) - STEP_LOG[0]) / (STEP_LOG[1] - STEP_LOG[0]) * LW


def ly_(loss):
    return PY + PH - (np.log10(max(loss, 10 ** LOSS_LOG[0])) - LOSS_LOG[0]) / (LOSS_LOG[1] - LOSS_LOG[0]) * PH


def loss_panel(lab):
    out = [f'<rect x="{LX}" y="{PY}" width="{LW}" height="{PH}" fill="#fbfbfb" stroke="#999"/>']
    for e in range(-3, 2):
        out.append(f'<line x1="{LX}" y1="{ly_(10**e):.1f}" x2="{LX + LW}" y2="{ly_(10**e):.1f}" stroke="#e6e6e6"/>')
        out.append(kit.text(LX - 6, ly_(10**e) + 4, f"{10**e:g}", 12, "end", fill="#555"))
    out.append(f'<line x1="{LX}" y1="{ly_(TOL):.1f}" x2="{LX + LW}" y2="{ly_(TOL):.1f}" stroke="#1a1a1a" stroke-dasharray="5 4"/>')
    for step in (1, 10, 100, 1000):
        out.append(f'<line x1="{lx(step):.1f}" y1="{PY}" x2="{lx(step):.1f}" y2="{PY + PH}" stroke="#e6e6e6"/>')
        out.append(kit.text(lx(step), PY + PH + 18, f"{step:,}", 12, "middle", fill="#555"))
    out.append(kit.text(LX + LW / 2, PY + PH + 40, lab["step"], 14, "middle", "bold"))
    out.append(kit.text(LX + LW / 2, PY - 6, "L(w)", 14, "middle", "bold", mono=True))
    return out


def marker(kind, x, y, colour, r=4.5):
    """A point of a path in the path's own shape (none for the reference path)."""
    shape = {
        "circle": f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}"',
        "square": f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}"',
        "triangle": f'<path d="M{x:.1f},{y - r - 1:.1f} L{x + r + 1:.1f},{y + r:.1f} L{x - r - 1:.1f},{y + r:.1f} z"',
        "diamond": f'<path d="M{x:.1f},{y - r - 1:.1f} L{x + r + 1:.1f},{y:.1f} L{x:.1f},{y + r + 1:.1f} L{x - r - 1:.1f},{y:.1f} z"',
    }.get(kind)
    return f'{shape} fill="{colour}"/>' if shape else ""


def surface():
    """Contours of L: ellipses w₁² + 50·w₂² = 2c, clipped to the plot."""
    out = [f'<clipPath id="plot"><rect x="{PX}" y="{PY}" width="{PW}" height="{PH}"/></clipPath>',
           f'<rect x="{PX}" y="{PY}" width="{PW}" height="{PH}" fill="#fbfbfb" stroke="#999"/>', '<g clip-path="url(#plot)">']
    kx = PW / (X_RANGE[1] - X_RANGE[0])
    ky = PH / (Y_RANGE[1] - Y_RANGE[0])
    for c in (0.001, 0.05, 0.25, 1, 3, 7, 13, 20, 25.5, 35):
        rx, ry = np.sqrt(2 * c) * kx, np.sqrt(2 * c / 50) * ky
        out.append(f'<ellipse cx="{sx(0):.1f}" cy="{sy(0):.1f}" rx="{rx:.1f}" ry="{ry:.1f}" fill="none" stroke="#c8c8c8" stroke-width="1"/>')
    out.append(f'<line x1="{sx(0)}" y1="{PY}" x2="{sx(0)}" y2="{PY + PH}" stroke="#e0e0e0"/>')
    out.append(f'<line x1="{PX}" y1="{sy(0)}" x2="{PX + PW}" y2="{sy(0)}" stroke="#e0e0e0"/>')
    return out


def axes():
    out = []
    for v in (-0.5, 0, 0.5, 1):
        out.append(kit.text(sx(v), PY + PH + 18, f"{v:g}".replace("-", "−"), 12, "middle", fill="#555"))
    for v in (-1, -0.5, 0, 0.5, 1):
        out.append(kit.text(PX - 8, sy(v) + 4, f"{v:g}".replace("-", "−"), 12, "end", fill="#555"))
    out.append(kit.text(PX + PW / 2, PY + PH + 40, 'w<tspan font-size="11" dy="4">1</tspan>', 15, "middle", "bold", markup=True))
    out.append(kit.text(PX - 44, PY + PH / 2, 'w<tspan font-size="11" dy="4">2</tspan>', 15, "middle", "bold", markup=True))
    return out


results = {}
for _where, racers in FIGURES.items():
    for racer in racers:
        name, make = racer[-2], racer[-1]
        if name not in results:
            results[name] = path_of(make)


def figure(racers, lang):
    """The paths of `racers` on the valley, their losses over the steps, and the legend."""
    lab = LABELS[lang]
    rows = (len(racers) + 1) // 2
    H = PY + PH + 96 + rows * 46
    body = surface()
    curves = loss_panel(lab)
    legend = [kit.text(PX - 40, PY + PH + 78, lab["steps"], 14, weight="bold")]  # below both plots
    for k, racer in enumerate(racers):
        reference = racer[0] == "reference"
        name = racer[-2]
        colour, dash, kind = REFERENCE if reference else STYLES[k]
        points, steps = results[name]
        d = kit.dashes(dash)
        width = 1.6 if reference else 2.2
        body.append('<polyline points="' + " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in points)
                    + f'" fill="none" stroke="{colour}" stroke-width="{width}"{d} stroke-linejoin="round"/>')
        losses = (SCALES * points**2).sum(1) / 2
        curves.append('<polyline points="' + " ".join(f"{lx(i):.1f},{ly_(v):.1f}" for i, v in enumerate(losses) if i >= 1)
                      + f'" fill="none" stroke="{colour}" stroke-width="{width}"{d} stroke-linejoin="round"/>')
        if not reference:
            every = max(1, len(points) // 25)  # markers on the path, not too dense
            body += [marker(kind, sx(x), sy(y), colour, 3) for x, y in points[::every]]
            body.append(marker(kind, sx(points[-1][0]), sy(points[-1][1]), colour, 5.5))
            curves.append(marker(kind, lx(len(points) - 1), ly_(losses[-1]), colour, 5))
        # the legend: a sample of the line, the name, the steps
        gx, gy = PX - 40 + (k % 2) * 380, PY + PH + 106 + (k // 2) * 46
        legend.append(f'<line x1="{gx}" y1="{gy - 5}" x2="{gx + 36}" y2="{gy - 5}" stroke="{colour}" stroke-width="{width + 0.6}"{d}/>')
        legend.append(marker(kind, gx + 18, gy - 5, colour, 4.5))
        legend.append(kit.text(gx + 46, gy, name, 13, mono=True))
        count = f"{steps:,}" if steps is not None else lab["never"]
        legend.append(kit.text(gx + 46, gy + 19, count + (f"  ({lab['reference']})" if reference else ""), 13, fill="#444"))
    body.append("</g>")
    body += curves + legend
    halo = ' stroke="#ffffff" stroke-width="4" paint-order="stroke"'  # readable over the paths
    body.append(f'<circle cx="{sx(1):.1f}" cy="{sy(1):.1f}" r="6" fill="#ffffff" stroke="#1a1a1a" stroke-width="2"/>')
    body.append(kit.text(sx(1) - 10, sy(1) - 10, lab["start"], 13, "end", "bold").replace("<text ", f"<text{halo} "))
    body.append(f'<path d="M{sx(0) - 7:.1f},{sy(0):.1f} h14 M{sx(0):.1f},{sy(0) - 7:.1f} v14" stroke="#1a1a1a" stroke-width="2.5"/>')
    body.append(kit.text(sx(0) - 10, sy(0) + 22, lab["minimum"], 13, "end", "bold").replace("<text ", f"<text{halo} "))
    body += axes()
    return kit.document(W, H, body, title=lab["title"], font_size=14)


for where, racers in FIGURES.items():
    kit.write_langs(LESSONS, where, partial(figure, racers))
for name, (points, steps) in results.items():
    print(f"{name:40s} {steps}  min {points.min(0).round(3)} max {points.max(0).round(3)}")
