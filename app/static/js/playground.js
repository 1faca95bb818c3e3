// The playground: a form generated from the catalog, a live Keras summary,
// the model as code, and a real training run streamed over a websocket.

import { Charts } from "./charts.js";
import { outputNames, renderCompile } from "./compile.js";
import { field, fieldGroup, suggested } from "./fields.js";
import { renderFunctional } from "./functional.js";
import { RunWatcher } from "./run.js";
import { RunViews } from "./views.js";
import { renderSequential, toFunctional, toSequential } from "./sequential.js";
import { clone, debounce, h, makeT, readFragment, writeFragment } from "./util.js";

const boot = JSON.parse(document.getElementById("kp-boot").textContent);
const root = document.getElementById("playground");
const { lang } = boot;
const t = makeT(boot.strings);
const slot = (name) => root.querySelector(`[data-slot="${name}"]`);
const byName = (entries) => Object.fromEntries(entries.map((e) => [e.class_name ?? e.name, e]));

const catalog = await (await fetch(boot.catalog_url)).json();
const registries = Object.fromEntries(["layers", "optimizers", "losses", "metrics", "callbacks", "cells", "schedules", "epoch_schedules"].map((k) => [k, byName(catalog[k])]));
const DATASETS = byName(catalog.datasets);
const MERGE = new Set(catalog.layers.filter((e) => e.group === "merge").map((e) => e.class_name));

const fromFragment = await readFragment();
let spec = normalize(fromFragment.spec ?? clone(boot.preset));
let runId = fromFragment.run;
const hidden = fromFragment.hide;

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

// -- rendering -------------------------------------------------------------------------------------

const ctx = { lang, t, catalog, registries, merge: MERGE, changed };

function changed({ rerender = false, inspect = true } = {}) {
  writeFragment({ spec, run: runId, hide: hidden });
  if (rerender) render();
  if (inspect) scheduleInspect();
  codeStale = true;
  if (slot("code-panel").open) scheduleCode();
}

function renderDataset() {
  const current = DATASETS[spec.dataset.name];
  const select = h("select", { id: "pg-dataset", "data-loc": "dataset.name" });
  for (const d of catalog.datasets) select.append(h("option", { value: d.name }, d.title[lang]));
  select.value = spec.dataset.name;
  select.addEventListener("change", () => {
    const next = DATASETS[select.value];
    spec.dataset = { name: next.name, options: {} };
    if (next.name !== "upload") fitModelToData(next);
    changed({ rerender: true });
  });
  const chooser = h("div", { class: "field" }, h("label", { for: "pg-dataset" }, t("dataset_name")), select,
    h("small", { class: "help" }, current ? current.description[lang] : ""),
    h("p", { class: "field-error", "data-error-for": "dataset.name", hidden: true }));
  if (current?.name === "upload") {
    slot("dataset").replaceChildren(chooser, uploadPanel());
    return;
  }
  const note = current?.source === "keras" ? h("p", { class: "help" }, t("keras_dataset_note", { stand_in: current.stand_in })) : "";
  slot("dataset").replaceChildren(chooser, note,
    current ? fieldGroup(current.options, spec.dataset.options, { ...ctx, loc: "dataset.options", onChange: (name, v) => { spec.dataset.options[name] = v; changed(); } }) : "");
}

const uploadCache = {};

function uploadPanel() {
  // Your own CSV: upload it, look at it, pick the features and the target.
  const options = spec.dataset.options;
  const box = h("div", { class: "upload", "data-testid": "upload-panel" });
  const error = h("p", { class: "field-error", role: "alert", hidden: true });
  const file = h("input", { type: "file", accept: ".csv,text/csv", "data-testid": "upload-file", id: "pg-upload" });
  file.addEventListener("change", async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    error.hidden = true;
    const response = await fetch(`/api/uploads?name=${encodeURIComponent(chosen.name)}&lang=${lang}`, { method: "POST", body: chosen, headers: { "content-type": "text/csv" } });
    const data = await response.json();
    if (!response.ok) {
      error.textContent = Array.isArray(data.detail) ? data.detail.map((d) => d.msg).join(" · ") : String(data.detail);
      error.hidden = false;
      return;
    }
    uploadCache[data.id] = data;
    spec.dataset.options = { id: data.id, ...data.suggestion };
    syncInputToUpload(data);
    changed({ rerender: true });
  });
  box.append(h("label", { for: "pg-upload" }, t("upload_choose")), file, h("small", { class: "help" }, t("upload_rules")), error);
  const info = uploadCache[options.id];
  if (options.id && !info) {
    fetch(`/api/uploads/${options.id}`).then((r) => (r.ok ? r.json() : null)).then((data) => { if (data) { uploadCache[data.id] = data; render(); } });
  }
  if (info) box.append(uploadDetails(info));
  for (const key of ["id", "features", "target", "task"]) box.append(h("p", { class: "field-error", "data-error-for": `dataset.options.${key}`, role: "alert", hidden: true }));
  return box;
}

