// Compile settings: the optimizer, and a loss and metrics for the model, or
// one of each per output (with loss weights) for a model with several outputs.

import { fieldGroup, suggested } from "./fields.js";
import { h } from "./util.js";

function asObject(registry, ref) {
  // A Keras identifier as the form edits it: {class_name, config}.
  if (ref && typeof ref === "object") return ref;
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

function refEditor(registry, value, { id, loc, label, ctx, onChange, paramsOpen = true }) {
  // A select of the registry's classes, then the chosen class's arguments.
  const holder = h("div", { class: "ref-editor" });
  let obj = asObject(registry, value);
  const draw = () => {
    const select = h("select", { id, "data-loc": loc });
    for (const entry of Object.values(registry)) select.append(h("option", { value: entry.class_name, title: entry.help[ctx.lang] ?? entry.help.en }, entry.aliases[0] ?? entry.class_name));
    select.value = obj.class_name;
    select.addEventListener("change", () => {
      obj = { class_name: select.value, config: suggested(registry[select.value]) };
      onChange(asRef(registry, obj));
      draw();
    });
    const entry = registry[obj.class_name];
    const params = entry?.params.length
      ? fieldGroup(entry.params, obj.config, { ...ctx, loc: `${loc}.config`, onChange: (n, v) => { obj.config[n] = v; onChange(asRef(registry, obj)); } })
      : "";
    holder.replaceChildren(
      h("div", { class: "field" }, h("label", { for: id }, label), select,
        h("small", { class: "help" }, entry ? entry.help[ctx.lang] ?? entry.help.en : ""),
        h("p", { class: "field-error", "data-error-for": loc, role: "alert", hidden: true })),
      paramsOpen ? params : "");
  };
  draw();
  return holder;
}

function metricBoxes(ctx, chosen, loc, idPrefix, onChange) {
  const names = ctx.catalog.metrics.map((m) => m.aliases[0]).filter(Boolean);
  return h("fieldset", { class: "metrics", "data-loc": loc, "data-hide": "metrics" }, h("legend", {}, ctx.t("metrics")),
    names.map((name) => {
      const id = `${idPrefix}-${name}`;
      const box = h("input", { type: "checkbox", id, value: name });
      box.checked = chosen().includes(name);
      box.addEventListener("change", () => onChange(box.checked ? [...chosen(), name] : chosen().filter((m) => m !== name)));
      return h("label", { class: "check", for: id }, box, h("code", {}, name));
    }),
    h("p", { class: "field-error", "data-error-for": loc, role: "alert", hidden: true }));
}

export function outputNames(spec) {
  return spec.model.kind === "functional" ? spec.model.outputs : ["output"];
}

export function renderCompile(box, spec, ctx) {
  const { t, registries } = ctx;
  const c = spec.compile;
  const outputs = outputNames(spec);
  const optimizer = h("div", { "data-hide": "optimizer" }, refEditor(registries.optimizers, c.optimizer, {
    id: "pg-optimizer", loc: "compile.optimizer", label: t("optimizer"), ctx, onChange: (ref) => { c.optimizer = ref; ctx.changed(); },
  }));
  if (outputs.length < 2) {
    const single = (v) => (v && typeof v === "object" && !("class_name" in v) ? Object.values(v)[0] : v);
    c.loss = single(c.loss);
    c.metrics = Array.isArray(c.metrics) ? c.metrics : single(c.metrics) ?? [];
    delete c.loss_weights;
    box.replaceChildren(optimizer,
      h("div", { "data-hide": "loss" }, refEditor(registries.losses, c.loss, { id: "pg-loss", loc: "compile.loss", label: t("loss"), ctx, onChange: (ref) => { c.loss = ref; ctx.changed(); } })),
      metricBoxes(ctx, () => c.metrics, "compile.metrics", "pg-metric", (m) => { c.metrics = m; ctx.changed(); }));
    return;
  }
  // One loss, weight and metric list per output.
  const perOutput = (value, fallback) => (value && typeof value === "object" && !Array.isArray(value) && !("class_name" in value) ? value : Object.fromEntries(outputs.map((o) => [o, fallback(value)])));
  c.loss = perOutput(c.loss, (v) => v ?? "binary_crossentropy");
  c.metrics = perOutput(c.metrics, (v) => (Array.isArray(v) ? [...v] : []));
  c.loss_weights = perOutput(c.loss_weights, () => 1.0);
  for (const o of outputs) {
    c.loss[o] ??= "binary_crossentropy";
    c.metrics[o] ??= [];
    c.loss_weights[o] ??= 1.0;
  }
  for (const key of ["loss", "metrics", "loss_weights"]) for (const o of Object.keys(c[key])) if (!outputs.includes(o)) delete c[key][o];
  const weightParam = ctx.catalog.limits.loss_weight;
  box.replaceChildren(optimizer, ...outputs.map((o) => h("fieldset", { class: "per-output", "data-loc": `compile.loss.${o}` },
    h("legend", {}, t("output_named", { name: o })),
    h("div", { "data-hide": "loss" }, refEditor(registries.losses, c.loss[o], { id: `pg-loss-${o}`, loc: `compile.loss.${o}`, label: t("loss"), ctx, onChange: (ref) => { c.loss[o] = ref; ctx.changed(); } })),
    fieldGroup([{ ...weightParam, name: "loss_weight" }], { loss_weight: c.loss_weights[o] }, { ...ctx, loc: `compile.loss_weights.${o}`, onChange: (n, v) => { c.loss_weights[o] = v; ctx.changed(); } }),
    metricBoxes(ctx, () => c.metrics[o], `compile.metrics.${o}`, `pg-metric-${o}`, (m) => { c.metrics[o] = m; ctx.changed(); }))),
    h("p", { class: "field-error", "data-error-for": "compile.loss", role: "alert", hidden: true }),
    h("p", { class: "field-error", "data-error-for": "compile.loss_weights", role: "alert", hidden: true }));
}
