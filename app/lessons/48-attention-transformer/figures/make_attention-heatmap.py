"""Draws attention-heatmap.<en|zh>.svg: the attention weights of the lesson's two trained
sentiment models (the whole encoder block, and the attention half alone) for the sentence
"the film was not good", one heat map per head.

The numbers are not computed again here: the lesson's own examples run, in order, in a
fresh process, exactly as the page runs them (app.lessons.examples.run), and one more
block prints `attention_of(...)` of the models they trained. So the figure shows the
weights the last two examples print, to more decimals.

Run from the repository root: .venv/bin/python app/lessons/48-attention-transformer/figures/make_attention-heatmap.py
"""

import json
from pathlib import Path

from app.lessons import figure_kit as kit
from app.lessons.examples import extract, run

HERE = Path(__file__).parent
READ = """
import json
print(json.dumps({"words": sample.split(), "lean": attention_of(lean, sample).tolist(), "full": attention_of(full, sample).tolist()}))
"""
LABELS = {
    "en": dict(
        title="Attention weights of the two trained models for \"the film was not good\"",
        lean="Attention half only (no feed-forward network)", full="The whole encoder block",
        head="head {n}", query="query: the word that looks", key="key: the word looked at",
        scale="weight",
    ),
    "zh": dict(
        title="两个训练好的模型对“the film was not good”的注意力权重",
        lean="只有注意力这一半（没有前馈网络）", full="完整的编码器块",
        head="第 {n} 个头", query="查询：发出注意的词", key="键：被注意的词",
        scale="权重",
    ),
}

CELL = 46  # px per weight
LEFT = 74  # room for the query words
PANEL_GAP = 64
TOP = 44
TOP_WEIGHT = 0.5  # the darkest blue: no weight in these maps reaches it, and 0.1 against 0.45 shows


def colour(w: float) -> str:
    """White (0) to dark blue (TOP_WEIGHT and above), one hue: the order of the weights reads
    without colour names, and the numbers are printed in the cells."""
    t = min(max(w / TOP_WEIGHT, 0.0), 1.0)
    low, high = (247, 251, 255), (8, 48, 107)
    return "#" + "".join(f"{round(a + (b - a) * t):02x}" for a, b in zip(low, high, strict=True))


def text(x, y, s, size=13, anchor="start", weight="normal", fill="#1a1a1a", mono=False, rotate=None):
    family = f' font-family="{kit.MONO}"' if mono else ""
    turn = f' transform="rotate({rotate} {x:.1f} {y:.1f})"' if rotate is not None else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" fill="{fill}"{family}{turn}>{s}</text>'


def panel(x0, y0, words, weights, heading):
    n = len(words)
    out = [text(x0 + LEFT + n * CELL / 2, y0, heading, 13, "middle", "bold")]
    top = y0 + 64  # the key words stand above the columns
    for j, word in enumerate(words):
        out.append(text(x0 + LEFT + (j + 0.5) * CELL + 4, top - 8, word, 12, "start", mono=True, rotate=-40))
    for i, word in enumerate(words):
        out.append(text(x0 + LEFT - 8, top + (i + 0.5) * CELL + 4, word, 12, "end", mono=True))
        for j in range(n):
            w = weights[i][j]
            x, y = x0 + LEFT + j * CELL, top + i * CELL
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{CELL}" height="{CELL}" fill="{colour(w)}" stroke="#ffffff"/>')
            ink = "#ffffff" if w > 0.6 * TOP_WEIGHT else "#1a1a1a"
            out.append(text(x + CELL / 2, y + CELL / 2 + 4, f"{w:.2f}", 12, "middle", fill=ink))
    return out, top + n * CELL


def figure(lang, data):
    lab = LABELS[lang]
    words = data["words"]
    n = len(words)
    width_panel = LEFT + n * CELL
    W = 40 + 2 * width_panel + PANEL_GAP + 20
    body, y = [], TOP
    for model in ("lean", "full"):
        body.append(text(40, y, lab[model], 15, weight="bold"))
        bottom = y
        for h, weights in enumerate(data[model]):
            part, bottom = panel(40 + h * (width_panel + PANEL_GAP), y + 26, words, weights, lab["head"].format(n=h + 1))
            body += part
        y = bottom + 48
    # what the axes are, once for all four maps
    body.append(text(40, y - 14, "↓ " + lab["query"] + "    → " + lab["key"], 13, fill="#444"))
    # the scale
    sx, sy = 40, y + 6
    for k in range(10):
        body.append(f'<rect x="{sx + 60 + k * 24}" y="{sy}" width="24" height="14" fill="{colour((k + 0.5) * TOP_WEIGHT / 10)}" stroke="#999" stroke-width="0.5"/>')
    body.append(text(sx, sy + 12, lab["scale"], 13, weight="bold"))
    for k, tick in ((0, "0"), (5, f"{TOP_WEIGHT / 2:g}"), (10, f"≥ {TOP_WEIGHT:g}")):
        body.append(text(sx + 60 + k * 24, sy + 30, tick, 12, "middle", fill="#555"))
    H = sy + 44
    return kit.document(f"{W:.0f}", f"{H:.0f}", body, title=lab["title"], font_size=13)


blocks = extract((HERE.parent / "en.md").read_text(encoding="utf-8"))
data = json.loads(run([*blocks, READ])[-1].splitlines()[-1])
kit.write_langs(HERE, "attention-heatmap", lambda lang: figure(lang, data))
for model in ("lean", "full"):
    print(model, [[round(w, 2) for w in row] for head in data[model] for row in head])