function syncInputToUpload(info) {
  const shape = [spec.dataset.options.features.length];
  if (spec.model.kind === "sequential") spec.model.input.shape = shape;
  else if (spec.model.inputs.length === 1) spec.model.inputs[0].shape = shape;
}

function uploadDetails(info) {
  const options = spec.dataset.options;
  const stats = (c) => (c.kind === "numeric" ? `${t("upload_numeric")} · min ${+c.min.toFixed(3)} · max ${+c.max.toFixed(3)} · mean ${+c.mean.toFixed(3)}` : `${t("upload_text")} · ${c.distinct} ${t("upload_distinct")}`);
  const features = h("fieldset", { class: "metrics" }, h("legend", {}, t("upload_features")), info.columns.filter((c) => c.kind === "numeric").map((c) => {
    const id = `up-f-${c.name}`;
    const box = h("input", { type: "checkbox", id });
    box.checked = options.features.includes(c.name);
    box.addEventListener("change", () => {
      options.features = info.columns.map((x) => x.name).filter((n) => (n === c.name ? box.checked : options.features.includes(n)));
      syncInputToUpload(info);
      changed({ rerender: true });
    });
    return h("label", { class: "check", for: id }, box, h("code", {}, c.name));
  }));
  const target = h("select", { id: "up-target" }, info.columns.map((c) => h("option", { value: c.name }, c.name)));
  target.value = options.target;
  target.addEventListener("change", () => { options.target = target.value; options.features = options.features.filter((f) => f !== target.value); syncInputToUpload(info); changed({ rerender: true }); });
  const task = h("select", { id: "up-task" }, ["auto", "binary", "multiclass", "regression"].map((x) => h("option", { value: x }, x)));
  task.value = options.task ?? "auto";
  task.addEventListener("change", () => { options.task = task.value; changed(); });
  const [header, ...rows] = info.preview;
  return h("div", {},
    h("p", { class: "help" }, t("upload_summary", { name: info.name, rows: info.rows, columns: info.columns.length })),
    h("div", { class: "preview" }, h("table", { class: "summary" },
      h("thead", {}, h("tr", {}, header.map((x) => h("th", {}, x)))),
      h("tbody", {}, rows.map((r) => h("tr", {}, r.map((x) => h("td", {}, x))))),
      h("tfoot", {}, h("tr", {}, info.columns.map((c) => h("td", { class: "help" }, stats(c))))))),
    features,
    h("div", { class: "fields" },
      h("div", { class: "field" }, h("label", { for: "up-target" }, t("upload_target")), target),
      h("div", { class: "field" }, h("label", { for: "up-task" }, t("upload_task")), task)));
}

function fitModelToData(dataset) {
  // Keep model and data in step: the input shape (and, for a data set that
  // names them, the inputs and outputs) follow the data set.
  const m = spec.model;
  if (dataset.inputs && m.kind === "sequential") {
    spec.model = toFunctional(m);
  }
  if (spec.model.kind === "sequential") {
    spec.model.input.shape = clone(dataset.input_shape);
  } else if (dataset.inputs) {
    const old = spec.model.inputs;
    spec.model.inputs = dataset.inputs.map((io, i) => ({ name: io.name, shape: io.shape, dtype: io.dtype }));
    for (const node of spec.model.nodes) node.inputs = node.inputs.map((n) => { const i = old.findIndex((x) => x.name === n); return i >= 0 && spec.model.inputs[i] ? spec.model.inputs[i].name : n; });
  } else if (spec.model.inputs.length === 1) {
    spec.model.inputs[0].shape = clone(dataset.input_shape);
  }
}

function renderModel() {
  for (const button of root.querySelectorAll("[data-action=kind]")) button.setAttribute("aria-pressed", String(button.dataset.kind === spec.model.kind));
  if (spec.model.kind === "functional") renderFunctional(slot("model"), spec, ctx);
  else renderSequential(slot("model"), spec, ctx);
}

