"""Draws forward-backward.{en,zh}.svg: the lesson's 2-3-1 network with the values of its
forward pass (z, a) and of its backward pass (delta = dL/dz), all computed by Keras."""

from app.lessons import figure_kit as kit

# isort: split
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf
from keras import layers

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
    parts = []
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
            f'<text x="{ix}" y="{iy - 40}" text-anchor="middle" fill="{kit.DEEP_BLUE}">x<tspan font-size="12" dy="4">{i + 1}</tspan><tspan dy="-4"> = {num(x[0, i])}</tspan></text>'
        )

    def values(cx, cy, fwd, bwd):
        parts.append(
            f'<rect x="{cx - 90}" y="{cy - 66}" width="180" height="26" rx="5" fill="{kit.LIGHT[kit.DEEP_BLUE]}" stroke="{kit.DEEP_BLUE}" stroke-width="1.5"/>'
        )
        parts.append(
            f'<text x="{cx}" y="{cy - 47}" text-anchor="middle" fill="{kit.DEEP_BLUE}">{fwd}</text>'
        )
        parts.append(
            f'<rect x="{cx - 90}" y="{cy + 40}" width="180" height="26" rx="5" fill="{kit.LIGHT[kit.DEEP_ORANGE]}" stroke="{kit.DEEP_ORANGE}" stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
        parts.append(
            f'<text x="{cx}" y="{cy + 59}" text-anchor="middle" fill="{kit.DEEP_ORANGE}">{bwd}</text>'
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
        f'<line x1="90" y1="28" x2="660" y2="28" stroke="{kit.DEEP_BLUE}" stroke-width="3" marker-end="url(#af)"/>'
    )
    parts.append(f'<text x="100" y="20" fill="{kit.DEEP_BLUE}" font-weight="600">{w["fwd"]}</text>')
    parts.append(
        f'<line x1="660" y1="545" x2="90" y2="545" stroke="{kit.DEEP_ORANGE}" stroke-width="3" stroke-dasharray="10 6" marker-end="url(#ab)"/>'
    )
    parts.append(
        f'<text x="650" y="570" text-anchor="end" fill="{kit.DEEP_ORANGE}" font-weight="600">{w["bwd"]}</text>'
    )
    arrowheads = kit.defs(
        kit.arrowhead("af", kit.DEEP_BLUE, 8, orient="auto-start-reverse"),
        kit.arrowhead("ab", kit.DEEP_ORANGE, 8, orient="auto-start-reverse"),
    )
    return kit.document(760, 580, parts, defs=arrowheads, font_size=17, background="#fff")


if __name__ == "__main__":
    kit.write_langs(Path(__file__).parent, "forward-backward", draw)
    print(z1, a1, z2, y_hat, d1, d2, loss)
