// Compile settings: the optimizer, and a loss and metrics for the model, or
// one of each per output (with loss weights) for a model with several outputs.

import { h } from "../util.js";
import { carryOver, errorSlot, fieldGroup, newId } from "./fields.js";

export function asObject(registry, ref) {
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
  // Switching class keeps the arguments both take (Adam → SGD keeps learning_rate).
  const holder = h("div", { class: "ref-editor" });
  let obj = asObject(registry, value);
  const draw = () => {
    const select = h("select", { id, "data-loc": loc, "data-testid": `field-${loc}.class_name`, "aria-describedby": `${id}-help ${id}-error` });
    for (const entry of Object.values(registry)) select.append(h("option", { value: entry.class_name, title: entry.help[ctx.lang] ?? entry.help.en }, entry.aliases[0] ?? entry.class_name));
    select.value = obj.class_name;
    select.addEventListener("change", () => {
      obj = { class_name: select.value, config: carryOver(obj.config, registry[select.value]) };
      onChange(asRef(registry, obj));
      draw();
    });
    const entry = registry[obj.class_name];
    const params = entry?.params.length
      ? fieldGroup(entry.params, obj.config, { ...ctx, loc: `${loc}.config`, onChange: (n, v) => { obj.config[n] = v; onChange(asRef(registry, obj)); } })
      : "";
    holder.replaceChildren(
      h("div", { class: "field" }, h("label", { for: id }, label), select,
        h("small", { class: "help", id: `${id}-help` }, entry ? entry.help[ctx.lang] ?? entry.help.en : ""),
        errorSlot(loc, `${id}-error`)),
      paramsOpen ? params : "");
  };
  draw();
  return holder;
}

function metricBoxes(ctx, chosen, loc, idPrefix, onChange) {
  // A box per metric of the catalog; a ticked metric with arguments (TopK's k,
  // Precision's thresholds, AUC's curve) shows them, and the spec holds it as
  // {class_name, config} once one is set (its alias while none is).
  const registry = ctx.registries.metrics;
  const list = chosen();
  const indexOf = (entry) => list.findIndex((m) => (typeof m === "string" ? m === entry.class_name || entry.aliases.includes(m) : m?.class_name === entry.class_name));
  const boxes = [];
  const args = [];
  for (const entry of ctx.catalog.metrics) {
    const name = entry.aliases[0] ?? entry.class_name;
    const id = `${idPrefix}-${name}`;
    const index = indexOf(entry);
    const box = h("input", { type: "checkbox", id, value: name, "data-testid": `field-${loc}.${name}` });
    box.checked = index >= 0;
    box.addEventListener("change", () => {
      onChange(box.checked ? [...list, name] : list.filter((_, i) => i !== index), { rerender: entry.params.length > 0, focus: `field-${loc}.${name}` });
    });
    boxes.push(h("label", { class: "check", for: id, title: entry.help[ctx.lang] ?? entry.help.en }, box, h("code", {}, name)));
    if (index >= 0 && entry.params.length) {
      const obj = asObject(registry, list[index]);
      args.push(h("div", { class: "metric-args", "data-loc": `${loc}.${index}` }, h("h4", {}, h("code", {}, entry.class_name)),
        fieldGroup(entry.params, obj.config, { ...ctx, loc: `${loc}.${index}.config`, onChange: (n, v) => { obj.config[n] = v; list[index] = asRef(registry, obj); onChange(list, {}); } }),
        errorSlot(`${loc}.${index}`)));
    }
  }
  return h("fieldset", { class: "metrics", "data-loc": loc, "data-hide": "metrics" }, h("legend", {}, ctx.t("metrics")),
    boxes, args, errorSlot(loc, newId()));
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
      metricBoxes(ctx, () => c.metrics, "compile.metrics", "pg-metric", (m, info) => { c.metrics = m; ctx.changed(info); }));
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
    metricBoxes(ctx, () => c.metrics[o], `compile.metrics.${o}`, `pg-metric-${o}`, (m, info) => { c.metrics[o] = m; ctx.changed(info); }))),
    errorSlot("compile.loss"),
    errorSlot("compile.loss_weights"));
}