function renderFit() {
  const fit = spec.fit;
  spec.views ??= {};
  slot("fit").replaceChildren(h("div", { class: "fields" },
    catalog.limits.fit.map((p) => field(p, fit[p.name], { ...ctx, loc: `fit.${p.name}`, onChange: (v) => { fit[p.name] = v; changed(); } })),
    catalog.limits.views.map((p) => field(p, spec.views[p.name], { ...ctx, loc: `views.${p.name}`, onChange: (v) => { spec.views[p.name] = v; changed({ inspect: false }); } }))));
  slot("callbacks").replaceChildren(...catalog.callbacks.map((entry) => {
    const existing = spec.callbacks.find((cb) => cb.class_name === entry.class_name);
    const index = spec.callbacks.indexOf(existing);
    const id = `pg-callback-${entry.class_name}`;
    const toggle = h("input", { type: "checkbox", id });
    toggle.checked = Boolean(existing);
    toggle.addEventListener("change", () => {
      spec.callbacks = toggle.checked ? [...spec.callbacks, { class_name: entry.class_name, config: suggested(entry) }] : spec.callbacks.filter((cb) => cb.class_name !== entry.class_name);
      changed({ rerender: true });
    });
    return h("div", { class: "callback", "data-loc": `callbacks.${index}` },
      h("label", { class: "check", for: id }, toggle, t("use_callback", { name: entry.class_name })),
      h("small", { class: "help" }, entry.help[lang] ?? entry.help.en),
      existing ? fieldGroup(entry.params, existing.config, { ...ctx, loc: `callbacks.${index}.config`, onChange: (n, v) => { existing.config[n] = v; changed(); } }) : "",
      h("p", { class: "field-error", "data-error-for": `callbacks.${index}`, role: "alert", hidden: true }));
  }));
}

function applyHidden() {
  // A teacher's link can hide controls: #...&hide=optimizer,layers
  for (const el of root.querySelectorAll("[data-hide]")) el.hidden = hidden.includes(el.dataset.hide);
}

function render() {
  renderDataset();
  renderModel();
  renderCompile(slot("compile"), spec, ctx);
  renderFit();
  applyHidden();
}

// -- errors at the field ---------------------------------------------------------------------------

