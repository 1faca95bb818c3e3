// The functional model editor: named inputs, nodes as cards (each picks its
// inputs from the names above it, and may reuse an earlier node's layer),
// the outputs, and the graph drawn beside as SVG.

import { h } from "../util.js";
import { carryOver, errorSlot, field, fieldGroup, newId, suggested, tie } from "./fields.js";
import { layerPicker, toSequential } from "./sequential.js";

const SVG = "http://www.w3.org/2000/svg";
const openNodes = new Set(); // nodes whose arguments the learner unfolded

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

function uniqueName(model, base) {
  const taken = new Set([...model.inputs.map((i) => i.name), ...model.nodes.map((n) => n.name)]);
  let name = base;
  for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
  return name;
}

function snake(className) {
  return className.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

function rename(model, from, to) {
  for (const node of model.nodes) {
    node.inputs = node.inputs.map((n) => (n === from ? to : n));
    if (node.reuse === from) node.reuse = to;
  }
  model.outputs = model.outputs.map((n) => (n === from ? to : n));
}

function classOf(model, node) {
  return node.reuse ? model.nodes.find((n) => n.name === node.reuse)?.class_name : node.class_name;
}

function nameField(value, loc, ctx, onRename) {
  const param = { ...ctx.catalog.limits.node_name, name: "name" };
  const el = field(param, value, { ...ctx, loc, onChange: () => {} });
  el.querySelector(".help")?.remove(); // the same for every node: said once, in the graph's caption
  const input = el.querySelector("input");
  input.addEventListener("change", () => onRename(input.value.trim()));
  return el;
}

function inputsPicker(model, node, index, ctx) {
  // The tensors this node is called on: any input or node above it.
  const { t } = ctx;
  const above = [...model.inputs.map((i) => i.name), ...model.nodes.slice(0, index).map((n) => n.name)];
  const merge = ctx.multi.has(classOf(model, node));
  const loc = `model.nodes.${index}.inputs`;
  let control;
  const id = newId("n");
  if (merge) {
    control = h("div", { class: "choices", role: "group", "aria-labelledby": `${id}-label` }, above.map((name) => {
      const box = h("input", { type: "checkbox", id: `${id}-${name}`, value: name, "data-loc": loc, "data-testid": `field-${loc}.${name}` });
      box.checked = node.inputs.includes(name);
      box.addEventListener("change", () => {
        node.inputs = above.filter((n) => (n === name ? box.checked : node.inputs.includes(n)));
        ctx.changed({ rerender: true });
      });
      return h("label", { class: "check", for: `${id}-${name}` }, box, h("code", {}, name));
    }));
  } else {
    control = tie(h("select", {}, above.map((name) => h("option", { value: name }, name))), loc, id);
    control.value = node.inputs[0] ?? "";
    control.addEventListener("change", () => { node.inputs = [control.value]; ctx.changed({ rerender: true }); });
  }
  return h("div", { class: "field node-inputs" },
    merge ? h("span", { class: "label", id: `${id}-label` }, t(ctx.merge.has(classOf(model, node)) ? "node_inputs_many" : "node_inputs_attention")) : h("label", { for: id }, t("node_input")),
    control,
    h("small", { class: "help", id: `${id}-help` }),
    errorSlot(loc, `${id}-error`),
    errorSlot(`${loc}.0`));
}

function nodeCard(model, node, index, ctx) {
  const { t, lang, registries } = ctx;
  const loc = `model.nodes.${index}`;
  const cls = classOf(model, node);
  const entry = registries.layers[cls];
  const count = model.nodes.length;
  const move = (delta) => {
    [model.nodes[index], model.nodes[index + delta]] = [model.nodes[index + delta], model.nodes[index]];
    const to = index + delta;
    const direction = delta < 0 ? "up" : "down";
    const stuck = (direction === "up" && to === 0) || (direction === "down" && to === count - 1);
    ctx.changed({ rerender: true, focus: `node-${to}-${stuck ? (direction === "up" ? "down" : "up") : direction}` });
  };
  const remove = () => {
    model.nodes.splice(index, 1);
    model.outputs = model.outputs.filter((o) => o !== node.name);
    const next = Math.min(index, model.nodes.length - 1);
    ctx.changed({ rerender: true, focus: next >= 0 ? `field-model.nodes.${next}.name` : "add-node-class" });
  };
  const label = t("layer_n", { n: index + 1, cls: `${node.name} (${cls ?? "?"})` });
  const id = newId("c");
  let classControl;
  if (node.reuse || !entry) {
    classControl = h("strong", { class: "layer-class" }, cls ?? "?");
  } else {
    classControl = layerPicker(ctx, { id, loc: `${loc}.class_name`, value: cls });
    classControl.classList.add("layer-class");
    classControl.setAttribute("aria-label", t("layer_class_of", { n: index + 1 }));
    classControl.addEventListener("change", () => {
      const next = registries.layers[classControl.value];
      node.class_name = next.class_name;
      node.config = carryOver(node.config, next);
      delete node.config.name;
      ctx.changed({ rerender: true, focus: `field-${loc}.class_name` });
    });
  }
  const head = h("div", { class: "layer-head" },
    h("span", { class: "layer-index", "aria-hidden": "true" }, String(index + 1)),
    classControl,
    node.reuse ? h("span", { class: "reuse-tag" }, t("reuses", { name: node.reuse })) : "",
    h("span", { class: "layer-shape", "data-shape-for": node.name }),
    h("span", { class: "layer-actions" },
      h("button", { type: "button", class: "icon", title: t("move_up"), "aria-label": `${t("move_up")}: ${label}`, "data-testid": `node-${index}-up`, disabled: index === 0, onclick: () => move(-1) }, "↑"),
      h("button", { type: "button", class: "icon", title: t("move_down"), "aria-label": `${t("move_down")}: ${label}`, "data-testid": `node-${index}-down`, disabled: index === count - 1, onclick: () => move(1) }, "↓"),
      h("button", { type: "button", class: "icon danger", title: t("remove_layer"), "aria-label": `${t("remove_layer")}: ${label}`, "data-testid": `node-${index}-remove`, onclick: remove }, "✕")));
  const name = nameField(node.name, `${loc}.name`, ctx, (to) => {
    if (!to || to === node.name) return;
    rename(model, node.name, to);
    node.name = to;
    ctx.changed({ rerender: true });
  });
  let body;
  if (node.reuse || !entry) {
    body = h("p", { class: "help" }, t("reuse_help", { name: node.reuse ?? "?" }));
  } else {
    // Arguments fold away so the graph's shape stays readable; the card remembers.
    const summary = Object.entries(node.config).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ");
    body = h("details", { class: "args", open: openNodes.has(node.name) },
      h("summary", {}, t("arguments"), summary ? h("code", {}, ` ${summary.length > 60 ? `${summary.slice(0, 59)}…` : summary}`) : ""),
      fieldGroup(entry.params.filter((p) => p.name !== "name"), node.config, { ...ctx, loc: `${loc}.config`, onChange: (n, v) => { node.config[n] = v; ctx.changed(); } }));
    body.addEventListener("toggle", () => (body.open ? openNodes.add(node.name) : openNodes.delete(node.name)));
  }
  return h("li", { class: `layer-card${node.reuse ? " reused" : ""}`, "data-loc": loc, "data-node": node.name, "aria-label": label },
    head,
    entry && !node.reuse ? h("p", { class: "layer-help", id: `${id}-help` }, entry.help[lang] ?? entry.help.en) : "",
    h("div", { class: "fields" }, name, inputsPicker(model, node, index, ctx)),
    body,
    errorSlot(loc, `${id}-error`),
    errorSlot(`${loc}.reuse`));
}

function inputCard(model, item, index, ctx) {
  const { t } = ctx;
  const loc = `model.inputs.${index}`;
  const [shapeParam, dtypeParam] = ctx.catalog.limits.input;
  const name = nameField(item.name, `${loc}.name`, ctx, (to) => {
    if (!to || to === item.name) return;
    rename(model, item.name, to);
    item.name = to;
    ctx.changed({ rerender: true });
  });
  const remove = model.inputs.length > 1
    ? h("button", { type: "button", class: "icon danger", title: t("remove_input"), "aria-label": `${t("remove_input")}: ${item.name}`, "data-testid": `input-${index}-remove`, onclick: () => { model.inputs.splice(index, 1); ctx.changed({ rerender: true, focus: "field-model.inputs.0.name" }); } }, "✕")
    : "";
  return h("li", { class: "input-card", "data-loc": loc },
    h("div", { class: "layer-head" }, h("strong", {}, "keras.Input"), h("span", { class: "layer-actions" }, remove)),
    h("div", { class: "fields" }, name,
      field(shapeParam, item.shape, { ...ctx, loc: `${loc}.shape`, onChange: (v) => { item.shape = v; ctx.changed(); } }),
      field(dtypeParam, item.dtype, { ...ctx, loc: `${loc}.dtype`, onChange: (v) => { item.dtype = v; ctx.changed(); } })),
    errorSlot(loc));
}

function outputsPicker(model, ctx) {
  const creators = model.nodes.filter((n) => !n.reuse).map((n) => n.name);
  return h("fieldset", { class: "metrics", "data-loc": "model.outputs" }, h("legend", {}, ctx.t("outputs")),
    creators.map((name) => {
      const id = `out-${name}`;
      const box = h("input", { type: "checkbox", id, value: name, "data-testid": `field-model.outputs.${name}` });
      box.checked = model.outputs.includes(name);
      box.addEventListener("change", () => {
        model.outputs = creators.filter((n) => (n === name ? box.checked : model.outputs.includes(n)));
        ctx.changed({ rerender: true });
      });
      return h("label", { class: "check", for: id }, box, h("code", {}, name));
    }),
    errorSlot("model.outputs"),
    errorSlot("model.outputs.0"));
}

export function drawGraph(model, ctx) {
  // Columns by depth (longest path from an input), rows in node order.
  const depth = {};
  for (const i of model.inputs) depth[i.name] = 0;
  for (const n of model.nodes) depth[n.name] = 1 + Math.max(0, ...n.inputs.map((x) => depth[x] ?? 0));
  const rows = {};
  const place = {};
  for (const name of [...model.inputs.map((i) => i.name), ...model.nodes.map((n) => n.name)]) {
    const d = depth[name];
    rows[d] = (rows[d] ?? 0) + 1;
    place[name] = { x: 12 + (rows[d] - 1) * 150, y: 12 + d * 62 };
  }
  const width = 24 + Math.max(...Object.values(rows)) * 150;
  const height = 24 + (Math.max(...Object.values(depth)) + 1) * 62;
  const graph = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": ctx.t("graph_label"), "data-testid": "graph" });
  graph.append(svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto" }, svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#59636e" }))));
  for (const n of model.nodes) {
    for (const source of n.inputs) {
      if (!place[source]) continue;
      const a = place[source];
      const b = place[n.name];
      graph.append(svg("path", { d: `M${a.x + 65},${a.y + 34} C${a.x + 65},${a.y + 50} ${b.x + 65},${b.y - 16} ${b.x + 65},${b.y}`, fill: "none", stroke: "#59636e", "marker-end": "url(#arrow)" }));
    }
  }
  const box = (name, label, kind) => {
    const p = place[name];
    const g = svg("g", { class: `graph-node ${kind}`, "data-node": name });
    g.append(svg("rect", { x: p.x, y: p.y, width: 130, height: 34, rx: 6 }));
    g.append(svg("text", { x: p.x + 65, y: p.y + 14, "text-anchor": "middle", class: "graph-name" }, name));
    g.append(svg("text", { x: p.x + 65, y: p.y + 27, "text-anchor": "middle", class: "graph-class" }, label));
    graph.append(g);
  };
  for (const i of model.inputs) box(i.name, `Input ${JSON.stringify(i.shape)}`, "input");
  for (const n of model.nodes) box(n.name, n.reuse ? `↺ ${n.reuse}` : n.class_name, `${n.reuse ? "reused" : ""} ${model.outputs.includes(n.name) ? "output" : ""}`);
  return graph;
}

