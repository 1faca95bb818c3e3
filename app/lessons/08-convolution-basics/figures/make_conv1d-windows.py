"""Draws conv1d-windows.svg: which input steps two neighbouring outputs of a Conv1D read, for
padding "valid", "same" and "causal", strides 2 and dilation_rate 3, on an input of length 10.
The windows come from the padding arithmetic and are checked against Keras itself."""

from app.lessons import figure_kit as kit

# isort: split
from pathlib import Path

import numpy as np
from keras import layers

L, K = 10, 3
ROWS = [("valid", 1, 1), ("same", 1, 1), ("causal", 1, 1), ("valid", 2, 1), ("valid", 1, 3)]


def windows(padding: str, s: int, d: int) -> list[list[int]]:
    """The input positions each output reads; those outside 0..L-1 are padding zeros."""
    span = d * (K - 1) + 1
    n_out = (L - span) // s + 1 if padding == "valid" else -(-L // s)
    total = max((n_out - 1) * s + span - L, 0) if padding != "valid" else 0
    left = total if padding == "causal" else total // 2
    return [[o * s - left + j * d for j in range(K)] for o in range(n_out)]


def keras_reads(padding: str, s: int, d: int) -> list[set[int]]:
    """The input positions each output depends on, found by changing one input at a time."""
    conv = layers.Conv1D(
        1, K, strides=s, dilation_rate=d, padding=padding, kernel_initializer="ones", use_bias=False
    )
    base = np.asarray(conv(np.zeros((1, L, 1), "float32")))[0, :, 0]
    reads = [set() for _ in base]
    for i in range(L):
        x = np.zeros((1, L, 1), "float32")
        x[0, i] = 1
        for o in np.flatnonzero(np.asarray(conv(x))[0, :, 0] != base):
            reads[o].add(i)
    return reads


for row in ROWS:
    assert [{i for i in w if 0 <= i < L} for w in windows(*row)] == keras_reads(*row), row

MONO = "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace"
C, STEP, X0, ROW_H = 26, 32, 120, 136


def draw() -> str:
    out = []
    for r, (padding, s, d) in enumerate(ROWS):
        top = r * ROW_H + 12
        yi, yo = top + 22, top + 86
        args = (
            f'padding="{padding}"'
            + (f", strides={s}" if s > 1 else "")
            + (f", dilation_rate={d}" if d > 1 else "")
        )
        out.append(
            f'<text x="20" y="{top + 10}" font-family="{MONO}" font-size="15">Conv1D(filters, kernel_size={K}, {args})</text>'
        )
        ws = windows(padding, s, d)
        lo, hi = min(min(w) for w in ws), max(max(w) for w in ws)
        for i in range(min(lo, 0), max(hi, L - 1) + 1):
            x = X0 + i * STEP
            if 0 <= i < L:
                out.append(
                    f'<rect x="{x}" y="{yi}" width="{C}" height="{C}" fill="#f0f0f0" stroke="#333" stroke-width="1.5"/>'
                )
                out.append(f'<text x="{x + C / 2}" y="{yi + 18}" text-anchor="middle">{i}</text>')
            else:
                out.append(
                    f'<rect x="{x}" y="{yi}" width="{C}" height="{C}" fill="#fff" stroke="#767676" stroke-width="1.5" stroke-dasharray="4 3"/>'
                )
                out.append(
                    f'<text x="{x + C / 2}" y="{yi + 18}" text-anchor="middle" fill="#767676">0</text>'
                )
        out.append(f'<text x="{20}" y="{yi + 18}" font-style="italic">x</text>')
        out.append(f'<text x="{20}" y="{yo + 18}" font-style="italic">y</text>')
        for o, w in enumerate(ws):
            # an output sits under the middle of its window; a causal output t under step t
            centre = o if padding == "causal" else (w[0] + w[-1]) / 2
            x = X0 + centre * STEP
            hl = {1: (kit.DEEP_BLUE, "", -4), 2: (kit.DEEP_ORANGE, ' stroke-dasharray="6 4"', 4)}.get(o)
            fill, stroke = (kit.LIGHT[hl[0]], hl[0]) if hl else ("#fff", "#333")
            out.append(
                f'<rect x="{x}" y="{yo}" width="{C}" height="{C}" fill="{fill}" stroke="{stroke}" stroke-width="{2.5 if hl else 1.5}"/>'
            )
            out.append(f'<text x="{x + C / 2}" y="{yo + 18}" text-anchor="middle">{o}</text>')
            if hl:
                colour, dash, dx = hl
                for i in w:
                    out.append(
                        f'<line x1="{x + C / 2 + dx}" y1="{yo}" x2="{X0 + i * STEP + C / 2 + dx}" y2="{yi + C}" stroke="{colour}" stroke-width="2"{dash}/>'
                    )
        last = X0 + (L + 1) * STEP + 24
        out.append(
            f'<text x="{last}" y="{yo + 18}" font-style="italic">L<tspan font-size="11" dy="4">out</tspan><tspan dy="-4"> = {len(ws)}</tspan></text>'
        )
    return kit.document(740, ROW_H * len(ROWS) + 10, out, font_size=14, background="#fff")


if __name__ == "__main__":
    kit.write(Path(__file__).parent / "conv1d-windows.svg", draw())
    for row in ROWS:
        print(row, windows(*row)[1:3], len(windows(*row)))