function clearErrors() {
  for (const el of root.querySelectorAll(".field-error")) { el.hidden = true; el.textContent = ""; }
  for (const el of root.querySelectorAll(".invalid")) el.classList.remove("invalid");
  for (const el of root.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const list = slot("summary-errors");
  list.hidden = true;
  list.replaceChildren();
}

function showErrors(detail, heading = "summary_errors") {
  clearErrors();
  // the table still shows the last model Keras could build: say so by dimming it
  root.querySelector("[data-testid=summary-table]").classList.toggle("stale", heading === "summary_errors");
  const items = [];
  for (const error of detail) {
    const path = error.loc.filter((p) => p !== "body").map(String);
    // the field itself, or the closest thing that contains it
    let target = null;
    for (let n = path.length; n > 0 && !target; n--) target = root.querySelector(`[data-error-for="${CSS.escape(path.slice(0, n).join("."))}"]`);
    if (target) {
      target.textContent = error.msg;
      target.hidden = false;
      target.closest(".field, .layer-card, .input-card, fieldset")?.classList.add("invalid");
      root.querySelector(`[data-loc="${CSS.escape(target.dataset.errorFor)}"]`)?.setAttribute("aria-invalid", "true");
    }
    items.push(h("li", {}, h("code", {}, path.join(".")), " ", error.msg));
  }
  const list = slot("summary-errors");
  list.replaceChildren(h("p", {}, t(heading)), h("ul", {}, items));
  list.hidden = false;
}

// -- the live summary ------------------------------------------------------------------------------

let inspectCounter = 0;

function formatShape(shape) {
  return `(${shape.map((d) => (d === null ? "None" : d)).join(", ")}${shape.length === 1 ? "," : ""})`;
}

function formatShapes(shape) {
  return Array.isArray(shape[0]) ? shape.map(formatShapes).join(" ") : formatShape(shape);
}

function renderSummary(result) {
  root.querySelector("[data-testid=summary-table]").classList.remove("stale");
  const fmt = (n) => n.toLocaleString(lang === "zh" ? "zh-CN" : "en-US");
  const functional = spec.model.kind === "functional";
  const sequentialLabels = root.querySelectorAll(".layer-list .layer-shape");
  slot("summary-rows").replaceChildren(...result.layers.map((layer, i) => {
    const shape = formatShapes(layer.output_shape);
    const label = functional ? root.querySelector(`[data-shape-for="${CSS.escape(layer.name)}"]`) : sequentialLabels[i];
    if (label) label.textContent = `→ ${shape}`;
    const calls = layer.calls > 1 ? ` ×${layer.calls}` : "";
    return h("tr", {}, h("td", {}, `${layer.name} (${layer.class_name})${calls}`), h("td", { class: "shape" }, shape), h("td", { class: "num" }, fmt(layer.params)));
  }));
  slot("summary-totals").replaceChildren(
    h("tr", {}, h("th", { colspan: 2 }, t("total_params")), h("td", { class: "num", "data-total-params": result.total_params }, fmt(result.total_params))),
    h("tr", {}, h("th", { colspan: 2 }, t("trainable_params")), h("td", { class: "num" }, fmt(result.trainable_params))),
    h("tr", {}, h("th", { colspan: 2 }, t("non_trainable_params")), h("td", { class: "num" }, fmt(result.non_trainable_params))),
  );
  if (!result.layers.length) slot("summary-rows").replaceChildren(h("tr", {}, h("td", { colspan: 3, class: "empty" }, t("summary_empty"))));
  slot("summary-text").textContent = result.summary;
}

async function postJSON(url, body) {
  const response = await fetch(`${url}${url.includes("?") ? "&" : "?"}lang=${lang}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  let data = null;
  try { data = await response.json(); } catch { data = { detail: response.statusText }; }
  return { status: response.status, data };
}

async function inspectNow() {
  const mine = ++inspectCounter;
  slot("summary-busy").hidden = false;
  root.dataset.inspecting = "true";
  try {
    const { status, data } = await postJSON("/api/inspect", spec);
    if (mine !== inspectCounter) return; // a newer edit has asked again
    if (status === 200) {
      renderSummary(data);
      if (data.problems.length) showErrors(data.problems, "summary_problems");
      else clearErrors();
    } else if (status === 422 && Array.isArray(data.detail)) showErrors(data.detail);
    else showErrors([{ loc: [], msg: t("error_server", { detail: data.detail ?? status }) }]);
  } catch (error) {
    if (mine === inspectCounter) showErrors([{ loc: [], msg: t("error_server", { detail: error.message }) }]);
  } finally {
    if (mine === inspectCounter) { slot("summary-busy").hidden = true; delete root.dataset.inspecting; }
  }
}
const scheduleInspect = debounce(inspectNow, 250);

// -- the model as code -----------------------------------------------------------------------------

let codeStale = true;
let codeText = "";

async function showCode() {
  if (!codeStale) return;
  codeStale = false;
  const response = await fetch(`/api/code?format=html&lang=${lang}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(spec) });
  if (!response.ok) {
    slot("code").textContent = t("code_unavailable");
    codeText = "";
    return;
  }
  slot("code").innerHTML = await response.text(); // Pygments' escaped HTML from our own server
  const plain = await fetch("/api/code", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(spec) });
  codeText = plain.ok ? await plain.text() : "";
  const link = slot("download-code");
  if (link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([codeText], { type: "text/x-python" }));
}
const scheduleCode = debounce(showCode, 400);

async function copyCode() {
  await showCode();
  try {
    await navigator.clipboard.writeText(codeText);
  } catch {
    // no clipboard permission (plain http): select the text so Ctrl+C copies it
    const range = document.createRange();
    range.selectNodeContents(slot("code"));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  }
  slot("copied").hidden = false;
  setTimeout(() => { slot("copied").hidden = true; }, 2000);
}

async function importJson() {
  const error = slot("import-error");
  error.hidden = true;
  const { status, data } = await postJSON("/api/import/keras-json", slot("import-json").value);
  if (status === 200) {
    spec.model = data.model;
    changed({ rerender: true });
    slot("import-json").value = "";
  } else {
    error.textContent = Array.isArray(data.detail) ? data.detail.map((d) => d.msg).join(" · ") : String(data.detail);
    error.hidden = false;
  }
}

// -- training --------------------------------------------------------------------------------------

const statusEl = root.querySelector("[data-testid=run-status]");
const trainButton = root.querySelector("[data-testid=train-button]");
const cancelButton = root.querySelector("[data-testid=cancel-button]");
const progress = slot("run-progress");
const errorEl = slot("run-error");
const charts = new Charts({ loss: root.querySelector("#chart-loss"), metrics: root.querySelector("#chart-metrics"), lr: root.querySelector("#chart-lr"), empty: slot("chart-empty"), t });
const views = new RunViews(slot("views"), { t, lang, charts, spec: () => spec });
let epochsPlanned = null;