export function renderFunctional(box, spec, ctx) {
  const { t } = ctx;
  const model = spec.model;
  const picker = layerPicker(ctx, { id: "add-node-class", testid: "add-node-class" });
  const creators = model.nodes.filter((n) => !n.reuse).map((n) => n.name);
  if (creators.length) picker.append(h("optgroup", { label: t("reuse_group") }, creators.map((name) => h("option", { value: `reuse:${name}` }, t("reuses", { name })))));
  // Where a new node goes. In a chain, before the output layer, as in
  // Sequential: it is called on what the output was called on, and the output
  // on it. In a graph with branches, at the end (so it can read any tensor),
  // or before the node the learner points at, called on the tensor above it.
  const chain = model.nodes.length > 0 && toSequential(model) !== null;
  const position = h("select", { id: "add-node-position", "data-testid": "add-node-position" },
    model.nodes.map((node, i) => h("option", { value: String(i) }, t("add_before", { layer: node.name }))),
    h("option", { value: String(model.nodes.length) }, t("add_at_end")));
  position.value = String(chain ? model.nodes.length - 1 : model.nodes.length);
  const addNode = () => {
    const at = Number(position.value);
    const output = chain && at === model.nodes.length - 1 ? model.nodes[at] : null;
    const above = at > 0 ? model.nodes[at - 1].name : model.inputs[0].name;
    const source = output ? output.inputs[0] : above;
    let node;
    if (picker.value.startsWith("reuse:")) {
      // a shared layer is most often called on the other input (a siamese encoder)
      const target = model.nodes.find((n) => n.name === picker.value.slice(6));
      const other = model.inputs.map((i) => i.name).find((n) => !target.inputs.includes(n));
      node = { name: uniqueName(model, `${target.name}_again`), reuse: target.name, inputs: [other ?? source] };
    } else {
      const entry = ctx.registries.layers[picker.value];
      const inputs = ctx.merge.has(entry.class_name) ? [source, ...model.inputs.map((i) => i.name).filter((n) => n !== source)].slice(0, 2) : [source];
      node = { name: uniqueName(model, snake(entry.class_name)), class_name: entry.class_name, config: suggested(entry), inputs };
      openNodes.add(node.name); // a new node shows its arguments
    }
    model.nodes.splice(at, 0, node);
    if (output) output.inputs = [node.name];
    ctx.changed({ rerender: true, focus: `field-model.nodes.${at}.name` });
  };
  box.replaceChildren(
    h("div", { class: "functional" },
      h("figure", { class: "graph" }, drawGraph(model, ctx), h("figcaption", {}, t("graph_caption"))),
      h("div", { class: "functional-editor" },
        h("h3", {}, t("model_inputs")),
        h("ol", { class: "layer-list", "data-testid": "input-list" }, model.inputs.map((item, i) => inputCard(model, item, i, ctx))),
        h("button", { type: "button", "data-testid": "add-input", onclick: () => {
          model.inputs.push({ name: uniqueName(model, "input"), shape: [...model.inputs[0].shape], dtype: "float32" });
          ctx.changed({ rerender: true });
        } }, `+ ${t("add_input")}`),
        h("h3", {}, t("nodes")),
        h("ol", { class: "layer-list", "data-testid": "node-list" }, model.nodes.map((node, i) => nodeCard(model, node, i, ctx))),
        model.nodes.length ? "" : h("p", { class: "empty" }, t("nodes_empty")),
        h("div", { class: "add-layer", "data-hide": "add-layer" },
          h("label", { for: "add-node-class" }, t("add_layer_choose")), picker,
          model.nodes.length ? [h("label", { for: "add-node-position" }, t("add_layer_where")), position] : "",
          h("button", { type: "button", "data-testid": "add-node", onclick: addNode }, `+ ${t("add_node")}`)),
        outputsPicker(model, ctx))),
  );
}
