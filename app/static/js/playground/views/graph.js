// The model's graph drawn by Keras itself (keras.utils.model_to_dot, rendered
// by Graphviz on the server), whole in its panel and zoomable.

import { api } from "../../api.js";
import { h } from "../../util.js";
import { zoomable } from "../../zoom.js";

export async function drawGraph(panel, { t, spec }) {
  panel.replaceChildren(h("p", { class: "busy" }, t("summary_loading")));
  try {
    const data = await api.post("/api/explore/plot", { spec: spec(), show_shapes: true, show_layer_activations: true });
    panel.replaceChildren(h("p", { class: "help" }, t("graph_by_keras")), zoomable(data.svg, { t, testid: "run-graph", label: t("graph_label") }));
  } catch (error) {
    panel.replaceChildren(h("p", { class: "field-error" }, error.message));
  }
}
