// What the model learned: the decision boundary over a 2-D data set, the
// confusion matrix, predictions on sample images, predictions against truth.

import { react } from "../../plotly.js";
import { h } from "../../util.js";
import { formatNumber } from "../linechart.js";
import { withNumbers } from "../../numbers.js";

const LAYOUT = { margin: { l: 52, r: 12, t: 16, b: 44 }, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)" };
const CLASS_COLORS = ["#1864ab", "#c92a2a", "#2b8a3e", "#b35900", "#9c36b5", "#0b7285", "#5c940d", "#862e9c"];
const CONFUSION_SCALE = [[0, "#fff5eb"], [0.5, "#f98d52"], [1, "#7f2704"]];

export class Learned {
  constructor(panel, { t }) {
    this.panel = panel;
    this.t = t;
    this.state = {};
  }

  reset() { this.state = {}; }

  add(event) {
    if (event.type === "samples" && event.images) this.state.sampleImages = event;
    else if (event.type === "samples") this.state.samplePreds = event;
    else this.state[event.type] = event;
  }

  draw() {
    const { t } = this;
    const L = this.state;
    const parts = [];
    const plots = [];
    if (L.boundary) {
      const chart = h("div", { class: "chart", "data-testid": "boundary-chart" });
      const b = L.boundary;
      // the numbers: what the model predicts along the grid's middle row and column
      const mid = Math.floor(b.y.length / 2);
      parts.push(h("h4", {}, t("learned_boundary", { epoch: b.epoch + 1 })), ...withNumbers(chart, {
        t, testid: "boundary-chart", caption: t("learned_boundary", { epoch: b.epoch + 1 }), headers: ["x", `y = ${formatNumber(b.y[mid], 3)}`],
        rows: () => b.x.map((x, i) => [formatNumber(x, 3), formatNumber(b.z[mid][i], 3)]),
      }));
      const traces = [{ type: "heatmap", x: L.boundary.x, y: L.boundary.y, z: L.boundary.z, colorscale: [[0, "#a5d8ff"], [0.5, "#ffffff"], [1, "#ffc9c9"]], showscale: false, zmin: 0, zmax: Math.max(1, L.boundary.classes - 1), hoverinfo: "skip" }];
      if (L.points) {
        const labels = [...new Set(L.points.label)].sort((a, b) => a - b);
        for (const label of labels) {
          const idx = L.points.label.map((l, i) => (l === label ? i : -1)).filter((i) => i >= 0);
          traces.push({ type: "scatter", mode: "markers", name: `${t("learned_class")} ${label}`, x: idx.map((i) => L.points.x[i]), y: idx.map((i) => L.points.y[i]), marker: { size: 5, color: CLASS_COLORS[label % CLASS_COLORS.length], line: { width: 0.5, color: "#fff" } } });
        }
      }
      plots.push(() => react(chart, traces, { ...LAYOUT, height: 340, yaxis: { scaleanchor: "x" } }));
    }
    if (L.confusion) {
      const m = L.confusion.matrix;
      const labels = m.map((_, i) => String(i));
      const peak = Math.max(1, ...m.flat());
      const chart = h("div", { class: "chart", "data-testid": "confusion-chart" });
      const caption = t("learned_confusion", { epoch: L.confusion.epoch + 1 });
      parts.push(h("h4", {}, caption), ...withNumbers(chart, {
        t, testid: "confusion-chart", caption, headers: [`${t("learned_true")} / ${t("learned_pred")}`, ...labels],
        rows: () => m.map((row, i) => [labels[i], ...row.map(String)]),
      }));
      plots.push(() => react(chart, [{ type: "heatmap", x: labels, y: labels, z: m, zmin: 0, zmax: peak, colorscale: CONFUSION_SCALE, showscale: false, xgap: 1, ygap: 1, hovertemplate: `${t("learned_true")} %{y}, ${t("learned_pred")} %{x}: %{z}<extra></extra>` }], {
        ...LAYOUT, height: 220 + 26 * labels.length, margin: { l: 60, r: 12, t: 52, b: 16 },
        xaxis: { type: "category", title: { text: t("learned_pred") }, side: "top" },
        yaxis: { type: "category", title: { text: t("learned_true") }, autorange: "reversed" },
        // dark numbers on light cells, white on dark ones: readable on every colour
        annotations: m.flatMap((row, i) => row.map((v, j) => ({ x: labels[j], y: labels[i], text: String(v), showarrow: false, font: { size: 12, color: v / peak > 0.55 ? "#ffffff" : "#1f2328" } }))),
      }));
    }
    if (L.sampleImages) {
      const preds = L.samplePreds?.pred ?? [];
      parts.push(h("h4", {}, t("learned_samples")), h("div", { class: "samples", "data-testid": "sample-grid" }, L.sampleImages.images.map((src, i) => {
        const truth = L.sampleImages.true[i];
        const guess = preds[i];
        return h("figure", { class: guess === undefined ? "" : guess === truth ? "right" : "wrong" }, h("img", { src, alt: `${t("learned_true")} ${truth}` }),
          h("figcaption", {}, `${t("learned_true")} ${truth}`, guess === undefined ? "" : ` · ${t("learned_pred")} ${guess}`));
      })));
    }
    if (L.regression) {
      const chart = h("div", { class: "chart", "data-testid": "regression-chart" });
      const r = L.regression;
      const all = [...r.true, ...r.pred].filter(Number.isFinite);
      const lo = Math.min(...all);
      const hi = Math.max(...all);
      parts.push(h("h4", {}, t("learned_regression", { epoch: r.epoch + 1 })), ...withNumbers(chart, {
        t, testid: "regression-chart", caption: t("learned_regression", { epoch: r.epoch + 1 }), headers: [t("learned_true"), t("learned_pred")],
        rows: () => r.true.map((v, i) => [formatNumber(v), formatNumber(r.pred[i])]),
      }));
      plots.push(() => react(chart, [
        { type: "scatter", mode: "markers", x: r.true, y: r.pred, name: t("learned_points"), marker: { size: 5, color: "#c2410c" } },
        { type: "scatter", mode: "lines", x: [lo, hi], y: [lo, hi], name: t("learned_perfect"), line: { color: "#6a737d", dash: "dash" } },
      ], { ...LAYOUT, height: 320, xaxis: { title: { text: t("learned_true") } }, yaxis: { title: { text: t("learned_pred") } } }));
    }
    this.panel.replaceChildren(...(parts.length ? parts : [h("p", { class: "empty" }, t("view_learned_empty"))]));
    return Promise.all(plots.map((draw) => draw()));
  }
}
