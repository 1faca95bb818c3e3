"""Draws forward-backward.{en,zh}.svg: the lesson's 2-3-1 network with the values of its
forward pass (z, a) and of its backward pass (delta = dL/dz), all computed by Keras."""

import os
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers  # noqa: E402

W1 = np.array([[0.5, -1.0, 0.25], [0.5, 0.25, -0.5]])
b1 = np.array([0.0, 0.0, 1.0])
W2 = np.array([[0.5], [-1.0], [-1.0]])
b2 = np.array([-0.5])
x = np.array([[1.0, 2.0]])
y = np.array([[1.0]])

hidden = layers.Dense(3, name="hidden")  # activation applied below, so z stays visible
output = layers.Dense(1, name="output")
hidden.build((None, 2)), output.build((None, 3))
hidden.set_weights([W1, b1]), output.set_weights([W2, b2])
with tf.GradientTape() as tape:
    z1 = hidden(x)
    tape.watch(z1)
    a1 = keras.activations.relu(z1)
    z2 = output(a1)
    tape.watch(z2)
    y_hat = keras.activations.sigmoid(z2)
    loss = keras.losses.BinaryCrossentropy()(y, y_hat)
d1, d2 = tape.gradient(loss, [z1, z2])
z1, a1, z2, y_hat, d1, d2 = (np.asarray(t).ravel() for t in (z1, a1, z2, y_hat, d1, d2))
loss = float(loss)

FONT = "system-ui, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
BLUE, ORANGE = "#0b5cad", "#b35900"
WORDS = {
    "en": {
        "fwd": "forward pass: z, a",
        "bwd": "backward pass: δ = ∂L/∂z",
        "off": "a = 0: switched off",
        "loss": "loss",
    },
    "zh": {
        "fwd": "前向传播：z、a",
        "bwd": "反向传播：δ = ∂L/∂z",
        "off": "a = 0：被 ReLU 关掉",
        "loss": "损失",
    },
}


def num(v: float) -> str:
    s = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s.replace("-", "−")


