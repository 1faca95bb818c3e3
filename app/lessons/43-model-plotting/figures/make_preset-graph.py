"""Draw preset-graph.svg: the lesson's preset model, built by the app from preset.json and
drawn by Keras's own model_to_dot with the model-graph widget's default options, rendered
by Graphviz (dot -Tsvg). Run from the repository root: .venv/bin/python <this file>."""

from app.lessons import figure_kit as kit

# isort: split
import json
import re
from pathlib import Path

import keras

from app.worker.widgets import built

HERE = Path(__file__).resolve().parent

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
svg = kit.without_comments(kit.graphviz(dot.to_string()))
svg = re.sub(r'font-family="[^"]*"', f'font-family="{kit.FONT}"', svg)
# Node and edge titles are the Python id() of each layer: meaningless, and new on every run.
svg = re.sub(r"<title>[0-9]+(?:&#45;&gt;[0-9]+)?</title>\n?", "", svg)
# Graphviz writes a fixed size in points; drop it so the viewBox scales with the page.
svg = re.sub(r'<svg width="[^"]*" height="[^"]*"', "<svg", svg, count=1)
# At dpi=200 Graphviz also scales the drawing by 200/72 inside a viewBox given in points: undo it.
svg = re.sub(r"transform=\"scale\([0-9.]+ [0-9.]+\)", 'transform="scale(1 1)', svg, count=1)
kit.write(HERE / "preset-graph.svg", svg)