function setStatus(status, text, error) {
  statusEl.dataset.status = status;
  statusEl.textContent = text ?? t(`status_${status}`);
  const active = status === "queued" || status === "running" || status === "submitting";
  trainButton.disabled = active;
  cancelButton.disabled = !active || status === "submitting";
  progress.hidden = status !== "running";
  errorEl.hidden = !error;
  errorEl.textContent = error ?? "";
}

function onEvent(event) {
  views.handle(event);
  if (event.type === "status") {
    if (event.status === "queued") setStatus("queued", event.position > 0 ? t("status_queued_position", { n: event.position }) : t("status_queued"));
    else if (event.status === "running") setStatus("running");
    else setStatus(event.status, null, event.error ?? (event.detail && event.status !== "succeeded" ? event.detail : null));
  } else if (event.type === "epoch") {
    charts.addEpoch(event);
    const done = event.epoch + 1;
    if (epochsPlanned) {
      progress.min = 0;
      progress.max = epochsPlanned;
      progress.value = done;
      setStatus("running", t("status_running_epoch", { epoch: done, epochs: epochsPlanned }));
    }
  } else if (event.type === "batch") {
    charts.addBatch(event);
  }
}

const watcher = new RunWatcher({ onEvent, onReconnecting: () => setStatus(statusEl.dataset.status, t("status_reconnecting")) });

function follow(id, epochs, run = null) {
  runId = id;
  epochsPlanned = epochs;
  charts.reset();
  views.follow(id);
  writeFragment({ spec, run: runId, hide: hidden });
  watcher.follow(id);
  const parent = run?.spec?.resume?.run;
  if (parent) {
    // a continued run: its curves go on from the parent's
    fetch(`/api/runs/${parent}`).then((r) => (r.ok ? r.json() : null)).then((p) => { if (p) charts.prepend(p.epochs); });
    epochsPlanned = run.spec.resume.initial_epoch + run.spec.fit.epochs;
  }
}

async function train() {
  setStatus("submitting", t("status_submitting"));
  try {
    const { status, data } = await postJSON("/api/runs", spec);
    if (status === 201) {
      follow(data.id, spec.fit.epochs ?? 10);
      setStatus("queued");
    } else if (status === 422 && Array.isArray(data.detail)) {
      showErrors(data.detail);
      setStatus("idle", t("status_idle"), t("fix_errors_first"));
    } else {
      setStatus("idle", t("status_idle"), t("error_server", { detail: data.detail ?? status }));
    }
  } catch (error) {
    setStatus("idle", t("status_idle"), t("error_server", { detail: error.message }));
  }
}

async function cancel() {
  if (!runId) return;
  cancelButton.disabled = true;
  await fetch(`/api/runs/${runId}/cancel`, { method: "POST" });
}

function switchKind(kind) {
  const error = slot("kind-error");
  error.hidden = true;
  if (kind === spec.model.kind) return;
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
  changed({ rerender: true });
}

// -- wiring ------------------------------------------------------------------------------------------

root.addEventListener("click", (e) => {
  const button = e.target.closest("[data-action]");
  const action = button?.dataset.action;
  if (action === "train") train();
  else if (action === "cancel") cancel();
  else if (action === "kind") switchKind(button.dataset.kind);
  else if (action === "copy-code") copyCode();
  else if (action === "import-json") importJson();
  else if (action === "reset") {
    spec = normalize(clone(boot.preset));
    changed({ rerender: true });
  }
});
// "Continue training" in the files view starts a child run: follow it.
slot("views").addEventListener("kp:follow", async (e) => {
  const run = await (await fetch(`/api/runs/${e.detail.id}`)).json();
  follow(e.detail.id, e.detail.epochs, run);
  setStatus("queued");
  views.select("scalars");
});

// A link pasted into this tab changes only the fragment: load it as a fresh page.
window.addEventListener("hashchange", () => location.reload());
slot("code-panel").addEventListener("toggle", () => { if (slot("code-panel").open) showCode(); });

render();
writeFragment({ spec, run: runId, hide: hidden });
inspectNow();
if (runId) {
  fetch(`/api/runs/${runId}`).then((r) => (r.ok ? r.json() : null)).then((run) => {
    if (run) follow(runId, run.spec.fit.epochs, run); // the replay sets the status and redraws the charts
  });
}
root.dataset.ready = "true";
window.kpPlayground = { get spec() { return spec; }, get runId() { return runId; }, charts, outputNames: () => outputNames(spec) };
