// The Sequential model editor: the input shape, then the list of layers
// (add, remove, reorder, edit arguments).

import { fieldGroup, suggested } from "./fields.js";
import { h } from "./util.js";

function layerCard(spec, layer, index, ctx) {
  const { t, lang, registries } = ctx;
  const entry = registries.layers[layer.class_name];
  const loc = `model.layers.${index}`;
  const count = spec.model.layers.length;
  const move = (delta) => {
    const layers = spec.model.layers;
    [layers[index], layers[index + delta]] = [layers[index + delta], layers[index]];
    ctx.changed({ rerender: true });
  };
  const label = `${layer.class_name} ${index + 1}`;
  const header = h("div", { class: "layer-head" },
    h("span", { class: "layer-index" }, String(index + 1)),
    h("strong", { class: "layer-class" }, layer.class_name),
    h("span", { class: "layer-shape", "data-shape-for": layer.config.name ?? `#${index}` }),
    h("span", { class: "layer-actions" },
      h("button", { type: "button", class: "icon", title: t("move_up"), "aria-label": `${t("move_up")}: ${label}`, disabled: index === 0, onclick: () => move(-1) }, "↑"),
      h("button", { type: "button", class: "icon", title: t("move_down"), "aria-label": `${t("move_down")}: ${label}`, disabled: index === count - 1, onclick: () => move(1) }, "↓"),
      h("button", { type: "button", class: "icon danger", title: t("remove_layer"), "aria-label": `${t("remove_layer")}: ${label}`, "data-action": "remove-layer",
        onclick: () => { spec.model.layers.splice(index, 1); ctx.changed({ rerender: true }); } }, "✕"),
    ),
  );
  const body = entry
    ? fieldGroup(entry.params, layer.config, { ...ctx, loc: `${loc}.config`, onChange: (n, v) => { layer.config[n] = v; ctx.changed(); } })
    : "";
  return h("li", { class: "layer-card", "data-loc": loc, "data-class": layer.class_name },
    header, entry ? h("p", { class: "layer-help" }, entry.help[lang] ?? entry.help.en) : "", body,
    h("p", { class: "field-error", "data-error-for": loc, role: "alert", hidden: true }));
}

export function layerPicker(id, ctx, exclude = () => false) {
  // Layers grouped by family, as the catalog lists them.
  const select = h("select", { id });
  const groups = {};
  for (const entry of ctx.catalog.layers) if (!exclude(entry)) (groups[entry.group] ??= []).push(entry);
  for (const [group, entries] of Object.entries(groups)) {
    select.append(h("optgroup", { label: group }, entries.map((e) => h("option", { value: e.class_name, title: e.help[ctx.lang] ?? e.help.en }, e.class_name))));
  }
  return select;
}

export function renderSequential(box, spec, ctx) {
  const { t } = ctx;
  const [shapeParam, dtypeParam] = ctx.catalog.limits.input;
  const input = spec.model.input;
  const picker = layerPicker("add-layer-class", ctx, (e) => e.group === "merge");
  picker.dataset.slot = "add-layer-class";
  box.replaceChildren(
    h("h3", {}, t("input_shape"), " · ", h("code", {}, "keras.Input")),
    fieldGroup([shapeParam, dtypeParam], input, { ...ctx, loc: "model.input", onChange: (name, v) => { input[name] = v; ctx.changed(); } }),
    h("h3", {}, t("layers")),
    h("ol", { class: "layer-list", "data-testid": "layer-list" }, spec.model.layers.map((layer, i) => layerCard(spec, layer, i, ctx))),
    spec.model.layers.length ? "" : h("p", { class: "empty" }, t("layers_empty")),
    h("div", { class: "add-layer", "data-hide": "add-layer" },
      h("label", { for: "add-layer-class" }, t("add_layer_choose")), picker,
      h("button", { type: "button", "data-testid": "add-layer", onclick: () => {
        const entry = ctx.registries.layers[picker.value];
        spec.model.layers.push({ class_name: entry.class_name, config: suggested(entry) });
        ctx.changed({ rerender: true });
        box.querySelector(".layer-card:last-child input, .layer-card:last-child select")?.focus();
      } }, `+ ${t("add_layer")}`)),
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
