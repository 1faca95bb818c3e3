// The Sequential model editor: the input shape, then the list of layers
// (add where the learner points, change a layer's class in place, remove,
// reorder, edit arguments).

import { h } from "../util.js";
import { carryOver, errorSlot, fieldGroup, newId, suggested, tie } from "./fields.js";

export function layerPicker(ctx, { id, loc, testid, exclude = () => false, value } = {}) {
  // Layers grouped by family, as the catalog lists them.
  const select = h("select", { id });
  if (loc) tie(select, loc, id);
  if (testid) select.dataset.testid = testid;
  const groups = {};
  for (const entry of ctx.catalog.layers) if (!exclude(entry)) (groups[entry.group] ??= []).push(entry);
  for (const [group, entries] of Object.entries(groups)) {
    select.append(h("optgroup", { label: group }, entries.map((e) => h("option", { value: e.class_name, title: e.help[ctx.lang] ?? e.help.en }, e.class_name))));
  }
  if (value) select.value = value;
  return select;
}

export function layerLabel(ctx, index, className) {
  // How the page names a layer to the learner: its card's own number, from 1.
  return ctx.t("layer_n", { n: index + 1, cls: className });
}

function layerCard(spec, layer, index, ctx) {
  const { t, lang, registries } = ctx;
  const entry = registries.layers[layer.class_name];
  const loc = `model.layers.${index}`;
  const count = spec.model.layers.length;
  const label = layerLabel(ctx, index, layer.class_name);
  const move = (delta) => {
    const layers = spec.model.layers;
    [layers[index], layers[index + delta]] = [layers[index + delta], layers[index]];
    // focus stays on the moved card: its same button, or the other one at an end
    const to = index + delta;
    const direction = delta < 0 ? "up" : "down";
    const stuck = (direction === "up" && to === 0) || (direction === "down" && to === count - 1);
    ctx.changed({ rerender: true, focus: `layer-${to}-${stuck ? (direction === "up" ? "down" : "up") : direction}` });
  };
  const remove = () => {
    spec.model.layers.splice(index, 1);
    const next = Math.min(index, spec.model.layers.length - 1);
    ctx.changed({ rerender: true, focus: next >= 0 ? `field-model.layers.${next}.class_name` : "add-layer-class" });
  };
  const id = newId("c");
  const classSelect = layerPicker(ctx, { id, loc: `${loc}.class_name`, exclude: (e) => e.call !== "one", value: layer.class_name });
  classSelect.classList.add("layer-class");
  classSelect.setAttribute("aria-label", t("layer_class_of", { n: index + 1 }));
  classSelect.addEventListener("change", () => {
    const next = registries.layers[classSelect.value];
    spec.model.layers[index] = { class_name: next.class_name, config: carryOver(layer.config, next) };
    ctx.changed({ rerender: true, focus: `field-${loc}.class_name` });
  });
  const header = h("div", { class: "layer-head" },
    h("span", { class: "layer-index", "aria-hidden": "true" }, String(index + 1)),
    classSelect,
    h("span", { class: "layer-shape", "data-shape-for": layer.config.name ?? `#${index}` }),
    h("span", { class: "layer-actions" },
      h("button", { type: "button", class: "icon", title: t("move_up"), "aria-label": `${t("move_up")}: ${label}`, "data-testid": `layer-${index}-up`, disabled: index === 0, onclick: () => move(-1) }, "↑"),
      h("button", { type: "button", class: "icon", title: t("move_down"), "aria-label": `${t("move_down")}: ${label}`, "data-testid": `layer-${index}-down`, disabled: index === count - 1, onclick: () => move(1) }, "↓"),
      h("button", { type: "button", class: "icon danger", title: t("remove_layer"), "aria-label": `${t("remove_layer")}: ${label}`, "data-testid": `layer-${index}-remove`, "data-action": "remove-layer", onclick: remove }, "✕"),
    ),
  );
  const body = entry
    ? fieldGroup(entry.params, layer.config, { ...ctx, loc: `${loc}.config`, onChange: (n, v) => { layer.config[n] = v; ctx.changed(); } })
    : "";
  return h("li", { class: "layer-card", "data-loc": loc, "data-class": layer.class_name, "aria-label": label },
    header, entry ? h("p", { class: "layer-help", id: `${id}-help` }, entry.help[lang] ?? entry.help.en) : "", body,
    errorSlot(loc, `${id}-error`));
}

