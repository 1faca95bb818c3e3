// The playground: a form generated from the catalog, a live Keras summary,
// the model as code, and a real training run streamed over a websocket.
// This module only assembles: each panel is a module of playground/, they
// share the spec through one store (playground/state.js) and talk to the
// server through one client (api.js).

import { api, configure } from "./api.js";
import { Charts } from "./playground/charts.js";
import { CodePanel } from "./playground/code.js";
import { renderCompile } from "./playground/compile.js";
import { renderDataset } from "./playground/dataset.js";
import { renderFit } from "./playground/fit.js";
import { renderFunctional } from "./playground/functional.js";
import { wireLayout } from "./playground/layout.js";
import { Problems } from "./playground/problems.js";
import { Runner } from "./playground/runner.js";
import { renderSequential, toFunctional, toSequential } from "./playground/sequential.js";
import { renderSubclass } from "./playground/subclass.js";
import { live, spec as store } from "./playground/state.js";
import { Summary } from "./playground/summary.js";
import { RunViews } from "./playground/views.js";
import { clone, makeT, readFragment, writeFragment } from "./util.js";

const boot = JSON.parse(document.getElementById("kp-boot").textContent);
const root = document.getElementById("playground");
const { lang } = boot;
configure({ lang });
const t = makeT(boot.strings, lang);
const slot = (name) => root.querySelector(`[data-slot="${name}"]`);
// Enter in a field must not submit (and reload) the page: Train is a button of its own.
root.querySelector(".pg-form").addEventListener("submit", (event) => event.preventDefault());
const byName = (entries) => Object.fromEntries(entries.map((e) => [e.class_name ?? e.name, e]));

const catalog = await api.get(boot.catalog_url);
const registries = Object.fromEntries(["layers", "optimizers", "losses", "metrics", "callbacks", "cells", "schedules", "epoch_schedules", "models"].map((k) => [k, byName(catalog[k])]));
const datasets = byName(catalog.datasets);

function normalize(s) {
  s.dataset ??= { name: catalog.datasets[0].name, options: {} };
  s.dataset.options ??= {};
  s.model.kind ??= "sequential";
  s.compile ??= { optimizer: "rmsprop", loss: "binary_crossentropy", metrics: [] };
  s.compile.metrics ??= [];
  s.fit ??= {};
  s.callbacks ??= [];
  return s;
}

const fragment = await readFragment();
const hidden = fragment.hide;
// An assignment (classroom mode, ?assignment=ID) starts from its spec, keeps its locked fields
// and goes back to its spec on reset; a run sent from here answers it.
const assignmentId = new URLSearchParams(location.search).get("assignment");
const assignment = assignmentId ? await api.get(`/api/assignments/${encodeURIComponent(assignmentId)}`).catch(() => null) : null;
// A teacher's link that hides controls resets to its own model, not the lesson's.
const base = assignment ? assignment.spec : hidden.length ? (fragment.base ?? fragment.spec) : null;
const resetTo = () => normalize(clone(base ?? boot.preset));
let runId = fragment.run;
const saveAddress = () => writeFragment({ spec: store.get(), run: runId, hide: hidden, base });

const ctx = {
  lang, t, catalog, registries, datasets,
  // layers called on several tensors: merge layers (a list) and attention (query, value, key)
  multi: new Set(catalog.layers.filter((e) => e.inputs[1] !== 1).map((e) => e.class_name)),
  merge: new Set(catalog.layers.filter((e) => e.call === "list").map((e) => e.class_name)),
  changed: (info) => store.changed(info),
};

// -- panels ------------------------------------------------------------------------------------------

const problems = new Problems(root, { list: slot("summary-errors"), table: root.querySelector("[data-testid=summary-table]"), t, ctx });
const summary = new Summary(root, { t, lang, spec: store.get, problems });
const code = new CodePanel(root, { t, spec: store.get, onImport: (model) => { store.get().model = model; store.changed({ rerender: true, focus: "import-json" }); } });
const charts = new Charts({ loss: root.querySelector("#chart-loss"), metrics: root.querySelector("#chart-metrics"), lr: root.querySelector("#chart-lr"), empty: slot("chart-empty"), t });
const views = new RunViews(slot("views"), {
  t, lang, charts, spec: store.get, registries,
  datasetTitle: (name) => datasets[name]?.title[lang] ?? name,
  onFollow: async (id, epochs) => {
    runner.follow(id, epochs, await api.get(`/api/runs/${id}`));
    runner.setStatus("queued");
    views.select("scalars");
  },
});
const runner = new Runner(root, {
  t, charts, views, problems, spec: store.get,
  extra: () => ({ lesson: boot.slug, ...(assignment ? { assignment: assignment.id } : {}) }),
  onRun: (id) => { runId = id; live.runId = id; saveAddress(); },
});
live.charts = charts;

