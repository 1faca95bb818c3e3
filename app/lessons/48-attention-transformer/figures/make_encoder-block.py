"""Draws encoder-block.svg: the layer graph of the lesson's `block` model (one Transformer
encoder block), as Keras draws it (keras.utils.model_to_dot, laid out by Graphviz `dot`).

The model is the lesson's own: its examples run, in order, in a fresh process, as the page
runs them (app.lessons.examples.run), up to the one that builds `block`, and one more block
prints the graph. Each layer's input shape is the output shape of the box above it, so
that cell is dropped, and with it the words "Input shape" and "Output shape" (the caption
says what the shapes are): the figure needs no second language.

Run from the repository root: .venv/bin/python app/lessons/48-attention-transformer/figures/make_encoder-block.py
"""

import re
from pathlib import Path

from app.lessons import figure_kit as kit
from app.lessons.examples import extract, run

HERE = Path(__file__).parent
READ = """
dot = keras.utils.model_to_dot(block, show_shapes=True, show_layer_names=True, dpi=72)  # 72: one SVG unit per point
for layer in block.layers:  # model_to_dot names the nodes by id(layer): use the layer names, stable from run to run
    for node in dot.get_nodes():
        if node.get_name() == str(id(layer)):
            node.set_name(layer.name)
    for edge in dot.get_edges():
        edge.obj_dict["points"] = tuple(layer.name if p == str(id(layer)) else p for p in edge.obj_dict["points"])
print(dot.to_string())
"""

blocks = extract((HERE.parent / "en.md").read_text(encoding="utf-8"))
upto = next(i for i, code in enumerate(blocks) if "block = keras.Model(" in code)
source = run([*blocks[: upto + 1], READ])[-1]
source = re.sub(r'<td bgcolor="white"><font point-size="14">Input shape: <b>[^<]*</b></font></td>', "", source)
source = source.replace("Output shape: ", "").replace('<td bgcolor="white">', '<td colspan="2" bgcolor="white">')
svg = kit.without_comments(kit.graphviz(source))
svg = svg.replace("<title>G</title>", "<title>One Transformer encoder block, drawn by keras.utils.model_to_dot</title>", 1)
svg = kit.in_kit_font(svg)
kit.write(HERE / "encoder-block.svg", svg)
print(len(svg))