def draw(lang: str) -> str:
    w = WORDS[lang]
    inp = [(90, 200), (90, 360)]
    hid = [(340, 130), (340, 280), (340, 430)]
    out = (560, 280)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 760 580" role="img" font-family="{FONT}" font-size="17" fill="#1a1a1a">',
        '<defs><marker id="af" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{BLUE}"/></marker>'
        '<marker id="ab" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{ORANGE}"/></marker></defs>',
        '<rect width="760" height="580" fill="#fff"/>',
    ]
    for ix, iy in inp:  # edges, drawn first so nodes cover them
        for j, (hx, hy) in enumerate(hid):
            dash = ' stroke-dasharray="5 5"' if a1[j] == 0 else ""
            parts.append(
                f'<line x1="{ix}" y1="{iy}" x2="{hx}" y2="{hy}" stroke="#999" stroke-width="1.5"{dash}/>'
            )
    for j, (hx, hy) in enumerate(hid):
        dash = ' stroke-dasharray="5 5"' if a1[j] == 0 else ""
        parts.append(
            f'<line x1="{hx}" y1="{hy}" x2="{out[0]}" y2="{out[1]}" stroke="#999" stroke-width="1.5"{dash}/>'
        )
    parts.append(
        f'<line x1="{out[0] + 30}" y1="{out[1]}" x2="{out[0] + 62}" y2="{out[1]}" stroke="#333" stroke-width="2"/>'
    )

    for i, (ix, iy) in enumerate(inp):
        parts.append(
            f'<circle cx="{ix}" cy="{iy}" r="28" fill="#f0f0f0" stroke="#333" stroke-width="2"/>'
        )
        parts.append(
            f'<text x="{ix}" y="{iy + 6}" text-anchor="middle" font-style="italic">x<tspan font-size="12" dy="4">{i + 1}</tspan></text>'
        )
        parts.append(
            f'<text x="{ix}" y="{iy - 40}" text-anchor="middle" fill="{BLUE}">x<tspan font-size="12" dy="4">{i + 1}</tspan><tspan dy="-4"> = {num(x[0, i])}</tspan></text>'
        )

    def values(cx, cy, fwd, bwd):
        parts.append(
            f'<rect x="{cx - 90}" y="{cy - 66}" width="180" height="26" rx="5" fill="#e6f0fb" stroke="{BLUE}" stroke-width="1.5"/>'
        )
        parts.append(
            f'<text x="{cx}" y="{cy - 47}" text-anchor="middle" fill="{BLUE}">{fwd}</text>'
        )
        parts.append(
            f'<rect x="{cx - 90}" y="{cy + 40}" width="180" height="26" rx="5" fill="#fff4e6" stroke="{ORANGE}" stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
        parts.append(
            f'<text x="{cx}" y="{cy + 59}" text-anchor="middle" fill="{ORANGE}">{bwd}</text>'
        )

    for j, (hx, hy) in enumerate(hid):
        off = a1[j] == 0
        dash = ' stroke-dasharray="6 4"' if off else ""
        parts.append(
            f'<circle cx="{hx}" cy="{hy}" r="28" fill="{"#fff" if off else "#f0f0f0"}" stroke="#333" stroke-width="2"{dash}/>'
        )
        parts.append(
            f'<text x="{hx}" y="{hy + 6}" text-anchor="middle" font-style="italic">h<tspan font-size="12" dy="4">{j + 1}</tspan></text>'
        )
        values(hx, hy, f"z = {num(z1[j])}, a = {num(a1[j])}", f"δ = {num(d1[j])}")
    parts.append(
        f'<circle cx="{out[0]}" cy="{out[1]}" r="30" fill="#f0f0f0" stroke="#333" stroke-width="2"/>'
    )
    parts.append(
        f'<text x="{out[0]}" y="{out[1] + 6}" text-anchor="middle" font-style="italic">ŷ</text>'
    )
    values(out[0], out[1], f"z = {num(z2[0])}, ŷ = {num(y_hat[0])}", f"δ = ŷ − y = {num(d2[0])}")
    lx = out[0] + 62
    parts.append(
        f'<rect x="{lx}" y="{out[1] - 34}" width="124" height="68" rx="6" fill="#fff" stroke="#333" stroke-width="2"/>'
    )
    parts.append(
        f'<text x="{lx + 62}" y="{out[1] - 10}" text-anchor="middle" font-size="15">{w["loss"]} (y = {num(y[0, 0])})</text>'
    )
    parts.append(
        f'<text x="{lx + 62}" y="{out[1] + 18}" text-anchor="middle" font-weight="600">L = {num(loss)}</text>'
    )

    parts.append(
        '<circle cx="545" cy="70" r="11" fill="#fff" stroke="#333" stroke-width="2" stroke-dasharray="4 3"/>'
    )
    parts.append(f'<text x="563" y="76" font-size="15" fill="#333">{w["off"]}</text>')
    # the two passes, as arrows along the top and bottom
    parts.append(
        f'<line x1="90" y1="28" x2="660" y2="28" stroke="{BLUE}" stroke-width="3" marker-end="url(#af)"/>'
    )
    parts.append(f'<text x="100" y="20" fill="{BLUE}" font-weight="600">{w["fwd"]}</text>')
    parts.append(
        f'<line x1="660" y1="545" x2="90" y2="545" stroke="{ORANGE}" stroke-width="3" stroke-dasharray="10 6" marker-end="url(#ab)"/>'
    )
    parts.append(
        f'<text x="650" y="570" text-anchor="end" fill="{ORANGE}" font-weight="600">{w["bwd"]}</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    here = Path(__file__).parent
    for lang in WORDS:
        (here / f"forward-backward.{lang}.svg").write_text(draw(lang), encoding="utf-8")
    print(z1, a1, z2, y_hat, d1, d2, loss)
