"""timeseries-windows.<en|zh>.svg: the first windows that keras.utils.timeseries_dataset_from_array
cuts out of the lesson's noisy seasonal series, with their targets.

Run from the repository root: .venv/bin/python app/lessons/23-timeseries-preprocessing/figures/make_timeseries-windows.py
"""

from app.lessons import figure_kit as kit

# isort: split
from pathlib import Path

import keras
import numpy as np

HERE = Path(__file__).parent
COLOURS = [kit.BLUE, kit.VERMILLION, kit.GREEN, kit.PINK]
TINTS = [kit.LIGHT[c] for c in COLOURS]
N, L, RATE, STRIDE, SHOWN = 34, 5, 2, 3, 4
SPAN = (L - 1) * RATE + 1
LABELS = {
    "en": dict(title="Windows cut out of a series by timeseries_dataset_from_array", series="the series (the lesson's wave)",
               window="window {k}", start="start {s}", target="target", step="step",
               notes=[f"sequence_length={L}: {L} values per window", f"sampling_rate={RATE}: every other step",
                      f"sequence_stride={STRIDE}: windows start {STRIDE} steps apart", f"targets=wave[{SPAN}:]: the step after the window"],
               count="{m} steps of data give {n} windows"),
    "zh": dict(title="timeseries_dataset_from_array 从序列中切出的窗口", series="序列（本课的 wave）",
               window="窗口 {k}", start="起点 {s}", target="目标值", step="时间步",
               notes=[f"sequence_length={L}：每个窗口 {L} 个值", f"sampling_rate={RATE}：每 {RATE} 步取一个值",
                      f"sequence_stride={STRIDE}：相邻窗口的起点相隔 {STRIDE} 步", f"targets=wave[{SPAN}:]：窗口之后的那一步"],
               count="{m} 步数据共切出 {n} 个窗口"),
}

# the lesson's series, its first N steps
t = np.arange(1200, dtype="float32")
noise = np.random.default_rng(0).normal(scale=0.1, size=t.size)
wave = (np.sin(t * 2 * np.pi / 24) + 0.5 * np.sin(t * 2 * np.pi / 7) + noise).astype("float32")[:N]

common = dict(sequence_length=L, sampling_rate=RATE, sequence_stride=STRIDE, batch_size=None)
pairs = list(keras.utils.timeseries_dataset_from_array(wave[:-1], targets=wave[SPAN:], **common).as_numpy_iterator())
# the same windows over the step numbers say which steps each window holds
steps = list(keras.utils.timeseries_dataset_from_array(np.arange(N - 1), targets=np.arange(SPAN, N), **common).as_numpy_iterator())
for (x, y), (i, j) in zip(pairs, steps, strict=True):
    assert np.allclose(x, wave[i]) and np.isclose(y, wave[j])

X0, DX = 90, 21
PY0, PH = 60, 120  # the plot
lo, hi = float(wave.min()), float(wave.max())


def px(i):
    return X0 + i * DX


def py(v):
    return PY0 + PH - (v - lo) / (hi - lo) * PH


def marker(k, x, y, r=5.5, fill=None):
    c = COLOURS[k]
    f = fill or c
    if k == 0:
        return f'<circle cx="{x}" cy="{y}" r="{r}" fill="{f}" stroke="{c}" stroke-width="1.5"/>'
    if k == 1:
        return f'<rect x="{x - r}" y="{y - r}" width="{2 * r}" height="{2 * r}" fill="{f}" stroke="{c}" stroke-width="1.5"/>'
    if k == 2:
        return f'<path d="M{x},{y - r - 1} L{x + r + 1},{y + r} L{x - r - 1},{y + r} z" fill="{f}" stroke="{c}" stroke-width="1.5"/>'
    return f'<path d="M{x},{y - r - 1} L{x + r + 1},{y} L{x},{y + r + 1} L{x - r - 1},{y} z" fill="{f}" stroke="{c}" stroke-width="1.5"/>'


