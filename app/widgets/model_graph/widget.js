// The playground's model drawn by Keras itself: keras.utils.model_to_dot,
// rendered to SVG by Graphviz on the server.

import { h } from "../util.js";
import { zoomable } from "../zoom.js";
import { attempt, errorBox, form } from "./common.js";

export function mount(body, { t, post, spec }) {
  const drawing = h("div", { class: "wgraph" });
  const error = errorBox();
  const { element, values } = form([
    { name: "show_shapes", label: "show_shapes", kind: "checkbox", value: true },
    { name: "show_dtype", label: "show_dtype", kind: "checkbox", value: false },
    { name: "show_layer_activations", label: "show_layer_activations", kind: "checkbox", value: false },
    { name: "rankdir", label: "rankdir", kind: "select", value: "TB", options: ["TB", "LR"] },
    { name: "expand_nested", label: "expand_nested", kind: "checkbox", value: false },
  ], () => run());
  async function run() {
    const current = spec();
    if (!current) return;
    const r = await attempt(error, () => post("plot", { ...values, spec: current }));
    if (!r) return;
    drawing.replaceChildren(zoomable(r.svg, { t, testid: "keras-graph", label: t("graph_label") }));
  }
  body.replaceChildren(h("p", { class: "help" }, t("w_uses_playground")), element, h("button", { type: "button", onclick: () => run() }, t("w_redraw")), error, drawing);
  return run();
}
