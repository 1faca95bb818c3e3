"""Draw preset-graph.svg: the lesson's preset model, built by the app from preset.json and
drawn by Keras's own model_to_dot with the model-graph widget's default options, rendered
by Graphviz (dot -Tsvg). Run from the repository root: .venv/bin/python <this file>."""

import json
import os
import re
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402

from app.worker.widgets import built  # noqa: E402

HERE = Path(__file__).resolve().parent
FONT = "system-ui, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"

preset = json.loads((HERE.parent / "preset.json").read_text())
model, problem = built(preset["model"])
assert problem is None, problem
# The widget's defaults: shapes on, dtype and activations off, top to bottom, nested models collapsed.
dot = keras.utils.model_to_dot(
    model,
    show_shapes=True,
    show_dtype=False,
    rankdir="TB",
    expand_nested=False,
    show_layer_activations=False,
)
svg = dot.create_svg(prog="/usr/bin/dot").decode()
svg = svg[svg.index("<svg") :]
svg = re.sub(r'font-family="[^"]*"', f'font-family="{FONT}"', svg)
svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
# Node and edge titles are the Python id() of each layer: meaningless, and new on every run.
svg = re.sub(r"<title>[0-9]+(?:&#45;&gt;[0-9]+)?</title>\n?", "", svg)
# Graphviz writes a fixed size in points; drop it so the viewBox scales with the page.
svg = re.sub(r'<svg width="[^"]*" height="[^"]*"', "<svg", svg, count=1)
# At dpi=200 Graphviz also scales the drawing by 200/72 inside a viewBox given in points: undo it.
svg = re.sub(r"transform=\"scale\([0-9.]+ [0-9.]+\)", 'transform="scale(1 1)', svg, count=1)
(HERE / "preset-graph.svg").write_text(svg, encoding="utf-8")
