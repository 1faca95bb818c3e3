// The runs of this browser: a list to overlay on the curves, and the settings
// in which the ticked runs differ.

import { api } from "../../api.js";
import { h } from "../../util.js";

const RUNS_KEY = "kp.runs";

export function rememberRun(id) {
  const runs = JSON.parse(localStorage.getItem(RUNS_KEY) ?? "[]").filter((r) => r !== id);
  localStorage.setItem(RUNS_KEY, JSON.stringify([id, ...runs].slice(0, 50)));
}

// Runs another part of the page asks to compare (the random-search widget's trials):
// listed, and ticked for the overlay and the settings table when the view is next drawn.
const wanted = new Set();

export function compareRuns(ids) {
  for (const id of [...ids].reverse()) rememberRun(id);
  for (const id of ids) wanted.add(id);
}

function flatten(obj, prefix = "", out = {}) {
  if (obj && typeof obj === "object" && !Array.isArray(obj)) {
    for (const [k, v] of Object.entries(obj)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out[prefix] = JSON.stringify(obj);
  return out;
}

export class Runs {
  constructor(panel, { t, lang, charts, datasetTitle }) {
    this.panel = panel;
    this.t = t;
    this.lang = lang;
    this.charts = charts;
    this.datasetTitle = datasetTitle;
    this.chosen = new Set();
    this.current = null;
  }

  summary(run) {
    const { t } = this;
    const m = run.spec.model;
    const layers = m.kind === "functional" ? m.nodes.length : m.layers.length;
    return [this.datasetTitle(run.spec.dataset?.name), m.kind === "functional" ? t("functional_api") : "Sequential", t.plural("runs_layers", layers), t.plural("runs_epochs", run.spec.fit.epochs)].join(" · ");
  }

  best(run) {
    const key = run.epochs.some((e) => e.logs.val_loss !== undefined) ? "val_loss" : "loss";
    const values = run.epochs.map((e) => e.logs[key]).filter((v) => v !== null && v !== undefined);
    return values.length ? `${key} ${Math.min(...values).toFixed(4)}` : "—";
  }

  async draw() {
    const { t } = this;
    const ids = JSON.parse(localStorage.getItem(RUNS_KEY) ?? "[]");
    if (!ids.length) {
      this.panel.replaceChildren(h("p", { class: "empty" }, t("view_runs_empty")));
      return;
    }
    const runs = (await Promise.all(ids.map((id) => api.get(`/api/runs/${id}`).catch(() => null)))).filter(Boolean);
    const asked = runs.filter((run) => wanted.has(run.id));
    wanted.clear();
    for (const run of asked) this.chosen.add(run.id);
    const rows = runs.map((run) => {
      const box = h("input", { type: "checkbox", "aria-label": `${t("runs_overlay")} ${run.id.slice(0, 8)}`, "data-testid": `run-overlay-${run.id}` });
      box.checked = this.chosen.has(run.id);
      box.addEventListener("change", () => {
        if (box.checked) this.chosen.add(run.id); else this.chosen.delete(run.id);
        this.applyOverlays(runs);
        this.drawDiff(runs);
      });
      return h("tr", { "data-run": run.id }, h("td", {}, box), h("td", {}, h("code", {}, run.id.slice(0, 8)), run.id === this.current ? ` (${t("runs_current")})` : ""),
        h("td", {}, t(`status_${run.status}`)), h("td", {}, new Date(run.created_at).toLocaleString(this.lang === "zh" ? "zh-CN" : "en-US")),
        h("td", {}, this.summary(run)), h("td", {}, this.best(run)));
    });
    this.diffBox = h("div", { "data-testid": "runs-diff" });
    this.panel.replaceChildren(h("p", { class: "help" }, t("runs_intro")),
      h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("view_runs") },
        h("table", { class: "summary runs", "data-testid": "runs-table" }, h("thead", {}, h("tr", {}, [t("runs_overlay_col"), "id", t("runs_status"), t("runs_started"), t("runs_what"), t("runs_best")].map((x) => h("th", { scope: "col" }, x)))), h("tbody", {}, rows))),
      this.diffBox);
    this.drawDiff(runs);
    if (asked.length) this.applyOverlays(runs);
  }

  applyOverlays(runs) {
    this.charts.setOverlays(runs.filter((r) => this.chosen.has(r.id) && r.id !== this.current).map((run) => {
      const logs = {};
      run.epochs.forEach((e, i) => { for (const [k, v] of Object.entries(e.logs)) (logs[k] ??= new Array(run.epochs.length).fill(null))[i] = v; });
      return { label: run.id.slice(0, 6), epochs: run.epochs.map((e) => e.epoch + 1), logs };
    }));
  }

  drawDiff(runs) {
    const { t } = this;
    const chosen = runs.filter((r) => this.chosen.has(r.id));
    if (chosen.length < 2) {
      this.diffBox.replaceChildren(chosen.length ? h("p", { class: "help" }, t("runs_pick_two")) : "");
      return;
    }
    const flat = chosen.map((r) => flatten(r.spec));
    const keys = [...new Set(flat.flatMap((f) => Object.keys(f)))].filter((k) => new Set(flat.map((f) => f[k])).size > 1).sort();
    this.diffBox.replaceChildren(h("h4", {}, t("runs_diff")), keys.length
      ? h("table", { class: "summary diff" }, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("runs_setting")), ...chosen.map((r) => h("th", { scope: "col" }, r.id.slice(0, 8))))),
        h("tbody", {}, keys.map((k) => h("tr", {}, h("th", { scope: "row" }, h("code", {}, k)), ...flat.map((f) => h("td", { class: "shape" }, f[k] ?? "—"))))))
      : h("p", {}, t("runs_same")));
  }
}
