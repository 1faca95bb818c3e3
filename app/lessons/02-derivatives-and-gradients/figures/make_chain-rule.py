"""Draws chain-rule.{en,zh}.svg: the graph the tape records for g(x, y) = x**2 * y + y**2
at (1, 2), with each node's value (forward) and the derivative of g with respect to it
(backward), all computed by tf.GradientTape."""

from app.lessons import figure_kit as kit

# isort: split
from pathlib import Path

import tensorflow as tf

x, y = tf.Variable(1.0), tf.Variable(2.0)
with tf.GradientTape(persistent=True) as tape:
    u = x**2
    tape.watch(u)
    v = u * y
    tape.watch(v)
    w = y**2
    tape.watch(w)
    g = v + w
grads = dict(zip("xyuvw", tape.gradient(g, [x, y, u, v, w]), strict=True))
vals = {"x": x, "y": y, "u": u, "v": v, "w": w, "g": g}
local = {  # the derivative of each node with respect to its input: what one edge multiplies by
    ("x", "u"): tape.gradient(u, x),
    ("u", "v"): tape.gradient(v, u),
    ("y", "v"): tape.gradient(v, y),
    ("y", "w"): tape.gradient(w, y),
    ("v", "g"): tape.gradient(g, v),
    ("w", "g"): tape.gradient(g, w),
}
grads["g"] = tf.constant(1.0)


def num(t) -> str:
    s = f"{float(t):.4f}".rstrip("0").rstrip(".")
    return s.replace("-", "−")


GREY = "#555"
WORDS = {
    "en": {
        "fwd": "forward: the value of each node",
        "bwd": "backward: ∂g/∂(node)",
        "edge": "on an edge: the local derivative",
        "sum": "two paths add up:",
    },
    "zh": {
        "fwd": "前向传播：每个节点的值",
        "bwd": "反向传播：∂g/∂(节点)",
        "edge": "边上：局部导数",
        "sum": "两条路径相加：",
    },
}
POS = {
    "x": (110, 150),
    "y": (110, 330),
    "u": (330, 150),
    "w": (330, 400),
    "v": (500, 240),
    "g": (712, 240),
}
LABEL = {"x": "x", "y": "y", "u": "u = x²", "v": "v = u · y", "w": "w = y²", "g": "g = v + w"}


def draw(lang: str) -> str:
    words = WORDS[lang]
    out = []
    for (a, b), d in local.items():
        (x1, y1), (x2, y2) = POS[a], POS[b]
        # stop the line at the edge of the target box (half-size 60 x 22)
        t = min(60 / abs(x2 - x1) if x2 != x1 else 1, 22 / abs(y2 - y1) if y2 != y1 else 1)
        ex, ey = x2 - (x2 - x1) * t, y2 - (y2 - y1) * t
        out.append(
            f'<line x1="{x1}" y1="{y1}" x2="{ex:.1f}" y2="{ey:.1f}" stroke="#333" stroke-width="2" marker-end="url(#a)"/>'
        )
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        out.append(
            f'<rect x="{mx - 24}" y="{my - 13}" width="48" height="24" rx="12" fill="#fff" stroke="{GREY}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{mx}" y="{my + 5}" text-anchor="middle" font-size="15" fill="{GREY}" font-style="italic">×{num(d)}</text>'
        )
    for n, (cx, cy) in POS.items():
        out.append(
            f'<rect x="{cx - 60}" y="{cy - 22}" width="120" height="44" rx="22" fill="#f0f0f0" stroke="#333" stroke-width="2"/>'
        )
        out.append(
            f'<text x="{cx}" y="{cy + 6}" text-anchor="middle" font-style="italic">{LABEL[n]}</text>'
        )
        out.append(
            f'<rect x="{cx - 45}" y="{cy - 54}" width="90" height="26" rx="5" fill="{kit.LIGHT[kit.DEEP_BLUE]}" stroke="{kit.DEEP_BLUE}" stroke-width="1.5"/>'
        )
        out.append(
            f'<text x="{cx}" y="{cy - 35}" text-anchor="middle" fill="{kit.DEEP_BLUE}">{n} = {num(vals[n])}</text>'
        )
        out.append(
            f'<rect x="{cx - 55}" y="{cy + 28}" width="110" height="26" rx="5" fill="{kit.LIGHT[kit.DEEP_ORANGE]}" stroke="{kit.DEEP_ORANGE}" stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
        out.append(
            f'<text x="{cx}" y="{cy + 47}" text-anchor="middle" fill="{kit.DEEP_ORANGE}">∂g/∂{n} = {num(grads[n])}</text>'
        )
    # y reaches g along two paths: through v and through w
    gy = num(grads["y"])
    pv = f"{num(grads['v'])}·{num(local[('y', 'v')])}"
    pw = f"{num(grads['w'])}·{num(local[('y', 'w')])}"
    out.append(
        f'<text x="110" y="410" text-anchor="middle" font-size="15" fill="{kit.DEEP_ORANGE}">{words["sum"]}</text>'
    )
    out.append(
        f'<text x="110" y="432" text-anchor="middle" font-size="15" fill="{kit.DEEP_ORANGE}">{pv} + {pw} = {gy}</text>'
    )
    # legend
    out.append(
        f'<rect x="40" y="24" width="26" height="18" rx="4" fill="{kit.LIGHT[kit.DEEP_BLUE]}" stroke="{kit.DEEP_BLUE}" stroke-width="1.5"/>'
    )
    out.append(f'<text x="76" y="39" font-size="15">{words["fwd"]}</text>')
    out.append(
        f'<rect x="40" y="54" width="26" height="18" rx="4" fill="{kit.LIGHT[kit.DEEP_ORANGE]}" stroke="{kit.DEEP_ORANGE}" stroke-width="1.5" stroke-dasharray="5 3"/>'
    )
    out.append(f'<text x="76" y="69" font-size="15">{words["bwd"]}</text>')
    out.append(
        f'<rect x="400" y="24" width="40" height="20" rx="10" fill="#fff" stroke="{GREY}" stroke-width="1"/>'
    )
    out.append(
        f'<text x="420" y="39" text-anchor="middle" font-size="13" fill="{GREY}" font-style="italic">×d</text>'
    )
    out.append(f'<text x="450" y="39" font-size="15">{words["edge"]}</text>')
    return kit.document(
        780, 470, out, defs=kit.defs(kit.arrowhead("a", "#333")), font_size=17, background="#fff"
    )


if __name__ == "__main__":
    kit.write_langs(Path(__file__).parent, "chain-rule", draw)
    print({k: num(t) for k, t in vals.items()}, {k: num(t) for k, t in grads.items()})
