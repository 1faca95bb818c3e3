"""embedding-lookup.<en|zh>.svg: a sentence's ids pick rows of an Embedding's table.
The table and the output are those of a real keras.layers.Embedding(8, 4).

Run from the repository root: .venv/bin/python app/lessons/22-embedding-layer/figures/make_embedding-lookup.py
"""

from app.lessons import figure_kit as kit

# isort: split
from pathlib import Path

import keras
import numpy as np

HERE = Path(__file__).parent
COLOURS = [kit.BLUE, kit.VERMILLION, kit.GREEN, kit.PINK]
TINTS = [kit.LIGHT[c] for c in COLOURS]
DASH = ["", "7 4", "2 3", "9 3 2 3"]
WORDS = ["the", "film", "was", "good"]
LABELS = {
    "en": dict(title="An Embedding looks up one row of its table per id", ids="ids", table="embeddings W", out="output",
               row="one row per id"),
    "zh": dict(title="Embedding 为每个编号查出表中的一行", ids="编号", table="embeddings 表 W", out="输出",
               row="每个编号一行"),
}

keras.utils.set_random_seed(0)
layer = keras.layers.Embedding(input_dim=8, output_dim=4)
ids = np.array([[2, 3, 4, 5]])
out = keras.ops.convert_to_numpy(layer(ids))[0]
table = keras.ops.convert_to_numpy(layer.embeddings)
assert np.allclose(out, table[ids[0]])


def num(v):
    return f"{v:+.3f}".replace("-", "−").replace("+", "&#160;")


CW, RH = 66, 30
TX, TY = 300, 70  # the table
OX, OY = 640, TY + 2 * RH  # the output


def figure(lang):
    lab = LABELS[lang]
    b = []
    # the table
    b.append(kit.text(TX + 2 * CW, TY - 34, f"{lab['table']}  {table.shape}", 15, "middle", "bold"))
    b.append(kit.text(TX + 2 * CW, TY - 14, lab["row"], 13, "middle", fill="#444"))
    for r in range(table.shape[0]):
        k = r - 2 if 2 <= r <= 5 else None
        fill = TINTS[k] if k is not None else "#ffffff"
        stroke = COLOURS[k] if k is not None else "#999"
        b.append(kit.text(TX - 10, TY + r * RH + 20, r, 14, "end", fill="#444", mono=True))
        for c in range(table.shape[1]):
            b.append(f'<rect x="{TX + c * CW}" y="{TY + r * RH}" width="{CW}" height="{RH}" fill="{fill}" stroke="#999" stroke-width="1"/>')
            b.append(kit.text(TX + c * CW + CW / 2, TY + r * RH + 20, num(table[r, c]), 13, "middle", mono=True, markup=True))
        if k is not None:
            b.append(f'<rect x="{TX}" y="{TY + r * RH}" width="{4 * CW}" height="{RH}" fill="none" stroke="{stroke}" stroke-width="2.5"/>')
    # the ids
    b.append(kit.text(95, TY + RH - 14, f"{lab['ids']}  {ids.shape}", 15, "middle", "bold"))
    for i, (word, k) in enumerate(zip(WORDS, ids[0], strict=True)):
        y = TY + (i + 1.5) * RH + i * 14
        b.append(kit.text(60, y + 20, f'"{word}"', 15, "end", fill="#444"))
        b.append(f'<rect x="{80}" y="{y}" width="44" height="{RH}" rx="4" fill="{TINTS[i]}" stroke="{COLOURS[i]}" stroke-width="2.5"/>')
        b.append(kit.text(102, y + 20, k, 16, "middle", "bold", mono=True))
        ty = TY + k * RH + RH / 2
        b.append(f'<path d="M124,{y + RH / 2} C200,{y + RH / 2} 220,{ty} {TX - 30},{ty}" fill="none" stroke="{COLOURS[i]}" '
                 f'stroke-width="2.2" stroke-dasharray="{DASH[i]}" marker-end="url(#a{i})"/>')
    # the output
    b.append(kit.text(OX + 2 * CW, OY - 14, f"{lab['out']}  {(1, *out.shape)}", 15, "middle", "bold"))
    for i, k in enumerate(ids[0]):
        y = OY + i * (RH + 6)
        for c in range(out.shape[1]):
            b.append(f'<rect x="{OX + c * CW}" y="{y}" width="{CW}" height="{RH}" fill="{TINTS[i]}" stroke="#999" stroke-width="1"/>')
            b.append(kit.text(OX + c * CW + CW / 2, y + 20, num(out[i, c]), 13, "middle", mono=True, markup=True))
        b.append(f'<rect x="{OX}" y="{y}" width="{4 * CW}" height="{RH}" fill="none" stroke="{COLOURS[i]}" stroke-width="2.5"/>')
        b.append(kit.text(OX + 4 * CW + 10, y + 20, f"W[{k}]", 14, "start", fill=COLOURS[i], weight="bold", mono=True))
        ty = TY + k * RH + RH / 2
        b.append(f'<path d="M{TX + 4 * CW},{ty} C{TX + 4 * CW + 40},{ty} {OX - 50},{y + RH / 2} {OX - 6},{y + RH / 2}" fill="none" '
                 f'stroke="{COLOURS[i]}" stroke-width="2.2" stroke-dasharray="{DASH[i]}" marker-end="url(#a{i})"/>')
    markers = kit.defs(*(kit.arrowhead(f"a{i}", c) for i, c in enumerate(COLOURS)))
    W, H = OX + 4 * CW + 60, TY + 8 * RH + 20
    return kit.document(W, H, b, title=lab["title"], defs=markers, font_size=15)


kit.write_langs(HERE, "embedding-lookup", figure)
print(table.round(3), out.shape)
