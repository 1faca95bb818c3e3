"""Draws transposed-conv.svg: Conv2DTranspose(1, 3, strides=2) with a kernel of ones on the
lesson's 2x2 input. Each input value stamps value x kernel into the output at a stride-2
offset; the four stamps add up, which is exactly what Keras returns (checked below)."""

from app.lessons import figure_kit as kit

# isort: split
from pathlib import Path

import numpy as np
from keras import layers

K, S = 3, 2
x = np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
up = layers.Conv2DTranspose(1, K, strides=S, kernel_initializer="ones", use_bias=False)
y = np.asarray(up(x.reshape(1, 2, 2, 1)))[0, :, :, 0]
n = y.shape[0]
stamps = {}
for i in range(2):
    for j in range(2):
        stamp = np.zeros_like(y)
        stamp[i * S : i * S + K, j * S : j * S + K] = x[i, j]
        stamps[i, j] = stamp
assert np.allclose(sum(stamps.values()), y)
covered = sum((s != 0).astype(int) for s in stamps.values())

MONO = "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace"
FILL = {(0, 0): "#cfe2f7", (0, 1): "#fddcb5", (1, 0): "#c9ede3", (1, 1): "#e3d5f2"}
EDGE = {(0, 0): "#0b5cad", (0, 1): "#b35900", (1, 0): "#1b7a5e", (1, 1): "#6a3d9a"}


def g(v: float) -> str:
    return f"{v:g}"


def draw() -> str:
    out = [
        f'<text x="380" y="28" text-anchor="middle" font-family="{MONO}" font-size="16">'
        f'Conv2DTranspose(1, {K}, strides={S}, kernel_initializer="ones", use_bias=False)</text>',
    ]
    # the input
    c, x0, y0 = 44, 24, 130
    out.append(
        f'<text x="{x0 + c}" y="{y0 - 14}" text-anchor="middle" font-style="italic">x</text>'
    )
    for (i, j), v in np.ndenumerate(x):
        out.append(
            f'<rect x="{x0 + j * c}" y="{y0 + i * c}" width="{c}" height="{c}" fill="{FILL[i, j]}" stroke="{EDGE[i, j]}" stroke-width="2.5"/>'
        )
        out.append(
            f'<text x="{x0 + j * c + c / 2}" y="{y0 + i * c + c / 2 + 6}" text-anchor="middle" font-size="18">{g(v)}</text>'
        )
    kc, ky = 18, y0 + 2 * c + 40  # the kernel, all ones
    out.append(f'<text x="{x0 + c}" y="{ky - 8}" text-anchor="middle" font-style="italic">K</text>')
    for a in range(K):
        for b in range(K):
            out.append(
                f'<rect x="{x0 + c - K * kc / 2 + b * kc}" y="{ky + a * kc}" width="{kc}" height="{kc}" fill="#fff" stroke="#333" stroke-width="1.2"/>'
            )
            out.append(
                f'<text x="{x0 + c - K * kc / 2 + b * kc + kc / 2}" y="{ky + a * kc + 13}" text-anchor="middle" font-size="12">{g(float(np.asarray(up.kernel)[a, b, 0, 0]))}</text>'
            )
    out.append(
        f'<text x="{x0 + 2 * c + 22}" y="{y0 + c + 8}" text-anchor="middle" font-size="22">→</text>'
    )
    # the four stamps, placed like the input values they come from
    sc, sx0, sy0, gap = 24, 150, 66, 34
    for (i, j), stamp in stamps.items():
        gx, gy = sx0 + j * (n * sc + gap), sy0 + i * (n * sc + gap + 16)
        out.append(
            f'<text x="{gx + n * sc / 2}" y="{gy - 6}" text-anchor="middle" font-size="13">{g(x[i, j])} · K</text>'
        )
        for (a, b), v in np.ndenumerate(stamp):
            on = v != 0
            out.append(
                f'<rect x="{gx + b * sc}" y="{gy + a * sc}" width="{sc}" height="{sc}" fill="{FILL[i, j] if on else "#fff"}" '
                f'stroke="{EDGE[i, j] if on else "#bbb"}" stroke-width="{1.5 if on else 1}"/>'
            )
            if on:
                out.append(
                    f'<text x="{gx + b * sc + sc / 2}" y="{gy + a * sc + 17}" text-anchor="middle" font-size="13">{g(v)}</text>'
                )
    for i in range(2):  # plus signs between the stamps
        gy = sy0 + i * (n * sc + gap + 16) + n * sc / 2 + 7
        out.append(
            f'<text x="{sx0 + n * sc + gap / 2}" y="{gy}" text-anchor="middle" font-size="22">+</text>'
        )
    out.append(
        f'<text x="{sx0 + n * sc + gap / 2}" y="{sy0 + n * sc + 16 + gap / 2 + 4}" text-anchor="middle" font-size="22">+</text>'
    )
    end = sx0 + 2 * n * sc + gap
    out.append(
        f'<text x="{end + 28}" y="{y0 + c + 8}" text-anchor="middle" font-size="26">=</text>'
    )
    # the output
    oc, ox0, oy0 = 44, end + 56, 90
    out.append(
        f'<text x="{ox0 + n * oc / 2}" y="{oy0 - 14}" text-anchor="middle" font-style="italic">y</text>'
    )
    for (a, b), v in np.ndenumerate(y):
        many = covered[a, b] > 1
        out.append(
            f'<rect x="{ox0 + b * oc}" y="{oy0 + a * oc}" width="{oc}" height="{oc}" fill="{"#ececec" if many else "#fff"}" '
            f'stroke="#333" stroke-width="{2.5 if many else 1.2}"/>'
        )
        out.append(
            f'<text x="{ox0 + b * oc + oc / 2}" y="{oy0 + a * oc + oc / 2 + 6}" text-anchor="middle" font-size="18" '
            f'font-weight="{700 if many else 400}">{g(v)}</text>'
        )
    out.append(
        f'<text x="{ox0 + n * oc / 2}" y="{oy0 + n * oc + 26}" text-anchor="middle" font-size="15">2 × 2 → {n} × {n}:  (2 − 1) · {S} + {K} = {n}</text>'
    )
    return kit.document(760, 390, out, font_size=16, background="#fff")


if __name__ == "__main__":
    kit.write(Path(__file__).parent / "transposed-conv.svg", draw())
    print(y)
