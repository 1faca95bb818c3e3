// The playground: a form generated from the catalog, a live Keras summary,
// and a real training run streamed over a websocket.

import { Charts } from "./charts.js";
import { field, fieldGroup } from "./fields.js";
import { RunWatcher, TERMINAL } from "./run.js";
import { clone, debounce, h, makeT, readFragment, writeFragment } from "./util.js";

const boot = JSON.parse(document.getElementById("kp-boot").textContent);
const root = document.getElementById("playground");
const { lang, catalog } = boot;
const t = makeT(boot.strings);
const slot = (name) => root.querySelector(`[data-slot="${name}"]`);
const byName = (entries) => Object.fromEntries(entries.map((e) => [e.class_name ?? e.name, e]));
const LAYERS = byName(catalog.layers);
const OPTIMIZERS = byName(catalog.optimizers);
const LOSSES = byName(catalog.losses);
const CALLBACKS = byName(catalog.callbacks);
const DATASETS = byName(catalog.datasets);
const help = (entry) => entry.help[lang] ?? entry.help.en;

const fromFragment = readFragment();
let spec = normalize(fromFragment.spec ?? clone(boot.preset));
let runId = fromFragment.run;

// -- the spec in the form's terms ---------------------------------------------

function entryFor(registry, ref) {
  // A Keras identifier as the form edits it: {class_name, config}.
  if (typeof ref !== "string") return ref;
  const entry = Object.values(registry).find((e) => e.aliases.includes(ref) || e.class_name === ref);
  return { class_name: entry ? entry.class_name : ref, config: {} };
}

function asRef(registry, obj) {
  // Back to the shortest form Keras accepts: the alias when nothing is set.
  const entry = registry[obj.class_name];
  const config = Object.fromEntries(Object.entries(obj.config).filter(([, v]) => v !== undefined));
  if (entry && entry.aliases.length && Object.keys(config).length === 0) return entry.aliases[0];
  return { class_name: obj.class_name, config };
}

function normalize(s) {
  s.dataset ??= { name: catalog.datasets[0].name, options: {} };
  s.dataset.options ??= {};
  s.compile ??= { optimizer: "rmsprop", loss: "binary_crossentropy", metrics: [] };
  s.fit ??= {};
  s.callbacks ??= [];
  s.compile.metrics ??= [];
  return s;
}

// -- rendering -------------------------------------------------------------------

function changed({ rerender = false, inspect = true } = {}) {
  writeFragment({ spec, run: runId });
  if (rerender) render();
  if (inspect) scheduleInspect();
}

function setConfig(obj, name, value) {
  obj.config[name] = value;
  changed();
}

function renderDataset() {
  const box = slot("dataset");
  const current = DATASETS[spec.dataset.name];
  const select = h("select", { id: "pg-dataset", "data-loc": "dataset.name" });
  for (const d of catalog.datasets) select.append(h("option", { value: d.name }, d.title[lang]));
  select.value = spec.dataset.name;
  select.addEventListener("change", () => {
    spec.dataset = { name: select.value, options: {} };
    spec.model.input.shape = clone(DATASETS[select.value].input_shape); // keep model and data in step
    changed({ rerender: true });
  });
  box.replaceChildren(
    h("div", { class: "field" }, h("label", { for: "pg-dataset" }, t("dataset_name")), select,
      h("small", { class: "help" }, current ? current.description[lang] : ""),
      h("p", { class: "field-error", "data-error-for": "dataset.name", hidden: true })),
    current
      ? fieldGroup(current.options, spec.dataset.options, {
          loc: "dataset.options", lang, t, advancedLabel: t("more_options"),
          onChange: (name, v) => { spec.dataset.options[name] = v; changed(); },
        })
      : "",
  );
}

function renderInput() {
  const [shapeParam, dtypeParam] = catalog.limits.input;
  const input = spec.model.input;
  slot("input").replaceChildren(
    h("h3", {}, t("input_shape"), " · ", h("code", {}, "keras.Input")),
    fieldGroup([shapeParam, dtypeParam], input, {
      loc: "model.input", lang, t, advancedLabel: t("more_options"),
      onChange: (name, v) => { input[name] = v; changed(); },
    }),
  );
}

