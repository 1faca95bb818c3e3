// What TensorBoard would show for the run beside its curves: weight and
// activation histograms, what the model learned, its graph, the runs of this
// browser side by side, and the run's files. Fed by the run's events.

import { h } from "./util.js";

const RUNS_KEY = "kp.runs";

export function rememberRun(id) {
  const runs = JSON.parse(localStorage.getItem(RUNS_KEY) ?? "[]").filter((r) => r !== id);
  localStorage.setItem(RUNS_KEY, JSON.stringify([id, ...runs].slice(0, 50)));
}

function plot(div, traces, layout) {
  const base = { margin: { l: 48, r: 12, t: 30, b: 40 }, height: 320, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)" };
  window.Plotly.react(div, traces, { ...base, ...layout }, { displaylogo: false, responsive: true });
}

function flatten(obj, prefix = "", out = {}) {
  if (obj && typeof obj === "object" && !Array.isArray(obj)) {
    for (const [k, v] of Object.entries(obj)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out[prefix] = JSON.stringify(obj);
  return out;
}

export class RunViews {
  constructor(root, { t, lang, charts, spec }) {
    this.root = root;
    this.t = t;
    this.lang = lang;
    this.charts = charts;
    this.spec = spec;
    this.tabs = [...root.querySelectorAll("[role=tab]")];
    for (const tab of this.tabs) tab.addEventListener("click", () => this.select(tab.dataset.view));
    root.querySelector("[role=tablist]").addEventListener("keydown", (e) => {
      const i = this.tabs.indexOf(document.activeElement);
      if (i < 0 || !["ArrowLeft", "ArrowRight"].includes(e.key)) return;
      const next = this.tabs[(i + (e.key === "ArrowRight" ? 1 : this.tabs.length - 1)) % this.tabs.length];
      next.focus();
      this.select(next.dataset.view);
    });
    this.panel = (name) => root.querySelector(`[data-view-panel="${name}"]`);
    this.histMode = "offset";
    this.reset();
    this.wireScalars();
  }

  reset() {
    this.histograms = [];
    this.learned = {};
    this.runId = null;
    this.status = null;
    for (const name of ["histograms", "learned", "files"]) this.panel(name).replaceChildren(h("p", { class: "empty" }, this.t(`view_${name}_empty`)));
  }

  select(name) {
    for (const tab of this.tabs) {
      const on = tab.dataset.view === name;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      this.panel(tab.dataset.view).hidden = !on;
    }
    if (name === "histograms") this.drawHistograms();
    if (name === "learned") this.drawLearned();
    if (name === "graph") this.drawGraph();
    if (name === "runs") this.drawRuns();
    if (name === "files") this.drawFiles();
  }

  current() {
    return this.tabs.find((tab) => tab.getAttribute("aria-selected") === "true")?.dataset.view;
  }

  // -- scalars: smoothing and log scale -----------------------------------------------------------

  wireScalars() {
    const slider = this.root.querySelector("[data-slot=smoothing]");
    const value = this.root.querySelector("[data-slot=smoothing-value]");
    slider.addEventListener("input", () => {
      value.textContent = Number(slider.value).toFixed(3);
      this.charts.setOptions({ smoothing: Number(slider.value) });
    });
    this.root.querySelector("[data-slot=log-scale]").addEventListener("change", (e) => this.charts.setOptions({ logScale: e.target.checked }));
  }

  // -- events ----------------------------------------------------------------------------------

  follow(runId) {
    this.reset();
    this.runId = runId;
    rememberRun(runId);
  }

  handle(event) {
    if (event.type === "histograms") {
      this.histograms.push(event);
      if (this.current() === "histograms") this.drawHistograms();
    } else if (["points", "boundary", "confusion", "samples", "regression"].includes(event.type)) {
      if (event.type === "samples" && event.images) this.learned.sampleImages = event;
      else if (event.type === "samples") this.learned.samplePreds = event;
      else this.learned[event.type] = event;
      if (this.current() === "learned") this.drawLearned();
    } else if (event.type === "status") {
      this.status = event.status;
      if (event.status === "succeeded" && event.detail?.startsWith("stopped early")) this.charts.markStoppedEarly();
      if (this.current() === "files") this.drawFiles();
    }
  }

  // -- histograms (TensorBoard's offset and overlay modes, and its distributions) ---------------

  drawHistograms() {
    const box = this.panel("histograms");
    if (!this.histograms.length) {
      box.replaceChildren(h("p", { class: "empty" }, this.t("view_histograms_empty")));
      return;
    }
    const names = this.histograms[this.histograms.length - 1].items.map((i) => `${i.kind}: ${i.name}`);
    this.histItem = names.includes(this.histItem) ? this.histItem : names[0];
    const select = h("select", { "aria-label": this.t("hist_tensor") }, names.map((n) => h("option", { value: n }, n)));
    select.value = this.histItem;
    select.addEventListener("change", () => { this.histItem = select.value; this.drawHistograms(); });
    const modes = h("span", { class: "modes", role: "radiogroup", "aria-label": this.t("hist_mode") }, ["offset", "overlay", "distribution"].map((mode) => {
      const button = h("button", { type: "button", role: "radio", "aria-checked": String(this.histMode === mode) }, this.t(`hist_${mode}`));
      button.addEventListener("click", () => { this.histMode = mode; this.drawHistograms(); });
      return button;
    }));
    const chart = h("div", { class: "chart", "data-testid": "histogram-chart" });
    box.replaceChildren(h("div", { class: "view-controls" }, select, modes), chart);
    const series = this.histograms.map((e) => ({ epoch: e.epoch + 1, ...e.items.find((i) => `${i.kind}: ${i.name}` === this.histItem) })).filter((s) => s.buckets);
    if (this.histMode === "distribution") {
      // bands between the quantiles 0–100, 7–93, 16–84, 31–69, and the median
      const x = series.map((s) => s.epoch);
      const q = (k) => series.map((s) => s.quantiles[k]);
      const traces = [];
      [[0, 8], [1, 7], [2, 6], [3, 5]].forEach(([lo, hi], band) => {
        traces.push({ x, y: q(lo), mode: "lines", line: { width: 0 }, showlegend: false, hoverinfo: "skip" });
        traces.push({ x, y: q(hi), mode: "lines", line: { width: 0 }, fill: "tonexty", fillcolor: `rgba(217,72,15,${0.12 + band * 0.12})`, name: `${[0, 7, 16, 31][band]}–${[100, 93, 84, 69][band]}%` });
      });
      traces.push({ x, y: q(4), mode: "lines", line: { color: "#d9480f", width: 2 }, name: this.t("hist_median") });
      plot(chart, traces, { xaxis: { title: { text: this.t("axis_epoch") } } });
      return;
    }
    const max = Math.max(...series.flatMap((s) => s.buckets.map((b) => b[2])), 1);
    const traces = series.map((s, k) => {
      const x = s.buckets.map((b) => (b[0] + b[1]) / 2);
      const shade = Math.round(80 + (k / Math.max(1, series.length - 1)) * 140);
      const color = `rgb(${shade}, ${Math.round(shade / 3)}, 20)`;
      const offset = this.histMode === "offset" ? (series.length - 1 - k) * max * 0.35 : 0;
      return { x, y: s.buckets.map((b) => b[2] + offset), base: this.histMode === "offset" ? offset : undefined, mode: "lines", name: `${this.t("axis_epoch")} ${s.epoch}`, line: { color, width: 1.5 }, fill: this.histMode === "offset" ? "none" : undefined, showlegend: false, hovertemplate: `${this.t("axis_epoch")} ${s.epoch}: %{x:.3g}<extra></extra>` };
    });
    // newest in front: Plotly draws later traces on top
    plot(chart, traces, { yaxis: { showticklabels: this.histMode !== "offset" }, xaxis: { title: { text: this.t("hist_value") } } });
  }

  // -- what the model learned ----------------------------------------------------------------------

  drawLearned() {
    const box = this.panel("learned");
    const parts = [];
    const L = this.learned;
    if (L.boundary) {
      const chart = h("div", { class: "chart", "data-testid": "boundary-chart" });
      parts.push(h("h4", {}, this.t("learned_boundary", { epoch: L.boundary.epoch + 1 })), chart);
      const traces = [{ type: "heatmap", x: L.boundary.x, y: L.boundary.y, z: L.boundary.z, colorscale: [[0, "#a5d8ff"], [0.5, "#ffffff"], [1, "#ffc9c9"]], showscale: false, zmin: 0, zmax: Math.max(1, L.boundary.classes - 1), hoverinfo: "skip" }];
      if (L.points) {
        const labels = [...new Set(L.points.label)].sort();
        for (const label of labels) {
          const idx = L.points.label.map((l, i) => (l === label ? i : -1)).filter((i) => i >= 0);
          traces.push({ type: "scatter", mode: "markers", name: `${this.t("learned_class")} ${label}`, x: idx.map((i) => L.points.x[i]), y: idx.map((i) => L.points.y[i]), marker: { size: 5, color: ["#1c7ed6", "#e03131", "#2b8a3e", "#f08c00", "#ae3ec9", "#0c8599", "#5c940d", "#862e9c"][label % 8], line: { width: 0.5, color: "#fff" } } });
        }
      }
      requestAnimationFrame(() => plot(chart, traces, { height: 340, yaxis: { scaleanchor: "x" } }));
    }
    if (L.confusion) {
      const m = L.confusion.matrix;
      const labels = m.map((_, i) => String(i));
      const chart = h("div", { class: "chart", "data-testid": "confusion-chart" });
      parts.push(h("h4", {}, this.t("learned_confusion", { epoch: L.confusion.epoch + 1 })), chart);
      requestAnimationFrame(() => plot(chart, [{ type: "heatmap", x: labels, y: labels, z: m, colorscale: "Oranges", showscale: false, hovertemplate: `${this.t("learned_true")} %{y}, ${this.t("learned_pred")} %{x}: %{z}<extra></extra>` }],
        { height: 260 + 8 * labels.length, xaxis: { title: { text: this.t("learned_pred") }, side: "top" }, yaxis: { title: { text: this.t("learned_true") }, autorange: "reversed" },
          annotations: m.flatMap((row, i) => row.map((v, j) => ({ x: labels[j], y: labels[i], text: String(v), showarrow: false, font: { size: 11 } }))) }));
    }
    if (L.sampleImages) {
      const preds = L.samplePreds?.pred ?? [];
      parts.push(h("h4", {}, this.t("learned_samples")), h("div", { class: "samples", "data-testid": "sample-grid" }, L.sampleImages.images.map((src, i) => {
        const truth = L.sampleImages.true[i];
        const guess = preds[i];
        return h("figure", { class: guess === undefined ? "" : guess === truth ? "right" : "wrong" }, h("img", { src, alt: `${this.t("learned_true")} ${truth}` }),
          h("figcaption", {}, `${this.t("learned_true")} ${truth}`, guess === undefined ? "" : ` · ${this.t("learned_pred")} ${guess}`));
      })));
    }
    if (L.regression) {
      const chart = h("div", { class: "chart", "data-testid": "regression-chart" });
      const r = L.regression;
      const all = [...r.true, ...r.pred].filter(Number.isFinite);
      const lo = Math.min(...all);
      const hi = Math.max(...all);
      parts.push(h("h4", {}, this.t("learned_regression", { epoch: r.epoch + 1 })), chart);
      requestAnimationFrame(() => plot(chart, [
        { type: "scatter", mode: "markers", x: r.true, y: r.pred, name: this.t("learned_points"), marker: { size: 5, color: "#d9480f" } },
        { type: "scatter", mode: "lines", x: [lo, hi], y: [lo, hi], name: this.t("learned_perfect"), line: { color: "#868e96", dash: "dash" } },
      ], { xaxis: { title: { text: this.t("learned_true") } }, yaxis: { title: { text: this.t("learned_pred") } } }));
    }
    box.replaceChildren(...(parts.length ? parts : [h("p", { class: "empty" }, this.t("view_learned_empty"))]));
  }

  // -- the graph, drawn by Keras ---------------------------------------------------------------------

  async drawGraph() {
    const box = this.panel("graph");
    box.replaceChildren(h("p", { class: "busy" }, this.t("summary_loading")));
    const response = await fetch(`/api/explore/plot?lang=${this.lang}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ spec: this.spec(), show_shapes: true, show_layer_activations: true }) });
    const data = await response.json();
    if (!response.ok) {
      box.replaceChildren(h("p", { class: "field-error" }, Array.isArray(data.detail) ? data.detail.map((d) => d.msg).join(" · ") : String(data.detail)));
      return;
    }
    const drawing = h("div", { class: "wgraph", "data-testid": "run-graph" });
    drawing.innerHTML = data.svg; // Graphviz's SVG of names the app validated, from our own server
    box.replaceChildren(h("p", { class: "help" }, this.t("graph_by_keras")), drawing);
  }

  // -- the runs of this browser ------------------------------------------------------------------

  async drawRuns() {
    const box = this.panel("runs");
    const ids = JSON.parse(localStorage.getItem(RUNS_KEY) ?? "[]");
    if (!ids.length) {
      box.replaceChildren(h("p", { class: "empty" }, this.t("view_runs_empty")));
      return;
    }
    const runs = (await Promise.all(ids.map((id) => fetch(`/api/runs/${id}`).then((r) => (r.ok ? r.json() : null))))).filter(Boolean);
    this.chosen ??= new Set();
    const summary = (run) => {
      const m = run.spec.model;
      const layers = m.kind === "functional" ? m.nodes.length : m.layers.length;
      return `${run.spec.dataset?.name ?? "?"} · ${m.kind} · ${layers} ${this.t("runs_layers")} · ${run.spec.fit.epochs} ${this.t("runs_epochs")}`;
    };
    const best = (run) => {
      const key = run.epochs.some((e) => e.logs.val_loss !== undefined) ? "val_loss" : "loss";
      const values = run.epochs.map((e) => e.logs[key]).filter((v) => v !== null && v !== undefined);
      return values.length ? `${key} ${Math.min(...values).toFixed(4)}` : "—";
    };
    const rows = runs.map((run) => {
      const box = h("input", { type: "checkbox", "aria-label": `${this.t("runs_overlay")} ${run.id}` });
      box.checked = this.chosen.has(run.id);
      box.addEventListener("change", () => {
        if (box.checked) this.chosen.add(run.id); else this.chosen.delete(run.id);
        this.applyOverlays(runs);
        this.drawDiff(runs);
      });
      return h("tr", { "data-run": run.id }, h("td", {}, box), h("td", {}, h("code", {}, run.id.slice(0, 8)), run.id === this.runId ? ` (${this.t("runs_current")})` : ""),
        h("td", {}, this.t(`status_${run.status}`)), h("td", {}, new Date(run.created_at).toLocaleString(this.lang === "zh" ? "zh-CN" : "en-US")),
        h("td", {}, summary(run)), h("td", {}, best(run)));
    });
    this.diffBox = h("div", { "data-testid": "runs-diff" });
    box.replaceChildren(h("p", { class: "help" }, this.t("runs_intro")),
      h("table", { class: "summary", "data-testid": "runs-table" }, h("thead", {}, h("tr", {}, ["", "id", this.t("runs_status"), this.t("runs_started"), this.t("runs_what"), this.t("runs_best")].map((x) => h("th", {}, x)))), h("tbody", {}, rows)),
      this.diffBox);
    this.drawDiff(runs);
  }

  applyOverlays(runs) {
    this.charts.setOverlays(runs.filter((r) => this.chosen.has(r.id) && r.id !== this.runId).map((run) => {
      const logs = {};
      run.epochs.forEach((e, i) => { for (const [k, v] of Object.entries(e.logs)) (logs[k] ??= new Array(run.epochs.length).fill(null))[i] = v; });
      return { label: run.id.slice(0, 6), epochs: run.epochs.map((e) => e.epoch + 1), logs };
    }));
  }

  drawDiff(runs) {
    const chosen = runs.filter((r) => this.chosen.has(r.id));
    if (chosen.length < 2) {
      this.diffBox.replaceChildren(chosen.length ? h("p", { class: "help" }, this.t("runs_pick_two")) : "");
      return;
    }
    const flat = chosen.map((r) => flatten(r.spec));
    const keys = [...new Set(flat.flatMap((f) => Object.keys(f)))].filter((k) => new Set(flat.map((f) => f[k])).size > 1).sort();
    this.diffBox.replaceChildren(h("h4", {}, this.t("runs_diff")), keys.length
      ? h("table", { class: "summary" }, h("thead", {}, h("tr", {}, h("th", {}, this.t("runs_setting")), ...chosen.map((r) => h("th", {}, r.id.slice(0, 8))))),
        h("tbody", {}, keys.map((k) => h("tr", {}, h("td", {}, h("code", {}, k)), ...flat.map((f) => h("td", { class: "shape" }, f[k] ?? "—"))))))
      : h("p", {}, this.t("runs_same")));
  }

  // -- the run's files, and training further ------------------------------------------------------------

  drawFiles() {
    const box = this.panel("files");
    if (!this.runId || this.status !== "succeeded") {
      box.replaceChildren(h("p", { class: "empty" }, this.t("view_files_empty")));
      return;
    }
    const link = (file, label) => h("li", {}, h("a", { href: `/api/runs/${this.runId}/${file}`, download: "" }, label));
    const epochs = h("input", { type: "number", min: 1, max: 1000, value: "10", id: "continue-epochs" });
    const rate = h("input", { type: "number", min: 0, step: "any", placeholder: this.t("continue_same_optimizer"), id: "continue-lr" });
    const error = h("p", { class: "field-error", role: "alert", hidden: true });
    const button = h("button", { type: "button", "data-testid": "continue-button" }, this.t("continue_button"));
    button.addEventListener("click", async () => {
      const body = { epochs: Number(epochs.value) };
      if (rate.value) body.optimizer = { class_name: "Adam", config: { learning_rate: Number(rate.value) } };
      const response = await fetch(`/api/runs/${this.runId}/continue?lang=${this.lang}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const data = await response.json();
      if (!response.ok) {
        error.textContent = Array.isArray(data.detail) ? data.detail.map((d) => d.msg).join(" · ") : String(data.detail);
        error.hidden = false;
        return;
      }
      this.root.dispatchEvent(new CustomEvent("kp:follow", { detail: { id: data.id, parent: this.runId, epochs: body.epochs } }));
    });
    box.replaceChildren(
      h("ul", { class: "files", "data-testid": "run-files" }, link("model.keras", this.t("file_model")), link("history.csv", this.t("file_history")), link("tensorboard.zip", this.t("file_tensorboard"))),
      h("h4", {}, this.t("continue_heading")),
      h("div", { class: "fields" },
        h("div", { class: "field" }, h("label", { for: "continue-epochs" }, this.t("continue_epochs")), epochs),
        h("div", { class: "field" }, h("label", { for: "continue-lr" }, this.t("continue_lr")), rate)),
      button, error);
  }
}