function applyHidden() {
  // A teacher's link can hide controls: #...&hide=optimizer,layers
  for (const el of root.querySelectorAll("[data-hide]")) el.hidden = hidden.includes(el.dataset.hide);
  const reset = root.querySelector("[data-action=reset]");
  reset.textContent = t(base ? "reset_link" : "reset_preset");
}

// The controls a locked spec path covers: its fields, and for a list of layers or nodes the
// buttons that add, move, remove or change them.
const LOCK_EXTRA = {
  "model": ["[data-action=kind]", "[data-testid^=layer-]", "[data-testid^=add-layer]", "[data-testid^=node-]", "[data-testid^=add-node]"],
  "model.layers": ["[data-testid^=layer-]", "[data-testid^=add-layer]"],
  "model.nodes": ["[data-testid^=node-]", "[data-testid^=add-node]"],
};

function applyLocked() {
  if (!assignment) return;
  for (const path of assignment.locked) {
    const selectors = [`[data-testid="field-${CSS.escape(path)}"]`, `[data-testid^="field-${CSS.escape(path)}."]`, ...(LOCK_EXTRA[path] ?? [])];
    for (const el of root.querySelectorAll(selectors.join(","))) {
      el.disabled = true;
      el.classList.add("locked");
      el.title = t("locked_field");
    }
  }
}

function showAssignment() {
  if (!assignment) return;
  const op = assignment.goal.mode === "max" ? "≥" : "≤";
  const banner = document.createElement("p");
  banner.className = "assignment-banner";
  banner.dataset.testid = "assignment-banner";
  banner.textContent = `${t("assignment_banner", { title: assignment.title })} · ${t("goal_text", { metric: assignment.goal.metric, op, target: assignment.goal.target })}`;
  root.prepend(banner);
}

function render(focus = null) {
  // Every panel from the spec; focus goes back where it was (or where the action says).
  const active = document.activeElement;
  const key = focus ?? (root.contains(active) ? active.dataset.testid : null);
  const spec = store.get();
  renderDataset(slot("dataset"), spec, ctx);
  for (const button of root.querySelectorAll("[data-action=kind]")) button.setAttribute("aria-pressed", String(button.dataset.kind === spec.model.kind));
  if (spec.model.kind === "functional") renderFunctional(slot("model"), spec, ctx);
  else renderSequential(slot("model"), spec, ctx);
  renderSubclass(slot("model-class"), spec, ctx);
  renderCompile(slot("compile"), spec, ctx);
  renderFit(slot("fit"), slot("callbacks"), spec, ctx);
  applyHidden();
  applyLocked();
  const target = key && root.querySelector(`[data-testid="${CSS.escape(key)}"]`);
  if (target && !target.disabled) {
    target.focus({ preventScroll: true });
    if (focus) target.scrollIntoView({ block: "nearest" });
  }
}

store.subscribe((spec, info) => {
  saveAddress();
  if (info.rerender) render(info.focus);
  if (info.inspect !== false) summary.schedule();
  code.changed();
});

function switchKind(kind) {
  const error = slot("kind-error");
  error.hidden = true;
  const spec = store.get();
  if (kind === spec.model.kind) return;
  const { subclass, dtype_policy: policy } = spec.model;  // the model class and dtype policy go with the layers
  if (kind === "functional") {
    spec.model = toFunctional(spec.model);
  } else {
    const chain = toSequential(spec.model);
    if (!chain) {
      error.textContent = t("not_a_chain");
      error.hidden = false;
      return;
    }
    spec.model = chain;
  }
  if (subclass) spec.model.subclass = subclass;
  if (policy) spec.model.dtype_policy = policy;
  store.changed({ rerender: true, focus: `kind-${kind}` });
}

root.addEventListener("click", (e) => {
  const button = e.target.closest("[data-action]");
  const action = button?.dataset.action;
  if (action === "train") runner.train();
  else if (action === "cancel") runner.cancel();
  else if (action === "kind") switchKind(button.dataset.kind);
  else if (action === "copy-code") code.copy();
  else if (action === "import-json") code.importJson();
  else if (action === "reset") store.replace(resetTo(), { focus: "reset-button" });
});

// A link pasted into this tab changes only the fragment: load it as a fresh page.
window.addEventListener("hashchange", () => { if (new URLSearchParams(location.hash.slice(1)).has("spec")) location.reload(); });

showAssignment();
// A link to a run (#run=ID, from the dashboard or a run's page) shows that run's model.
const linked = fragment.run && !fragment.spec ? await api.get(`/api/runs/${fragment.run}`).catch(() => null) : null;
const { resume: _resume, ...linkedSpec } = linked?.spec ?? {};
store.replace(normalize(clone(fragment.spec ?? (linked ? linkedSpec : null) ?? base ?? boot.preset)), { inspect: false });
wireLayout(root, { views });
summary.now();
if (runId) {
  // the replay sets the status and redraws the charts
  api.get(`/api/runs/${runId}`).then((run) => runner.follow(runId, run.spec.fit.epochs, run)).catch(() => {});
}
root.dataset.ready = "true";