function layerCard(layer, index) {
  const entry = LAYERS[layer.class_name];
  const loc = `model.layers.${index}`;
  const count = spec.model.layers.length;
  const move = (delta) => {
    const layers = spec.model.layers;
    [layers[index], layers[index + delta]] = [layers[index + delta], layers[index]];
    changed({ rerender: true });
  };
  const header = h("div", { class: "layer-head" },
    h("span", { class: "layer-index" }, String(index + 1)),
    h("strong", { class: "layer-class" }, layer.class_name),
    h("span", { class: "layer-shape", "data-shape-for": index }),
    h("span", { class: "layer-actions" },
      h("button", { type: "button", class: "icon", title: t("move_up"), "aria-label": `${t("move_up")}: ${layer.class_name} ${index + 1}`, disabled: index === 0, onclick: () => move(-1) }, "↑"),
      h("button", { type: "button", class: "icon", title: t("move_down"), "aria-label": `${t("move_down")}: ${layer.class_name} ${index + 1}`, disabled: index === count - 1, onclick: () => move(1) }, "↓"),
      h("button", { type: "button", class: "icon danger", title: t("remove_layer"), "aria-label": `${t("remove_layer")}: ${layer.class_name} ${index + 1}`, "data-action": "remove-layer",
        onclick: () => { spec.model.layers.splice(index, 1); changed({ rerender: true }); } }, "✕"),
    ),
  );
  const body = entry
    ? fieldGroup(entry.params, layer.config, { loc: `${loc}.config`, lang, t, advancedLabel: t("more_options"), onChange: (n, v) => setConfig(layer, n, v) })
    : "";
  return h("li", { class: "layer-card", "data-loc": loc, "data-class": layer.class_name },
    header, entry ? h("p", { class: "layer-help" }, help(entry)) : "", body,
    h("p", { class: "field-error", "data-error-for": loc, role: "alert", hidden: true }));
}

function renderLayers() {
  slot("layers").replaceChildren(...spec.model.layers.map(layerCard));
  slot("layers-empty").hidden = spec.model.layers.length > 0;
  const picker = slot("add-layer-class");
  if (!picker.options.length) {
    for (const entry of catalog.layers) picker.append(h("option", { value: entry.class_name, title: help(entry) }, entry.class_name));
  }
}

function keyedSelect(id, loc, registry, current, onPick) {
  const select = h("select", { id, "data-loc": loc });
  for (const entry of Object.values(registry)) select.append(h("option", { value: entry.class_name, title: help(entry) }, entry.aliases[0] ?? entry.class_name));
  select.value = current;
  select.addEventListener("change", () => onPick(select.value));
  return select;
}

function renderCompile() {
  const c = spec.compile;
  const optimizer = entryFor(OPTIMIZERS, c.optimizer);
  const loss = entryFor(LOSSES, c.loss);
  const save = () => { c.optimizer = asRef(OPTIMIZERS, optimizer); c.loss = asRef(LOSSES, loss); changed(); };
  const pick = (which, registry) => (name) => {
    const config = Object.fromEntries(registry[name].params.filter((p) => p.required).map((p) => [p.name, clone(p.default)]));
    c[which] = asRef(registry, { class_name: name, config });
    changed({ rerender: true });
  };
  const metricNames = catalog.metrics.map((m) => m.aliases[0]).filter(Boolean);
  const metricBoxes = metricNames.map((name) => {
    const id = `pg-metric-${name}`;
    const box = h("input", { type: "checkbox", id, value: name });
    box.checked = c.metrics.includes(name);
    box.addEventListener("change", () => {
      c.metrics = box.checked ? [...c.metrics, name] : c.metrics.filter((m) => m !== name);
      changed();
    });
    return h("label", { class: "check", for: id }, box, h("code", {}, name));
  });
  slot("compile").replaceChildren(
    h("div", { class: "field" }, h("label", { for: "pg-optimizer" }, t("optimizer")),
      keyedSelect("pg-optimizer", "compile.optimizer", OPTIMIZERS, optimizer.class_name, pick("optimizer", OPTIMIZERS)),
      h("small", { class: "help" }, OPTIMIZERS[optimizer.class_name] ? help(OPTIMIZERS[optimizer.class_name]) : ""),
      h("p", { class: "field-error", "data-error-for": "compile.optimizer", hidden: true })),
    OPTIMIZERS[optimizer.class_name]
      ? fieldGroup(OPTIMIZERS[optimizer.class_name].params, optimizer.config, { loc: "compile.optimizer.config", lang, t, advancedLabel: t("more_options"), onChange: (n, v) => { optimizer.config[n] = v; save(); } })
      : "",
    h("div", { class: "field" }, h("label", { for: "pg-loss" }, t("loss")),
      keyedSelect("pg-loss", "compile.loss", LOSSES, loss.class_name, pick("loss", LOSSES)),
      h("small", { class: "help" }, LOSSES[loss.class_name] ? help(LOSSES[loss.class_name]) : ""),
      h("p", { class: "field-error", "data-error-for": "compile.loss", hidden: true })),
    LOSSES[loss.class_name]?.params.length
      ? fieldGroup(LOSSES[loss.class_name].params, loss.config, { loc: "compile.loss.config", lang, t, advancedLabel: t("more_options"), onChange: (n, v) => { loss.config[n] = v; save(); } })
      : "",
    h("fieldset", { class: "metrics", "data-loc": "compile.metrics" }, h("legend", {}, t("metrics")), metricBoxes,
      h("p", { class: "field-error", "data-error-for": "compile.metrics", hidden: true })),
  );
}

