"""Draws dropout.{en,zh}.svg: the same Dense -> Dropout(0.5) -> Dense network during training
(the mask Keras draws, the kept values scaled by 1 / (1 - 0.5)) and at prediction time."""

from app.lessons import figure_kit as kit

# isort: split
from pathlib import Path

import numpy as np
from keras import layers

RATE, UNITS, N_IN, N_OUT = 0.5, 6, 4, 2
dropout = layers.Dropout(RATE, seed=5)
train = np.asarray(dropout(np.ones((1, UNITS)), training=True))[
    0
]  # the factor each unit's value is multiplied by
infer = np.asarray(dropout(np.ones((1, UNITS)), training=False))[0]

GREY = "#767676"
WORDS = {
    "en": {
        "train": "training (fit): training=True",
        "infer": "prediction (predict): training=False",
        "dropped": "dropped: ×0",
        "kept": f"kept: ×{train.max():g} = 1/(1 − {RATE:g})",
    },
    "zh": {
        "train": "训练时（fit）：training=True",
        "infer": "预测时（predict）：training=False",
        "dropped": "被丢弃：×0",
        "kept": f"被保留：×{train.max():g} = 1/(1 − {RATE:g})",
    },
}


def ys(n: int, top: float = 90, bottom: float = 330) -> list[float]:
    step = (bottom - top) / (UNITS - 1)
    mid = (top + bottom) / 2
    return [mid + (i - (n - 1) / 2) * step for i in range(n)]


def panel(x0: float, factors, title: str) -> list[str]:
    cols = (x0 + 50, x0 + 180, x0 + 310)
    ins, hid, outs = ys(N_IN), ys(UNITS), ys(N_OUT)
    out = [f'<text x="{x0 + 180}" y="40" text-anchor="middle" font-weight="600">{title}</text>']
    for a in ins:
        for b in hid:
            out.append(
                f'<line x1="{cols[0]}" y1="{a}" x2="{cols[1]}" y2="{b}" stroke="#aaa" stroke-width="1.2"/>'
            )
    for j, a in enumerate(hid):
        if factors[j]:
            for b in outs:
                out.append(
                    f'<line x1="{cols[1]}" y1="{a}" x2="{cols[2]}" y2="{b}" stroke="{kit.DEEP_BLUE}" stroke-width="1.6"/>'
                )
    for a in ins:
        out.append(
            f'<circle cx="{cols[0]}" cy="{a}" r="17" fill="#f0f0f0" stroke="#333" stroke-width="2"/>'
        )
    for j, a in enumerate(hid):
        if factors[j]:
            out.append(
                f'<circle cx="{cols[1]}" cy="{a}" r="19" fill="{kit.LIGHT[kit.DEEP_BLUE]}" stroke="{kit.DEEP_BLUE}" stroke-width="2.5"/>'
            )
            out.append(
                f'<text x="{cols[1]}" y="{a + 6}" text-anchor="middle" font-size="15" fill="{kit.DEEP_BLUE}">×{factors[j]:g}</text>'
            )
        else:
            out.append(
                f'<circle cx="{cols[1]}" cy="{a}" r="19" fill="#fff" stroke="{GREY}" stroke-width="2" stroke-dasharray="4 3"/>'
            )
            out.append(
                f'<path d="M{cols[1] - 9},{a - 9} L{cols[1] + 9},{a + 9} M{cols[1] + 9},{a - 9} L{cols[1] - 9},{a + 9}" stroke="{GREY}" stroke-width="2.5"/>'
            )
    for b in outs:
        out.append(
            f'<circle cx="{cols[2]}" cy="{b}" r="17" fill="#f0f0f0" stroke="#333" stroke-width="2"/>'
        )
    for c, label in zip(cols, ("x", f"Dense({UNITS})", f"Dense({N_OUT})"), strict=True):
        out.append(
            f'<text x="{c}" y="372" text-anchor="middle" font-size="15" font-family="ui-monospace, monospace">{label}</text>'
        )
    out.append(
        f'<text x="{cols[1]}" y="392" text-anchor="middle" font-size="15" font-family="ui-monospace, monospace">+ Dropout({RATE:g})</text>'
    )
    return out


def draw(lang: str) -> str:
    w = WORDS[lang]
    out = [
        *panel(10, train, w["train"]),
        '<line x1="380" y1="60" x2="380" y2="400" stroke="#ccc" stroke-width="1.5"/>',
        *panel(390, infer, w["infer"]),
        # legend
        f'<circle cx="60" cy="430" r="12" fill="#fff" stroke="{GREY}" stroke-width="2" stroke-dasharray="4 3"/>',
        f'<path d="M54,424 L66,436 M66,424 L54,436" stroke="{GREY}" stroke-width="2"/>',
        f'<text x="80" y="436" font-size="15">{w["dropped"]}</text>',
        f'<circle cx="300" cy="430" r="12" fill="{kit.LIGHT[kit.DEEP_BLUE]}" stroke="{kit.DEEP_BLUE}" stroke-width="2.5"/>',
        f'<text x="320" y="436" font-size="15">{w["kept"]}</text>',
    ]
    return kit.document(760, 460, out, font_size=17, background="#fff")


if __name__ == "__main__":
    kit.write_langs(Path(__file__).parent, "dropout", draw)
    print(train, infer)
