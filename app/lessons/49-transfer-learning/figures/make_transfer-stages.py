"""transfer-stages.<en|zh>.svg: the base's three stages in lesson 49. Pretrained on
the digits 0 to 4 with its first head; frozen under a new head for the digits 5 to 9
(feature extraction); unfrozen, its BatchNormalization layers still frozen, and
fine-tuned at a lower learning rate.

The layers are the shipped base's own (app/keras_ext/bases/digits_features.keras),
and the trainable parameters under each stage are counted by Keras on that base,
frozen and unfrozen as the lesson does it.

Run from the repository root: .venv/bin/python app/lessons/49-transfer-learning/figures/make_transfer-stages.py
"""

from app.lessons import figure_kit as kit

# isort: split
from pathlib import Path

import keras
import numpy as np

from app.keras_ext.pretrained import BASES

HERE = Path(__file__).parent
GREY, FROZEN_FILL, FROZEN_LINE = "#6b6b6b", "#e4e4e4", "#8a8a8a"


def trainable(model: keras.Model) -> int:
    return sum(int(np.prod(w.shape)) for w in model.trainable_weights)


def counted() -> tuple[list[tuple[str, str]], dict[str, int]]:
    """The base's layers (name, what it is), and the trainable parameters of each stage."""
    base = keras.saving.load_model(BASES / "digits_features.keras")
    rows = []
    for layer in base.layers[1:]:
        kind = type(layer).__name__
        if kind == "Conv2D":
            kind = f"Conv2D({layer.filters}, 3×3)"
        elif kind == "Activation":
            kind = "ReLU"
        rows.append((layer.name, kind))
    inputs = keras.Input((8, 8, 1))
    model = keras.Model(inputs, keras.layers.Dense(5, activation="softmax")(base(inputs)))
    counts = {"base": trainable(base), "head": trainable(model) - trainable(base)}
    base.trainable = False
    counts["frozen"] = trainable(model)
    base.trainable = True
    for layer in base.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False
    counts["tuned"] = trainable(model)
    assert counts == {"base": 4848, "head": 165, "frozen": 165, "tuned": 4917}, counts
    return rows, counts


LABELS = {
    "en": dict(
        title="The base's three stages",
        stages=[("1. Pretraining", "digits 0–4, 720 images"), ("2. Feature extraction", "digits 5–9, 120 images"),
                ("3. Fine-tuning", "the same 120 images, learning rate ÷ 10")],
        image="image 8×8×1",
        old_head="head: Dense(5), digits 0–4", new_head="new head: Dense(5), digits 5–9",
        save="saved without its head", unfreeze="unfreeze, refreeze BN, compile",
        counts=["trainable: {base:,} + {head} parameters", "trainable: {frozen} parameters", "trainable: {tuned:,} parameters"],
        legend=["trainable", "frozen", "no weights"],
        base="base",
    ),
    "zh": dict(
        title="基础模型的三个阶段",
        stages=[("1. 预训练", "数字 0–4，720 张图片"), ("2. 特征提取", "数字 5–9，120 张图片"),
                ("3. 微调", "同样的 120 张图片，学习率 ÷ 10")],
        image="图片 8×8×1",
        old_head="分类头：Dense(5)，数字 0–4", new_head="新的分类头：Dense(5)，数字 5–9",
        save="保存时去掉分类头", unfreeze="解冻，重新冻结 BN，编译",
        counts=["可训练：{base:,} + {head} 个参数", "可训练：{frozen} 个参数", "可训练：{tuned:,} 个参数"],
        legend=["可训练", "冻结", "没有权重"],
        base="基础模型",
    ),
}

W, H = 1000, 600
COL, GAP = 250, 100
X0 = (W - 3 * COL - 2 * GAP) / 2
ROW, STEP = 28, 34
TOP = 132  # the head's row


def lock(x: float, y: float, colour: str = GREY) -> str:
    """A small padlock whose body's top-left corner is at (x, y)."""
    return (f'<path d="M{x + 2.5},{y} v-3.5 a3.5,3.5 0 0 1 7,0 v3.5" fill="none" stroke="{colour}" stroke-width="1.6"/>'
            f'<rect x="{x}" y="{y}" width="12" height="9" rx="1.5" fill="{colour}"/>')


def box(x: float, y: float, w: float, label: str, state: str, mono: bool = True) -> list[str]:
    """One layer: trainable (blue), frozen (grey, with a lock) or without weights (dashed)."""
    if state == "trainable":
        fill, line, dash, ink = kit.LIGHT[kit.BLUE], kit.BLUE, "", kit.INK
    elif state == "frozen":
        fill, line, dash, ink = FROZEN_FILL, FROZEN_LINE, "", "#3a3a3a"
    else:
        fill, line, dash, ink = "#ffffff", "#b0b0b0", "4 3", GREY
    out = [f'<rect x="{x}" y="{y}" width="{w}" height="{ROW}" rx="4" fill="{fill}" stroke="{line}" stroke-width="1.4"{kit.dashes(dash)}/>',
           kit.text(x + 10, y + 19, label, 11.5 if mono else 13, fill=ink, mono=mono)]
    if state == "frozen":
        out.append(lock(x + w - 22, y + 12))
    return out