function renderFit() {
  const fit = spec.fit;
  slot("fit").replaceChildren(
    h("div", { class: "fields" }, catalog.limits.fit.map((p) =>
      field(p, fit[p.name], { loc: `fit.${p.name}`, lang, t, onChange: (v) => { fit[p.name] = v; changed(); } }))),
  );
  slot("callbacks").replaceChildren(...catalog.callbacks.map((entry, i) => {
    const existing = spec.callbacks.find((cb) => cb.class_name === entry.class_name);
    const index = spec.callbacks.indexOf(existing);
    const id = `pg-callback-${entry.class_name}`;
    const toggle = h("input", { type: "checkbox", id });
    toggle.checked = Boolean(existing);
    toggle.addEventListener("change", () => {
      const config = Object.fromEntries(entry.params.filter((p) => p.required).map((p) => [p.name, clone(p.default)]));
      spec.callbacks = toggle.checked ? [...spec.callbacks, { class_name: entry.class_name, config }] : spec.callbacks.filter((cb) => cb.class_name !== entry.class_name);
      changed({ rerender: true });
    });
    return h("div", { class: "callback", "data-loc": `callbacks.${index}` },
      h("label", { class: "check", for: id }, toggle, t("use_callback", { name: entry.class_name })),
      h("small", { class: "help" }, help(entry)),
      existing ? fieldGroup(entry.params, existing.config, { loc: `callbacks.${index}.config`, lang, t, advancedLabel: t("more_options"), onChange: (n, v) => setConfig(existing, n, v) }) : "");
  }));
}

function render() {
  renderDataset();
  renderInput();
  renderLayers();
  renderCompile();
  renderFit();
}

// -- errors at the field --------------------------------------------------------------

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
  const list = slot("summary-errors");
  const items = [];
  for (const error of detail) {
    const path = error.loc.filter((p) => p !== "body").map(String);
    // the field itself, or the closest thing that contains it
    let target = null;
    for (let n = path.length; n > 0 && !target; n--) target = root.querySelector(`[data-error-for="${path.slice(0, n).join(".")}"]`);
    if (target) {
      target.textContent = error.msg;
      target.hidden = false;
      target.closest(".field, .layer-card, fieldset")?.classList.add("invalid");
      root.querySelector(`[data-loc="${target.dataset.errorFor}"]`)?.setAttribute("aria-invalid", "true");
    }
    items.push(h("li", {}, h("code", {}, path.join(".")), " ", error.msg));
  }
  list.replaceChildren(h("p", {}, t(heading)), h("ul", {}, items));
  list.hidden = false;
}

// -- the live summary -------------------------------------------------------------------

let inspectCounter = 0;

function formatShape(shape) {
  if (Array.isArray(shape[0]) || shape[0] === undefined && shape.length === 0) return JSON.stringify(shape);
  return `(${shape.map((d) => (d === null ? "None" : d)).join(", ")}${shape.length === 1 ? "," : ""})`;
}