const FLATTENING = /^(Flatten|Global(Average|Max)Pooling[123]D)$/;
const SPATIAL = new Set(["convolution", "pooling", "reshaping"]);

export function defaultPosition(layers, entry) {
  // Before the output layer; a layer that works on images or sequences
  // (a convolution, a pooling, a crop) goes before the Flatten that ends them.
  const spatial = entry && (SPATIAL.has(entry.group) || /^SpatialDropout/.test(entry.class_name)) && !FLATTENING.test(entry.class_name);
  const flatten = layers.findIndex((layer) => FLATTENING.test(layer.class_name));
  if (spatial && flatten >= 0) return flatten;
  return Math.max(0, layers.length - 1);
}

function positionPicker(spec, ctx, entry) {
  // Where a new layer goes: see defaultPosition, unless the learner points elsewhere.
  const { t } = ctx;
  const layers = spec.model.layers;
  const select = h("select", { id: "add-layer-position", "data-testid": "add-layer-position" });
  layers.forEach((layer, i) => select.append(h("option", { value: String(i) }, t("add_before", { layer: layerLabel(ctx, i, layer.class_name) }))));
  select.append(h("option", { value: String(layers.length) }, t("add_at_end")));
  select.value = String(defaultPosition(layers, entry));
  return select;
}

export function renderSequential(box, spec, ctx) {
  const { t } = ctx;
  const [shapeParam, dtypeParam] = ctx.catalog.limits.input;
  const input = spec.model.input;
  const picker = layerPicker(ctx, { id: "add-layer-class", testid: "add-layer-class", exclude: (e) => e.call !== "one" });
  picker.dataset.slot = "add-layer-class";
  const position = positionPicker(spec, ctx, ctx.registries.layers[picker.value]);
  picker.addEventListener("change", () => { position.value = String(defaultPosition(spec.model.layers, ctx.registries.layers[picker.value])); });
  const add = () => {
    const entry = ctx.registries.layers[picker.value];
    const at = Number(position.value);
    spec.model.layers.splice(at, 0, { class_name: entry.class_name, config: suggested(entry) });
    ctx.changed({ rerender: true, focus: `field-model.layers.${at}.class_name` });
  };
  box.replaceChildren(
    h("h3", {}, t("input_shape"), " · ", h("code", {}, "keras.Input")),
    fieldGroup([shapeParam, dtypeParam], input, { ...ctx, loc: "model.input", onChange: (name, v) => { input[name] = v; ctx.changed(); } }),
    h("h3", {}, t("layers")),
    h("ol", { class: "layer-list", "data-testid": "layer-list" }, spec.model.layers.map((layer, i) => layerCard(spec, layer, i, ctx))),
    spec.model.layers.length ? "" : h("p", { class: "empty" }, t("layers_empty")),
    h("div", { class: "add-layer", "data-hide": "add-layer" },
      h("label", { for: "add-layer-class" }, t("add_layer_choose")), picker,
      spec.model.layers.length ? [h("label", { for: "add-layer-position" }, t("add_layer_where")), position] : "",
      h("button", { type: "button", "data-testid": "add-layer", onclick: add }, `+ ${t("add_layer")}`)),
  );
}

export function toFunctional(model) {
  // The same chain, written as a functional graph.
  const names = new Set(["input"]);
  const unique = (base) => {
    let name = base;
    for (let i = 1; names.has(name); i++) name = `${base}_${i}`;
    names.add(name);
    return name;
  };
  let previous = "input";
  const nodes = model.layers.map((layer) => {
    const { name: chosen, ...config } = layer.config;
    const name = unique(chosen ?? layer.class_name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase());
    const node = { name, class_name: layer.class_name, config, inputs: [previous] };
    previous = name;
    return node;
  });
  return { kind: "functional", inputs: [{ name: "input", shape: model.input.shape, dtype: model.input.dtype ?? "float32" }], nodes, outputs: nodes.length ? [previous] : [] };
}

export function toSequential(model) {
  // Only a plain chain can become Sequential; null otherwise.
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return null;
  let previous = model.inputs[0].name;
  for (const node of model.nodes) {
    if (node.reuse || node.inputs.length !== 1 || node.inputs[0] !== previous) return null;
    previous = node.name;
  }
  if (model.outputs[0] !== previous) return null;
  return {
    kind: "sequential",
    input: { shape: model.inputs[0].shape, dtype: model.inputs[0].dtype ?? "float32" },
    layers: model.nodes.map((n) => ({ class_name: n.class_name, config: { ...n.config, name: n.name } })),
  };
}
