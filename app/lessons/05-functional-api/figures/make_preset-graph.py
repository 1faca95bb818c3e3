"""Draws preset-graph.svg: the layer graph of this lesson's preset, as Keras draws it
(keras.utils.model_to_dot, laid out by Graphviz `dot -Tsvg`)."""

import json
import os
import re
import subprocess
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402

from app.worker.build import build_model  # noqa: E402

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
FONT = "system-ui, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"


def svg() -> str:
    out = subprocess.run(
        ["/usr/bin/dot", "-Tsvg"], input=dot, capture_output=True, text=True, check=True
    ).stdout
    out = out[out.index("<svg") :]  # drop the XML prolog, doctype and Graphviz comments
    out = re.sub(r"<!--.*?-->\n?", "", out, flags=re.S)
    out = re.sub(
        r"<title>[0-9&#;gt]+</title>\n?", "", out
    )  # node and edge titles are Python object ids
    out = re.sub(
        r'<svg width="[^"]*" height="[^"]*"', '<svg role="img"', out, count=1
    )  # scale with the page
    return out.replace('font-family="Helvetica,sans-Serif"', f'font-family="{FONT}"')


(HERE / "preset-graph.svg").write_text(svg(), encoding="utf-8")
