"""The playground preset's functional graph, drawn by Keras's own model_to_dot and Graphviz.

Run from the repository root: .venv/bin/python app/lessons/20-merge-layers/figures/make_merge-preset-graph.py
"""

import json
import re
import subprocess
from pathlib import Path

import keras

from app.worker.build import build_model

HERE = Path(__file__).parent
FONT = "system-ui, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
TITLE = {"en": "The playground's two-branch model, drawn by keras.utils.model_to_dot",
         "zh": "训练场中的双分支模型，由 keras.utils.model_to_dot 画出"}
WORDS = {"zh": {"Input shape": "输入形状", "Output shape": "输出形状", "Activation": "激活函数"}}  # model_to_dot's own labels

preset = json.loads((HERE.parent / "preset.json").read_text())
model = build_model(preset["model"])
dot = keras.utils.model_to_dot(model, show_shapes=True, show_layer_names=True, show_layer_activations=True)
dot.set("dpi", 72)  # model_to_dot sets 200, which scales the drawing out of its viewBox
source = dot.to_string()
for lang in ("en", "zh"):
    text = source
    for en, zh in WORDS.get(lang, {}).items():
        text = text.replace(en, zh)
    svg = subprocess.run(["dot", "-Tsvg", f"-Nfontname={FONT.split(',')[0]}"], input=text, capture_output=True, text=True, check=True).stdout
    svg = svg[svg.index("<svg"):]  # no XML prolog or DOCTYPE
    for layer in model.layers:  # model_to_dot names the nodes by id(layer): use the layer names, stable from run to run
        svg = svg.replace(str(id(layer)), layer.name)
    svg = svg.replace("<title>G</title>", f"<title>{TITLE[lang]}</title>", 1)
    svg = re.sub(r' font-family="[^"]*"', "", svg)  # one font for the whole figure, set on the root
    svg = re.sub(r'<svg width="[^"]*" height="[^"]*"', f'<svg role="img" font-family="{FONT}"', svg, count=1)
    (HERE / f"merge-preset-graph.{lang}.svg").write_text(svg)
    print(lang, len(svg))
