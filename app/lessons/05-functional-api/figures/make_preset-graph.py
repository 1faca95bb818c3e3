"""Draws preset-graph.svg: the layer graph of this lesson's preset, as Keras draws it
(keras.utils.model_to_dot, laid out by Graphviz `dot -Tsvg`)."""

from app.lessons import figure_kit as kit

# isort: split
import json
import re
from pathlib import Path

import keras

from app.worker.build import build_model

HERE = Path(__file__).parent
model = build_model(json.loads((HERE.parent / "preset.json").read_text())["model"])
dot = keras.utils.model_to_dot(
    model, show_shapes=True, show_layer_names=True, dpi=72
).to_string()  # 72: one SVG unit per point
# Each layer's input shape is the output shape of the box above it: dropping that cell
# halves the width, so the figure stays readable at the width of a page. Without the words
# "Output shape:" (the caption says it) the figure needs no second language.
dot = re.sub(
    r'<td bgcolor="white"><font point-size="14">Input shape: <b>[^<]*</b></font></td>', "", dot
)
dot = dot.replace("Output shape: ", "").replace(
    '<td bgcolor="white">', '<td colspan="2" bgcolor="white">'
)


def svg() -> str:
    out = kit.without_comments(kit.graphviz(dot))
    out = re.sub(
        r"<title>[0-9&#;gt]+</title>\n?", "", out
    )  # node and edge titles are Python object ids
    out = re.sub(
        r'<svg width="[^"]*" height="[^"]*"', '<svg role="img"', out, count=1
    )  # scale with the page
    return out.replace('font-family="Helvetica,sans-Serif"', f'font-family="{kit.FONT}"')


kit.write(HERE / "preset-graph.svg", svg())
