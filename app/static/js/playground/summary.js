// The live summary: Keras's own description of the model as the learner
// types (asked in the fast lane, at most one request in flight that matters),
// the output shape beside each layer card, and the problems at their fields.

import { api } from "../api.js";
import { debounce, h } from "../util.js";

function formatShape(shape) {
  return `(${shape.map((d) => (d === null ? "None" : d)).join(", ")}${shape.length === 1 ? "," : ""})`;
}

function formatShapes(shape) {
  return Array.isArray(shape[0]) ? shape.map(formatShapes).join(" ") : formatShape(shape);
}

export class Summary {
  constructor(root, { t, lang, spec, problems }) {
    this.root = root;
    this.t = t;
    this.lang = lang;
    this.spec = spec;
    this.problems = problems;
    this.slot = (name) => root.querySelector(`[data-slot="${name}"]`);
    this.table = root.querySelector("[data-testid=summary-table]");
    this.counter = 0;
    this.schedule = debounce(() => this.now(), 250);
  }

  render(result) {
    const { t, lang } = this;
    const spec = this.spec();
    const fmt = (n) => n.toLocaleString(lang === "zh" ? "zh-CN" : "en-US");
    const functional = spec.model.kind === "functional";
    const sequentialLabels = this.root.querySelectorAll(".layer-list .layer-shape");
    this.slot("summary-rows").replaceChildren(...result.layers.map((layer, i) => {
      const shape = formatShapes(layer.output_shape);
      const label = functional ? this.root.querySelector(`[data-shape-for="${CSS.escape(layer.name)}"]`) : sequentialLabels[i];
      if (label) label.textContent = `→ ${shape}`;
      const calls = layer.calls > 1 ? ` ×${layer.calls}` : "";
      return h("tr", {}, h("td", {}, `${layer.name} (${layer.class_name})${calls}`), h("td", { class: "shape" }, shape), h("td", { class: "num" }, fmt(layer.params)));
    }));
    this.slot("summary-totals").replaceChildren(
      h("tr", {}, h("th", { colspan: 2, scope: "row" }, t("total_params")), h("td", { class: "num", "data-total-params": result.total_params }, fmt(result.total_params))),
      h("tr", {}, h("th", { colspan: 2, scope: "row" }, t("trainable_params")), h("td", { class: "num" }, fmt(result.trainable_params))),
      h("tr", {}, h("th", { colspan: 2, scope: "row" }, t("non_trainable_params")), h("td", { class: "num" }, fmt(result.non_trainable_params))),
    );
    if (!result.layers.length) this.slot("summary-rows").replaceChildren(h("tr", {}, h("td", { colspan: 3, class: "empty" }, t("summary_empty"))));
    this.slot("summary-text").textContent = result.summary;
  }

  async now() {
    const mine = ++this.counter;
    this.slot("summary-busy").hidden = false;
    this.root.dataset.inspecting = "true";
    try {
      const data = await api.post("/api/inspect", this.spec());
      if (mine !== this.counter) return; // a newer edit has asked again
      this.render(data);
      if (data.problems.length) this.problems.show(data.problems, this.spec());
      else this.problems.clear();
    } catch (error) {
      if (mine !== this.counter) return;
      if (error.status === 422 && error.problems.length) this.problems.show(error.problems, this.spec());
      else this.problems.show([{ loc: [], type: "server", msg: this.t("error_server", { detail: error.message }) }], this.spec());
    } finally {
      if (mine === this.counter) {
        this.slot("summary-busy").hidden = true;
        delete this.root.dataset.inspecting;
      }
    }
  }
}
