// Weight and activation histograms in TensorBoard's three modes: offset
// (one curve per epoch, stacked), overlay, and distribution (quantile bands).

import { react } from "../../plotly.js";
import { h } from "../../util.js";
import { formatNumber } from "../linechart.js";
import { withNumbers } from "../../numbers.js";

const LAYOUT = { margin: { l: 48, r: 12, t: 16, b: 44 }, height: 320, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)" };

export class Histograms {
  constructor(panel, { t }) {
    this.panel = panel;
    this.t = t;
    this.mode = "offset";
    this.item = null;
    this.events = [];
  }

  reset() { this.events = []; }

  add(event) { this.events.push(event); }

  draw() {
    const { t } = this;
    const box = this.panel;
    if (!this.events.length) {
      box.replaceChildren(h("p", { class: "empty" }, t("view_histograms_empty")));
      return;
    }
    const names = this.events[this.events.length - 1].items.map((i) => `${i.kind}: ${i.name}`);
    this.item = names.includes(this.item) ? this.item : names[0];
    const select = h("select", { "aria-label": t("hist_tensor"), "data-testid": "histogram-tensor" }, names.map((n) => h("option", { value: n }, n)));
    select.value = this.item;
    select.addEventListener("change", () => { this.item = select.value; this.draw(); });
    const modes = h("span", { class: "modes", role: "radiogroup", "aria-label": t("hist_mode") }, ["offset", "overlay", "distribution"].map((mode) => {
      const button = h("button", { type: "button", role: "radio", "aria-checked": String(this.mode === mode) }, t(`hist_${mode}`));
      button.addEventListener("click", () => { this.mode = mode; this.draw(); });
      return button;
    }));
    const chart = h("div", { class: "chart", "data-testid": "histogram-chart" });
    const series = this.events.map((e) => ({ epoch: e.epoch + 1, ...e.items.find((i) => `${i.kind}: ${i.name}` === this.item) })).filter((s) => s.buckets);
    // the numbers: each epoch's quantiles, as the distribution mode draws them
    // how often they come: as asked, or sparser for a long run (the server's cap on stored histograms)
    const every = this.events[this.events.length - 1].every;
    const cadence = every ? h("p", { class: "view-note", "data-testid": "histogram-every" }, t("hist_every", { n: every })) : "";
    box.replaceChildren(h("div", { class: "view-controls" }, select, modes), cadence, ...withNumbers(chart, {
      t, testid: "histogram-chart", caption: `${t("view_histograms")}: ${this.item}`, headers: [t("axis_epoch"), "0%", "7%", "16%", "31%", "50%", "69%", "84%", "93%", "100%"],
      rows: () => series.map((s) => [String(s.epoch), ...s.quantiles.map((q) => formatNumber(q))]),
    }));
    if (this.mode === "distribution") {
      // bands between the quantiles 0–100, 7–93, 16–84, 31–69, and the median
      const x = series.map((s) => s.epoch);
      const q = (k) => series.map((s) => s.quantiles[k]);
      const traces = [];
      [[0, 8], [1, 7], [2, 6], [3, 5]].forEach(([lo, hi], band) => {
        traces.push({ x, y: q(lo), mode: "lines", line: { width: 0 }, showlegend: false, hoverinfo: "skip" });
        traces.push({ x, y: q(hi), mode: "lines", line: { width: 0 }, fill: "tonexty", fillcolor: `rgba(194,65,12,${0.12 + band * 0.12})`, name: `${[0, 7, 16, 31][band]}–${[100, 93, 84, 69][band]}%` });
      });
      traces.push({ x, y: q(4), mode: "lines", line: { color: "#c2410c", width: 2 }, name: t("hist_median") });
      return react(chart, traces, { ...LAYOUT, xaxis: { title: { text: t("axis_epoch") }, dtick: 1 } });
    }
    const max = Math.max(...series.flatMap((s) => s.buckets.map((b) => b[2])), 1);
    const traces = series.map((s, k) => {
      const x = s.buckets.map((b) => (b[0] + b[1]) / 2);
      const shade = Math.round(80 + (k / Math.max(1, series.length - 1)) * 140);
      const color = `rgb(${shade}, ${Math.round(shade / 3)}, 20)`;
      const offset = this.mode === "offset" ? (series.length - 1 - k) * max * 0.35 : 0;
      return { x, y: s.buckets.map((b) => b[2] + offset), base: this.mode === "offset" ? offset : undefined, mode: "lines", name: `${t("axis_epoch")} ${s.epoch}`, line: { color, width: 1.5 }, showlegend: false, hovertemplate: `${t("axis_epoch")} ${s.epoch}: %{x:.3g}<extra></extra>` };
    });
    // newest in front: Plotly draws later traces on top
    return react(chart, traces, { ...LAYOUT, yaxis: { showticklabels: this.mode !== "offset" }, xaxis: { title: { text: t("hist_value") } } });
  }
}
