"""The playground preset's functional graph, drawn by Keras's own model_to_dot and Graphviz.

Run from the repository root: .venv/bin/python app/lessons/20-merge-layers/figures/make_merge-preset-graph.py
"""

from app.lessons import figure_kit as kit

# isort: split
import json
from pathlib import Path

import keras

from app.worker.build import build_model

HERE = Path(__file__).parent
TITLE = {"en": "The playground's two-branch model, drawn by keras.utils.model_to_dot",
         "zh": "训练场中的双分支模型，由 keras.utils.model_to_dot 画出"}
WORDS = {"zh": {"Input shape": "输入形状", "Output shape": "输出形状", "Activation": "激活函数"}}  # model_to_dot's own labels

preset = json.loads((HERE.parent / "preset.json").read_text())
model = build_model(preset["model"])
dot = keras.utils.model_to_dot(model, show_shapes=True, show_layer_names=True, show_layer_activations=True)
dot.set("dpi", 72)  # model_to_dot sets 200, which scales the drawing out of its viewBox
source = dot.to_string()
for lang in kit.LANGS:
    text = source
    for en, zh in WORDS.get(lang, {}).items():
        text = text.replace(en, zh)
    svg = kit.graphviz(text, f"-Nfontname={kit.FONT.split(',')[0]}")
    for layer in model.layers:  # model_to_dot names the nodes by id(layer): use the layer names, stable from run to run
        svg = svg.replace(str(id(layer)), layer.name)
    svg = svg.replace("<title>G</title>", f"<title>{TITLE[lang]}</title>", 1)
    svg = kit.in_kit_font(svg)
    kit.write(HERE / f"merge-preset-graph.{lang}.svg", svg)
    print(lang, len(svg))
