"""The merge layers, computed by Keras: merge-elementwise.svg (the six element-wise
merges on two rows), merge-concatenate.svg and merge-dot.svg (output shapes).

Run from the repository root: .venv/bin/python app/lessons/20-merge-layers/figures/make_merge-layers.py
"""

from app.lessons import figure_kit as kit

# isort: split
from pathlib import Path

import keras
import numpy as np
from keras import layers

HERE = Path(__file__).parent


def svg(w, h, body, title):
    return kit.document(w, h, body, title=title, font_size=15)


def cell(x, y, w, h, fill, stroke="#333", dash=""):
    return f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" stroke="{stroke}" stroke-width="1.2"{kit.dashes(dash)}/>'


def num(v):
    v = float(v)
    return f"{v:g}".replace("-", "−")


def grid(x, y, rows, cols, size, colour, dash=""):
    out = [cell(x + c * size, y + r * size, size, size, kit.LIGHT[colour], colour, dash) for r in range(rows) for c in range(cols)]
    out.append(f'<rect x="{x}" y="{y}" width="{cols * size}" height="{rows * size}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
    return out


ARROW = kit.defs(kit.arrowhead("arrow", "#444"))


def arrow(x1, y1, x2, y2):
    return f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#444" stroke-width="2" marker-end="url(#arrow)"/>'


def shape_text(shape):
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


# --- element-wise merges on the lesson's two rows ---------------------------------
a = np.array([[1.0, 2.0, 3.0]])
b = np.array([[4.0, 0.0, -1.0]])
merges = [layers.Add(), layers.Subtract(), layers.Multiply(), layers.Average(), layers.Maximum(), layers.Minimum()]
outs = [(type(m).__name__, keras.ops.convert_to_numpy(m([a, b]))) for m in merges]
for name, out in outs:
    assert out.shape == (1, 3), (name, out.shape)

CW, CH = 62, 34
X0 = 150
body = [ARROW]
body += [f'<rect x="{X0 + i * CW}" y="14" width="{CW}" height="{62 + 2 * CH + 6 * (CH + 8)}" fill="{c}" opacity="0.55"/>'
         for i, c in enumerate(["#eeeeee", "#ffffff", "#eeeeee"])]
for r, (label, row, colour, dash) in enumerate([("a", a, kit.BLUE, ""), ("b", b, kit.VERMILLION, "5 3")]):
    y = 24 + r * (CH + 6)
    body.append(kit.text(X0 - 16, y + 23, f"<tspan font-style='italic'>{label}</tspan>", 18, "end", "bold", colour, markup=True))
    for i, v in enumerate(row[0]):
        body.append(cell(X0 + i * CW + 4, y, CW - 8, CH, kit.LIGHT[colour], colour, dash))
        body.append(kit.text(X0 + i * CW + CW / 2, y + 23, num(v), 16, "middle"))
body.append(kit.text(X0 + 3 * CW + 18, 24 + CH + 10, "(1, 3)", 14, "start", fill="#555", mono=True))
y0 = 24 + 2 * (CH + 6) + 14
for r, (name, out) in enumerate(outs):
    y = y0 + r * (CH + 8)
    body.append(kit.text(X0 - 16, y + 23, name, 16, "end", "bold", mono=True))
    for i, v in enumerate(out[0]):
        body.append(cell(X0 + i * CW + 4, y, CW - 8, CH, "#ffffff", "#333"))
        body.append(kit.text(X0 + i * CW + CW / 2, y + 23, num(v), 16, "middle"))
formulas = ["a + b", "a − b", "a × b", "(a + b) / 2", "max(a, b)", "min(a, b)"]
for r, f in enumerate(formulas):
    body.append(kit.text(X0 + 3 * CW + 18, y0 + r * (CH + 8) + 23, f, 15, "start", fill="#444"))
H = y0 + 6 * (CH + 8) + 4
kit.write(HERE / "merge-elementwise.svg", svg(460, H, body, "Add, Subtract, Multiply, Average, Maximum and Minimum on a = [1, 2, 3] and b = [4, 0, -1]"))

# --- Concatenate: along the features and along the steps --------------------------
steps_a, steps_b, steps_c = keras.Input(shape=(4, 3)), keras.Input(shape=(4, 5)), keras.Input(shape=(6, 3))
feat = layers.Concatenate(axis=-1)([steps_a, steps_b]).shape
step = layers.Concatenate(axis=1)([steps_a, steps_c]).shape
assert feat == (None, 4, 8) and step == (None, 10, 3), (feat, step)

S = 20


def operands(x, y, gap, second):
    """steps_a and a second input of shape `second`, `gap` apart, a plus between them,
    each with its shape above it."""
    rows, cols = second[1:]
    return [
        *grid(x, y, 4, 3, S, kit.BLUE),
        *grid(x + 3 * S + gap, y, rows, cols, S, kit.VERMILLION, "3 2"),
        kit.text(x + 3 * S + gap // 2, y + 2 * S + 6, "+", 22, "middle", "bold"),
        kit.text(x + 1.5 * S, y - 10, shape_text(steps_a.shape), 13, "middle", mono=True),
        kit.text(x + 3 * S + gap + cols / 2 * S, y - 10, shape_text(second), 13, "middle", mono=True),
    ]


body = [ARROW]
# left panel: axis=-1
x, y = 30, 70
body.append(kit.text(200, 30, "Concatenate(axis=−1)", 17, "middle", "bold", mono=True))
body += operands(x, y, 28, steps_b.shape)
ox, oy = 110, 210
body.append(arrow(x + 4 * S + 14, y + 4 * S + 12, x + 4 * S + 14, oy - 26))
body += grid(ox, oy, 4, 3, S, kit.BLUE) + grid(ox + 3 * S, oy, 4, 5, S, kit.VERMILLION, "3 2")
body.append(kit.text(ox + 4 * S, oy + 4 * S + 22, shape_text(feat), 14, "middle", "bold", mono=True))
body.append('<line x1="400" y1="20" x2="400" y2="420" stroke="#bbb"/>')
# right panel: axis=1
x, y = 460, 70
body.append(kit.text(590, 30, "Concatenate(axis=1)", 17, "middle", "bold", mono=True))
body += operands(x, y, 50, steps_c.shape)
ox, oy = 690, 70
body.append(arrow(x + 6 * S + 60, y + 2 * S, ox - 14, y + 2 * S))
body += grid(ox, oy, 4, 3, S, kit.BLUE) + grid(ox, oy + 4 * S, 6, 3, S, kit.VERMILLION, "3 2")
body.append(kit.text(ox + 1.5 * S, oy + 10 * S + 22, shape_text(step), 14, "middle", "bold", mono=True))
kit.write(HERE / "merge-concatenate.svg", svg(800, 330, body, "Concatenate joins (None, 4, 3) and (None, 4, 5) along the last axis into (None, 4, 8), and (None, 4, 3) and (None, 6, 3) along axis 1 into (None, 10, 3)"))

# --- Dot: one number per sample, or a table of scores ------------------------------
d = keras.ops.convert_to_numpy(layers.Dot(axes=1)([a, b]))
cos = keras.ops.convert_to_numpy(layers.Dot(axes=1, normalize=True)([a, b]))
words, queries = keras.Input(shape=(10, 8)), keras.Input(shape=(12, 8))
scores = layers.Dot(axes=2)([words, queries]).shape
features = layers.Dot(axes=1)([words, keras.Input(shape=(10, 8))]).shape
assert d.shape == (1, 1) and scores == (None, 10, 12) and features == (None, 8, 8), (d.shape, scores, features)

body = [ARROW]
# top: two rows, one number
body.append(kit.text(30, 34, "Dot(axes=1)", 17, "start", "bold", mono=True))
for r, (label, row, colour, dash) in enumerate([("a", a, kit.BLUE, ""), ("b", b, kit.VERMILLION, "5 3")]):
    y = 52 + r * 40
    body.append(kit.text(52, y + 22, f"<tspan font-style='italic'>{label}</tspan>", 18, "end", "bold", colour, markup=True))
    for i, v in enumerate(row[0]):
        body.append(cell(62 + i * 46, y, 40, 32, kit.LIGHT[colour], colour, dash))
        body.append(kit.text(82 + i * 46, y + 22, num(v), 16, "middle"))
body.append(arrow(210, 92, 262, 92))
body.append(kit.text(274, 88, f"1·4 + 2·0 + 3·(−1) = {num(d[0, 0])}", 16, "start"))
body.append(kit.text(274, 112, f"normalize=True: {d[0, 0]:g} / (√14 · √17) = {cos[0, 0]:.4f}", 14, "start", fill="#444"))
body.append(kit.text(274, 136, shape_text(d.shape), 13, "start", fill="#555", mono=True))
body.append('<line x1="20" y1="160" x2="780" y2="160" stroke="#bbb"/>')
# bottom: sequences, a table of scores
S = 14
body.append(kit.text(30, 192, "Dot(axes=2)", 17, "start", "bold", mono=True))
x1, y1 = 40, 230
body += grid(x1, y1, 10, 8, S, kit.BLUE)
body.append(f'<rect x="{x1}" y="{y1 + 3 * S}" width="{8 * S}" height="{S}" fill="{kit.BLUE}" opacity="0.75"/>')
body.append(kit.text(x1 + 4 * S, y1 - 10, shape_text(words.shape), 13, "middle", mono=True))
x2 = 210
body += grid(x2, y1, 12, 8, S, kit.VERMILLION, "3 2")
body.append(f'<rect x="{x2}" y="{y1 + 7 * S}" width="{8 * S}" height="{S}" fill="{kit.VERMILLION}" opacity="0.75"/>')
body.append(kit.text(x2 + 4 * S, y1 - 10, shape_text(queries.shape), 13, "middle", mono=True))
body.append(kit.text((x1 + 8 * S + x2) / 2, y1 + 5 * S, "·", 44, "middle", "bold"))
x3 = 440
body.append(arrow(x2 + 8 * S + 14, y1 + 5 * S, x3 - 14, y1 + 5 * S))
body += [cell(x3 + c * S, y1 + r * S, S, S, "#eeeeee", "#777") for r in range(10) for c in range(12)]
body.append(f'<rect x="{x3 + 7 * S}" y="{y1 + 3 * S}" width="{S}" height="{S}" fill="{kit.GREEN}" stroke="#1a1a1a" stroke-width="2"/>')
body.append(kit.text(x3 + 6 * S, y1 - 10, shape_text(scores), 13, "middle", "bold", mono=True))
body.append(kit.text(x3 + 12 * S + 16, y1 + 3 * S + 12, "[3, 7]", 14, "start", fill="#1a1a1a", mono=True))
body.append(f'<line x1="{x3 + 8 * S}" y1="{y1 + 3.5 * S}" x2="{x3 + 12 * S + 12}" y2="{y1 + 3.5 * S}" stroke="#1a1a1a" stroke-width="1.2"/>')
body.append(kit.text(30, y1 + 12 * S + 34, f"Dot(axes=1) on {shape_text(words.shape)} and (None, 10, 8) → {shape_text(features)}", 14, "start", fill="#444", mono=True))
kit.write(HERE / "merge-dot.svg", svg(800, y1 + 12 * S + 50, body, "Dot: two rows give one number; two sequences (None, 10, 8) and (None, 12, 8) along axis 2 give a (None, 10, 12) table of scores"))
print(outs, feat, step, d, cos, scores, features)