def star(x, y, r=8, colour="#1a1a1a"):
    pts = []
    for n in range(10):
        a = np.pi / 2 + n * np.pi / 5
        rr = r if n % 2 == 0 else r * 0.45
        pts.append(f"{x + rr * np.cos(a):.1f},{y - rr * np.sin(a):.1f}")
    return f'<polygon points="{" ".join(pts)}" fill="#ffffff" stroke="{colour}" stroke-width="2"/>'


RY0, RH = PY0 + PH + 56, 46  # the rows of windows


def figure(lang):
    lab = LABELS[lang]
    b = []
    b.append(kit.text(X0, 30, lab["series"], 15, "start", "bold"))
    for i in range(N):  # faint step grid and numbers
        b.append(f'<line x1="{px(i)}" y1="{PY0 - 6}" x2="{px(i)}" y2="{RY0 + SHOWN * RH - 16}" stroke="#eeeeee"/>')
        if i % 3 == 0:
            b.append(kit.text(px(i), PY0 + PH + 24, i, 12, "middle", fill="#555", mono=True))
    b.append(kit.text(X0 - 14, PY0 + PH + 24, lab["step"], 12, "end", fill="#555"))
    b.append('<polyline points="' + " ".join(f"{px(i)},{py(v):.1f}" for i, v in enumerate(wave)) + '" fill="none" stroke="#777" stroke-width="1.6"/>')
    for i, v in enumerate(wave):
        b.append(f'<circle cx="{px(i)}" cy="{py(v):.1f}" r="2.6" fill="#777"/>')
    for k, (_x, y) in enumerate(pairs[:SHOWN]):
        i, j = steps[k]
        if k == 0:  # the first window's values, marked on the curve as well
            for s in i:
                b.append(marker(0, px(s), round(py(wave[s]), 1), 5))
            b.append(star(px(j), round(py(wave[j]), 1), 8, COLOURS[0]))
        ry = RY0 + k * RH
        b.append(f'<rect x="{px(i[0]) - 9}" y="{ry - 13}" width="{px(i[-1]) - px(i[0]) + 18}" height="26" rx="13" fill="{TINTS[k]}" stroke="{COLOURS[k]}" stroke-width="1.5"/>')
        for s in i:
            b.append(marker(k, px(s), ry))
        b.append(f'<line x1="{px(i[-1]) + 10}" y1="{ry}" x2="{px(j) - 10}" y2="{ry}" stroke="{COLOURS[k]}" stroke-width="1.5" stroke-dasharray="3 3"/>')
        b.append(star(px(j), ry, 9, COLOURS[k]))
        b.append(kit.text(X0 - 14, ry + 5, lab["window"].format(k=k + 1), 13, "end", "bold", COLOURS[k]))
        b.append(kit.text(px(j) + 16, ry + 5, f"{lab['start'].format(s=i[0])}, {lab['target']} = {y:.2f}".replace("-", "−"), 12, "start", fill="#333"))
    ny = RY0 + SHOWN * RH + 6
    for n, note in enumerate(lab["notes"]):
        b.append(kit.text(X0, ny + n * 21, note, 13.5, "start", fill="#1a1a1a"))
    b.append(star(X0 + 398, ny + 3 * 21 - 5, 7))
    b.append(kit.text(X0 + 412, ny + 3 * 21, lab["target"], 13.5, "start"))
    b.append(kit.text(X0 + 390, ny, lab["count"].format(n=len(pairs), m=N - 1), 13.5, "start", fill="#444"))
    W, H = px(N - 1) + 30, ny + 3 * 21 + 16
    return kit.document(W, H, b, title=lab["title"], font_size=14)


kit.write_langs(HERE, "timeseries-windows", figure)
print(len(pairs), [s[0][0] for s in steps[:SHOWN]], [s[1] for s in steps[:SHOWN]], [round(float(p[1]), 2) for p in pairs[:SHOWN]])
