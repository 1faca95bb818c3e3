"""keras-and-savedmodel.<en|zh>.svg: what `model.save("wine.keras")` writes (a zip
archive) beside what `model.export("wine_export")` writes (a SavedModel folder).
The file names are not typed here: a small model is saved and exported, and the
figure lists what Keras and TensorFlow really wrote.

Run from the repository root: .venv/bin/python app/lessons/51-saving-serving/figures/make_keras-and-savedmodel.py
"""

from app.lessons import figure_kit as kit

# isort: split
import os
import tempfile
import zipfile
from pathlib import Path

import keras

HERE = Path(__file__).parent
GREY = "#6b6b6b"

# what the two formats really hold, from a model saved and exported here
with tempfile.TemporaryDirectory() as tmp:
    model = keras.Sequential(
        [
            keras.Input(shape=(13,)),
            keras.layers.Normalization(),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    model.save(Path(tmp) / "wine.keras")
    with zipfile.ZipFile(Path(tmp) / "wine.keras") as archive:
        ARCHIVE = archive.namelist()
    model.export(str(Path(tmp) / "wine_export"), verbose=False)
    EXPORT = {
        str(Path(folder).relative_to(Path(tmp) / "wine_export")): sorted(files)
        for folder, _, files in os.walk(Path(tmp) / "wine_export")
    }
assert sorted(ARCHIVE) == ["config.json", "metadata.json", "model.weights.h5"], ARCHIVE
assert EXPORT == {
    ".": ["fingerprint.pb", "saved_model.pb"],
    "assets": [],
    "variables": ["variables.data-00000-of-00001", "variables.index"],
}, EXPORT

LABELS = {
    "en": dict(
        title="What model.save writes, and what model.export writes", model="the trained model",
        left="wine.keras: one zip archive", right="wine_export/: a SavedModel folder",
        left_reader="Read by keras.saving.load_model, which needs Keras and your custom classes. The model it gives back can predict, and train on where it stopped.",
        right_reader="Read by tf.saved_model.load, TFSMLayer or TF Serving, which need TensorFlow only, no Python classes. It offers the endpoints it was exported with, for inference.",
    ),
    "zh": dict(
        title="model.save 写出什么，model.export 又写出什么", model="训练好的模型",
        left="wine.keras：一个 zip 压缩包", right="wine_export/：一个 SavedModel 文件夹",
        left_reader="由 keras.saving.load_model 读取，需要 Keras 和你的自定义类。读回的模型能预测，也能从停下的地方接着训练。",
        right_reader="由 tf.saved_model.load、TFSMLayer 或 TF Serving 读取，只需要 TensorFlow，不需要任何 Python 类。它提供导出时定下的端点，用于推理。",
    ),
}
# The rows of each panel: a file or folder, and what it holds in English and in Chinese.
IN_ARCHIVE = [
    ("config.json", "the architecture and compile settings: class names and arguments (JSON)",
     "结构与编译设置：类名和参数（JSON）"),
    ("metadata.json", "the Keras version and the date saved", "Keras 版本和保存日期"),
    ("model.weights.h5", "every weight (layers/…/vars) and the optimizer's state (optimizer/vars)",
     "全部权重（layers/…/vars）和优化器的状态（optimizer/vars）"),
    ("assets/", "only for a layer with files of its own, such as a vocabulary", "仅当某层有自己的文件（例如词表）时才有"),
]
IN_EXPORT = [
    ("saved_model.pb", "the traced computation, a TensorFlow graph, with its endpoints serve and serving_default",
     "追踪得到的计算过程（TensorFlow 计算图），以及端点 serve 和 serving_default"),
    ("variables/", "the weights' values, as a TensorFlow checkpoint: variables.data-00000-of-00001, variables.index",
     "权重的值，TensorFlow 检查点格式：variables.data-00000-of-00001、variables.index"),
    ("assets/", "extra files the graph reads (empty here)", "计算图要读取的额外文件（这里为空）"),
    ("fingerprint.pb", "hashes that identify this export", "标识这次导出的哈希值"),
]

W, H = 960, 560
PANEL_W, PANEL_TOP, ROW_H = 450, 130, 72
LEFT_X, RIGHT_X = 20, W - 20 - PANEL_W


def in_lang(rows: list[tuple[str, str, str]], lang: str) -> list[tuple[str, str]]:
    """A panel's rows in one language: (file or folder, what it holds)."""
    return [(name, en if lang == "en" else zh) for name, en, zh in rows]


def panel(
    x: int,
    title: str,
    rows: list[tuple[str, str]],
    colour: str,
    fill: str,
    reader: str,
    optional: set[str],
) -> list[str]:
    out = []
    said = kit.wrap(reader, 60)
    assert len(said) <= 3, said
    height = 54 + ROW_H * len(rows) + 12 + 19 * 3
    out.append(
        f'<rect x="{x}" y="{PANEL_TOP}" width="{PANEL_W}" height="{height}" rx="12" fill="{fill}" stroke="{colour}" stroke-width="2"/>'
    )
    out.append(kit.text(x + 18, PANEL_TOP + 32, title, size=17, weight="bold", fill=colour))
    y = PANEL_TOP + 54
    for name, what in rows:
        dashed = ' stroke-dasharray="5 3"' if name in optional else ""
        out.append(
            f'<rect x="{x + 14}" y="{y}" width="{PANEL_W - 28}" height="{ROW_H - 8}" rx="6" fill="#ffffff" stroke="{colour}" stroke-width="1.2"{dashed}/>'
        )
        out.append(kit.text(x + 26, y + 21, name, size=14, weight="bold", mono=True))
        lines = kit.wrap(what, 58)
        assert len(lines) <= 2, lines
        for k, line in enumerate(lines):
            out.append(kit.text(x + 26, y + 41 + 16 * k, line, size=12.5, fill=GREY))
        y += ROW_H
    for k, line in enumerate(said):
        out.append(kit.text(x + 18, y + 18 + 19 * k, line, size=13, fill=kit.INK))
    return out


def figure(lang: str) -> str:
    lab = LABELS[lang]
    b = [
        # the model, and the two calls that write it out
        f'<rect x="{W / 2 - 110}" y="16" width="220" height="44" rx="10" fill="#f3f3f3" stroke="{kit.INK}" stroke-width="1.6"/>',
        kit.text(W / 2, 43, lab["model"], size=15, anchor="middle"),
        kit.arrow(f"M{W / 2 - 110},38 H{LEFT_X + PANEL_W / 2} V{PANEL_TOP - 4}", kit.BLUE, 1.8, fill="none"),
        kit.arrow(f"M{W / 2 + 110},38 H{RIGHT_X + PANEL_W / 2} V{PANEL_TOP - 4}", kit.VERMILLION, 1.8, fill="none"),
        kit.text(
            LEFT_X + PANEL_W / 2 + 12, 96, 'model.save("wine.keras")', size=14, fill=kit.BLUE, mono=True
        ),
        kit.text(
            RIGHT_X + PANEL_W / 2 - 12,
            96,
            'model.export("wine_export")',
            size=14,
            anchor="end",
            fill=kit.VERMILLION,
            mono=True,
        ),
    ]
    b += panel(
        LEFT_X, lab["left"], in_lang(IN_ARCHIVE, lang), kit.BLUE, "#eef5fb", lab["left_reader"], {"assets/"}
    )
    b += panel(RIGHT_X, lab["right"], in_lang(IN_EXPORT, lang), kit.VERMILLION, "#fdf1e8", lab["right_reader"], set())
    arrowheads = kit.defs(kit.arrowhead("a", kit.INK, 11, fixed=True, orient="auto-start-reverse"), lines=True)
    return kit.document(W, H, b, title=lab["title"], defs=arrowheads, font_size=14, sized=True)


kit.write_langs(HERE, "keras-and-savedmodel", figure)