def figure(lang: str, rows: list[tuple[str, str]], counts: dict[str, int]) -> str:
    lab = LABELS[lang]
    out = [kit.defs(kit.arrowhead("a", kit.INK, 8)), kit.text(W / 2, 30, lab["title"], 18, "middle", "600")]
    weighted = {"Conv2D", "BatchNormalization"}
    layers_from_top = list(reversed(rows))
    bottom = TOP + STEP * (len(rows) + 1)  # the input's row
    for stage in range(3):
        x = X0 + stage * (COL + GAP)
        name, data = lab["stages"][stage]
        out.append(kit.text(x + COL / 2, 66, name, 15, "middle", "600"))
        out.append(kit.text(x + COL / 2, 86, data, 13, "middle", fill=GREY))
        # the head on top
        head = lab["old_head"] if stage == 0 else lab["new_head"]
        out += box(x, TOP, COL, head, "trainable", mono=False)
        for i, (layer, kind) in enumerate(layers_from_top):
            y = TOP + STEP * (i + 1)
            has_weights = any(kind.startswith(k) for k in weighted)
            if not has_weights:
                state = "none"
            elif stage == 0 or (stage == 2 and kind.startswith("Conv2D")):
                state = "trainable"
            else:
                state = "frozen"
            out += box(x, y, COL, f"{layer} · {kind}", state)
        out += box(x, bottom, COL, lab["image"], "none", mono=False)
        if stage == 0:  # the base's bracket, on the left of the first stage
            top_base, end_base = TOP + STEP - 4, TOP + STEP * len(rows) + ROW + 4
            out.append(f'<path d="M{x - 6},{top_base} h-5 V{end_base} h5" fill="none" stroke="{GREY}" stroke-width="1.2"/>')
            out.append(f'<text x="{x - 15}" y="{(top_base + end_base) / 2}" font-size="12" fill="{GREY}" text-anchor="middle" '
                       f'transform="rotate(-90 {x - 15} {(top_base + end_base) / 2})">{lab["base"]}</text>')
        out.append(kit.text(x + COL / 2, bottom + ROW + 28, lab["counts"][stage].format(**counts), 13, "middle", "600"))
    # between the stages
    mid_y = TOP + STEP * 5
    for stage, label in ((0, lab["save"]), (1, lab["unfreeze"])):
        x1 = X0 + stage * (COL + GAP) + COL + 8
        out.append(kit.arrow(f"M{x1},{mid_y} H{x1 + GAP - 18}", marker="a"))
        lines = kit.wrap(label, 16)
        for k, line in enumerate(lines):
            out.append(kit.text(x1 + (GAP - 10) / 2, mid_y - 10 - 16 * (len(lines) - 1 - k), line, 12, "middle"))
    # the old head, crossed out, beside stage 2's new one
    x2 = X0 + COL + GAP
    ox, oy, ow = x2 + 20, TOP - 34, COL - 40
    out.append(f'<rect x="{ox}" y="{oy}" width="{ow}" height="22" rx="4" fill="#ffffff" stroke="#b0b0b0" stroke-dasharray="3 3"/>')
    out.append(kit.text(ox + ow / 2, oy + 15, lab["old_head"], 12, "middle", fill=GREY))
    out.append(f'<line x1="{ox + 6}" y1="{oy + 11}" x2="{ox + ow - 6}" y2="{oy + 11}" stroke="{kit.VERMILLION}" stroke-width="1.4"/>')
    # legend
    ly = H - 30
    lx = W / 2 - 230
    for k, (label, state) in enumerate(zip(lab["legend"], ("trainable", "frozen", "none"), strict=True)):
        x = lx + k * 160
        fill, line, dash = {"trainable": (kit.LIGHT[kit.BLUE], kit.BLUE, ""), "frozen": (FROZEN_FILL, FROZEN_LINE, ""),
                            "none": ("#ffffff", "#b0b0b0", "4 3")}[state]
        out.append(f'<rect x="{x}" y="{ly - 14}" width="34" height="18" rx="3" fill="{fill}" stroke="{line}" stroke-width="1.4"{kit.dashes(dash)}/>')
        if state == "frozen":
            out.append(lock(x + 11, ly - 7))
        out.append(kit.text(x + 44, ly, label, 13))
    return kit.document(W, H, out, title=lab["title"], font_size=13)


if __name__ == "__main__":
    rows, counts = counted()
    print(rows, counts)
    kit.write_langs(HERE, "transfer-stages", lambda lang: figure(lang, rows, counts))