function renderSummary(result) {
  root.querySelector("[data-testid=summary-table]").classList.remove("stale");
  const rows = slot("summary-rows");
  const fmt = (n) => n.toLocaleString(lang === "zh" ? "zh-CN" : "en-US");
  rows.replaceChildren(...result.layers.map((layer, i) => {
    const shape = Array.isArray(layer.output_shape[0]) ? layer.output_shape.map(formatShape).join(" ") : formatShape(layer.output_shape);
    const label = root.querySelector(`[data-shape-for="${i}"]`);
    if (label) label.textContent = `→ ${shape}`;
    return h("tr", {}, h("td", {}, `${layer.name} (${layer.class_name})`), h("td", { class: "shape" }, shape), h("td", { class: "num" }, fmt(layer.params)));
  }));
  slot("summary-totals").replaceChildren(
    h("tr", {}, h("th", { colspan: 2 }, t("total_params")), h("td", { class: "num", "data-total-params": result.total_params }, fmt(result.total_params))),
    h("tr", {}, h("th", { colspan: 2 }, t("trainable_params")), h("td", { class: "num" }, fmt(result.trainable_params))),
    h("tr", {}, h("th", { colspan: 2 }, t("non_trainable_params")), h("td", { class: "num" }, fmt(result.non_trainable_params))),
  );
  if (!result.layers.length) rows.replaceChildren(h("tr", {}, h("td", { colspan: 3, class: "empty" }, t("summary_empty"))));
  slot("summary-text").textContent = result.summary;
}

async function postJSON(url, body) {
  const response = await fetch(`${url}?lang=${lang}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
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
    }
    else if (status === 422 && Array.isArray(data.detail)) showErrors(data.detail);
    else showErrors([{ loc: [], msg: t("error_server", { detail: data.detail ?? status }) }]);
  } catch (error) {
    if (mine === inspectCounter) showErrors([{ loc: [], msg: t("error_server", { detail: error.message }) }]);
  } finally {
    if (mine === inspectCounter) { slot("summary-busy").hidden = true; delete root.dataset.inspecting; }
  }
}
const scheduleInspect = debounce(inspectNow, 250);

// -- training ----------------------------------------------------------------------------------

const statusEl = root.querySelector("[data-testid=run-status]");
const trainButton = root.querySelector("[data-testid=train-button]");
const cancelButton = root.querySelector("[data-testid=cancel-button]");
const progress = slot("run-progress");
const errorEl = slot("run-error");
const charts = new Charts(root.querySelector("#chart-loss"), root.querySelector("#chart-metrics"), slot("chart-empty"), t);
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
  if (event.type === "status") {
    if (event.status === "queued") setStatus("queued", event.position > 0 ? t("status_queued_position", { n: event.position }) : t("status_queued"));
    else if (event.status === "running") setStatus("running");
    else setStatus(event.status, null, event.error ?? (event.detail && event.status !== "succeeded" ? event.detail : null));
  } else if (event.type === "epoch") {
    charts.addEpoch(event);
    const done = event.epoch + 1;
    if (epochsPlanned) {
      progress.max = epochsPlanned;
      progress.value = done;
      setStatus("running", t("status_running_epoch", { epoch: done, epochs: epochsPlanned }));
    }
  } else if (event.type === "batch") {
    charts.addBatch(event);
  }
}

const watcher = new RunWatcher({ onEvent, onReconnecting: () => setStatus(statusEl.dataset.status, t("status_reconnecting")) });

function follow(id, epochs) {
  runId = id;
  epochsPlanned = epochs;
  charts.reset();
  writeFragment({ spec, run: runId });
  watcher.follow(id);
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

// -- wiring -----------------------------------------------------------------------------------------

root.addEventListener("click", (e) => {
  const action = e.target.closest("[data-action]")?.dataset.action;
  if (action === "add-layer") {
    const name = slot("add-layer-class").value;
    // Keras needs the required arguments; start them at the catalog's suggestion.
    const config = Object.fromEntries(LAYERS[name].params.filter((p) => p.required).map((p) => [p.name, clone(p.default)]));
    spec.model.layers.push({ class_name: name, config });
    changed({ rerender: true });
    root.querySelector(".layer-card:last-child input, .layer-card:last-child select")?.focus();
  } else if (action === "train") train();
  else if (action === "cancel") cancel();
  else if (action === "reset") {
    spec = normalize(clone(boot.preset));
    changed({ rerender: true });
  }
});

render();
writeFragment({ spec, run: runId });
inspectNow();
if (runId) {
  fetch(`/api/runs/${runId}`).then((r) => (r.ok ? r.json() : null)).then((run) => {
    if (!run) return;
    follow(runId, run.spec.fit.epochs); // the replay sets the status and redraws the charts
  });
}
window.kpPlayground = { get spec() { return spec; }, get runId() { return runId; }, TERMINAL };
