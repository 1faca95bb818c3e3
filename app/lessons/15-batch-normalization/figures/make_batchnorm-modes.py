"""Draws batchnorm-modes.{en,zh}.svg: the lesson's 4 x 2 batch through a fresh
BatchNormalization, once with training=True and then with training=False, all
numbers computed by Keras.  Run: .venv/bin/python app/lessons/15-batch-normalization/figures/make_batchnorm-modes.py"""

from app.lessons import figure_kit as kit

# isort: split
from pathlib import Path

import numpy as np
from keras import layers

HERE = Path(__file__).parent
GREY = "#5f5f5f"

batch = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0], [6.0, 60.0]], dtype="float32")
bn = layers.BatchNormalization()  # momentum 0.99, epsilon 0.001, gamma 1, beta 0
train_out = np.asarray(bn(batch, training=True))
moving_mean, moving_var = bn.moving_mean.numpy(), bn.moving_variance.numpy()
infer_out = np.asarray(bn(batch, training=False))
mu, var = batch.mean(axis=0), batch.var(axis=0)
assert np.allclose(train_out, (batch - mu) / np.sqrt(var + bn.epsilon), atol=1e-5)
assert np.allclose(infer_out, (batch - moving_mean) / np.sqrt(moving_var + bn.epsilon), atol=1e-5)


def num(v):
    return f"{v:.3f}".rstrip("0").rstrip(".").replace("-", "−") if abs(v - round(v)) > 1e-6 else str(int(round(v)))


def vec(v):
    return "[" + ", ".join(num(float(a)) for a in v) + "]"


TEXT = {
    "en": dict(title="What BatchNormalization computes in training and at inference", feature="feature", batch="one batch, m = 4",
               down="statistics down each column", train="training=True (fit)", infer="training=False (predict, evaluate: the default)",
               update="the moving averages, updated by each training step:", keep="uses the moving averages, updates nothing",
               foot="then y = γ·x̂ + β for each feature; γ = 1 and β = 0 at the start, so y = x̂ here"),
    "zh": dict(title="BatchNormalization 在训练和推理时分别计算什么", feature="特征", batch="一个批次，m = 4",
               down="每一列分别计算统计量", train="training=True（fit）", infer="training=False（predict、evaluate，默认）",
               update="每个训练步都会更新的滑动平均：", keep="使用滑动平均，不更新任何东西",
               foot="之后每个特征再算 y = γ·x̂ + β；开始时 γ = 1、β = 0，所以这里 y = x̂"),
}


def table(x, y, values, head, fill):
    out = []
    for j in range(values.shape[1]):
        out.append(f'<text x="{x + 35 + 80 * j}" y="{y - 8}" text-anchor="middle" font-size="13" fill="{GREY}">{head} {j + 1}</text>')
        for i in range(values.shape[0]):
            out.append(f'<rect x="{x + 80 * j}" y="{y + 26 * i}" width="70" height="26" fill="{fill}" stroke="{GREY}" stroke-width="1"/>')
            out.append(f'<text x="{x + 35 + 80 * j}" y="{y + 18 + 26 * i}" text-anchor="middle" font-size="14">{num(float(values[i, j]))}</text>')
    return out


def text(x, y, s, size=15, color=kit.INK, anchor="start", weight="normal"):
    return f'<text x="{x}" y="{y}" font-size="{size}" fill="{color}" text-anchor="{anchor}" font-weight="{weight}">{s}</text>'


def draw(lang):
    t = TEXT[lang]
    b = []
    # the batch
    b.append(text(105, 150, t["batch"], 14, GREY, "middle"))
    b += table(30, 190, batch, t["feature"], "#f2f2f2")
    for j in range(2):
        b.append(kit.arrow(f"M{65 + 80 * j},300 v22"))
    b.append(text(105, 346, t["down"], 13, GREY, "middle"))
    b.append(kit.arrow("M190,240 C220,240 220,120 262,120", fill="none"))
    b.append(kit.arrow("M190,246 C220,246 220,390 262,390", fill="none"))
    # training panel
    b.append(f'<rect x="265" y="20" width="680" height="235" rx="12" fill="#fff8ec" stroke="{kit.ORANGE}" stroke-width="2.5"/>')
    b.append(text(285, 48, t["train"], 16, kit.INK, weight="bold"))
    b.append(text(285, 88, f"μ<tspan font-size='11' dy='4'>B</tspan><tspan dy='-4'> = {vec(mu)}</tspan>"))
    b.append(text(285, 116, f"σ²<tspan font-size='11' dy='4'>B</tspan><tspan dy='-4'> = {vec(var)}</tspan>"))
    b.append(text(285, 150, "x̂ = (x − μ<tspan font-size='11' dy='4'>B</tspan><tspan dy='-4'>) / √(σ²</tspan><tspan font-size='11' dy='4'>B</tspan><tspan dy='-4'> + ε)</tspan>", 15))
    b.append(kit.arrow("M560,118 H728"))
    b += table(740, 82, train_out, t["feature"], "#fdf0d5")
    b.append(text(285, 192, t["update"], 13, GREY))
    b.append(text(285, 216, f"moving_mean ← 0.99·0 + 0.01·μ<tspan font-size='10' dy='4'>B</tspan><tspan dy='-4'> = {vec(moving_mean)}</tspan>", 14))
    b.append(text(285, 240, f"moving_variance ← 0.99·1 + 0.01·σ²<tspan font-size='10' dy='4'>B</tspan><tspan dy='-4'> = {vec(moving_var)}</tspan>", 14))
    # inference panel
    b.append(f'<rect x="265" y="285" width="680" height="205" rx="12" fill="#eef5fb" stroke="{kit.BLUE}" stroke-width="2.5" stroke-dasharray="9 4"/>')
    b.append(text(285, 313, t["infer"], 16, kit.INK, weight="bold"))
    b.append(text(285, 353, f"moving_mean = {vec(moving_mean)}"))
    b.append(text(285, 381, f"moving_variance = {vec(moving_var)}"))
    b.append(text(285, 415, "x̂ = (x − moving_mean) / √(moving_variance + ε)", 15))
    b.append(text(285, 462, t["keep"], 13, GREY))
    b.append(kit.arrow("M672,405 H728"))
    b += table(740, 337, infer_out, t["feature"], "#dcebf7")
    b.append(kit.arrow("M920,256 V282", kit.BLUE, 1.8, marker="ab", fill="none", dash="5 3"))
    b.append(text(480, 520, t["foot"], 14, kit.INK, "middle"))
    arrowheads = kit.defs(
        kit.arrowhead("a", kit.INK, 11, fixed=True), kit.arrowhead("ab", kit.BLUE, 11, fixed=True), lines=True
    )
    return kit.document(960, 535, b, title=t["title"], defs=arrowheads, font_size=15, sized=True)


kit.write_langs(HERE, "batchnorm-modes", draw)
