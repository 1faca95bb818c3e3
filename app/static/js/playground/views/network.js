// What every neuron computes, drawn as TensorFlow Playground draws a network:
// a column per layer, each unit a small map of its output over the input
// plane, and the weights between units as lines whose width is their size and
// whose colour is their sign. Pointing at a unit (or focusing it with Tab)
// shows its incoming weights. Fed by the run's `neurons` events; a slider
// goes back through the epochs.

import { h } from "../../util.js";
import { formatNumber } from "../linechart.js";

const SVG = "http://www.w3.org/2000/svg";
const NEGATIVE = [245, 147, 34]; // orange, as TensorFlow Playground
const ZERO = [232, 234, 235];
const POSITIVE = [8, 119, 189]; // blue

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function colour(v) {
  // -1 … 0 … 1 → orange … grey … blue
  const t = Math.max(-1, Math.min(1, v));
  const [from, to] = t < 0 ? [ZERO, NEGATIVE] : [ZERO, POSITIVE];
  const a = Math.abs(t);
  return from.map((c, i) => Math.round(c + (to[i] - c) * a));
}

function picture(grid, centre, scale) {
  // A 24 x 24 map as a PNG data URL; row 0 (the lowest y) at the bottom.
  const n = grid.length;
  const canvas = document.createElement("canvas");
  canvas.width = n;
  canvas.height = n;
  const g = canvas.getContext("2d");
  const image = g.createImageData(n, n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const [red, green, blue] = colour((grid[r][c] - centre) / scale);
      const p = ((n - 1 - r) * n + c) * 4;
      image.data[p] = red;
      image.data[p + 1] = green;
      image.data[p + 2] = blue;
      image.data[p + 3] = 255;
    }
  }
  g.putImageData(image, 0, 0);
  return canvas.toDataURL();
}

const SQUASHING = new Set(["sigmoid", "softmax", "hard_sigmoid"]);

export class Network {
  constructor(panel, { t }) {
    this.panel = panel;
    this.t = t;
    this.reset();
  }

  reset() {
    this.events = [];
    this.shown = null; // index of the epoch shown; null follows the newest
    this.detail = null;
  }

  add(event) { this.events.push(event); }

  columns(event) {
    // The inputs, then each Dense layer: [{name, units: [{map, weights, bias, label}], activation}]
    const grid = (f) => event.y.map((yv) => event.x.map((xv) => f(xv, yv)));
    const inputs = { name: this.t("network_inputs"), activation: "linear", units: [
      { label: "x₁", map: grid((x) => x), weights: [], bias: null },
      { label: "x₂", map: grid((x, y) => y), weights: [], bias: null },
    ] };
    const layers = event.layers.map((layer) => ({ name: layer.name, activation: layer.activation, units: layer.units.map((map, k) => ({ label: `${layer.name} #${k + 1}`, map, weights: layer.weights[k] ?? [], bias: layer.bias?.[k] ?? null })) }));
    return [inputs, ...layers];
  }

  draw() {
    const { t } = this;
    if (!this.events.length) {
      this.panel.replaceChildren(h("p", { class: "empty" }, t("view_network_empty")));
      return;
    }
    const index = this.shown ?? this.events.length - 1;
    const event = this.events[index];
    const slider = h("input", { type: "range", min: 1, max: this.events.length, value: index + 1, id: "network-epoch", "data-testid": "network-epoch" });
    slider.addEventListener("input", () => {
      const i = Number(slider.value) - 1;
      this.shown = i === this.events.length - 1 ? null : i;
      this.draw();
      this.panel.querySelector("#network-epoch")?.focus();
    });
    const columns = this.columns(event);
    const most = Math.max(...columns.map((c) => c.units.length));
    const size = most > 8 ? 26 : 38;
    const gap = most > 8 ? 6 : 10;
    const step = 130;
    const top = 28;
    const height = top + most * (size + gap) + 8;
    const width = 30 + columns.length * step;
    const place = columns.map((column, ci) => column.units.map((_, ui) => {
      const offset = ((most - column.units.length) * (size + gap)) / 2;
      return { x: 20 + ci * step, y: top + offset + ui * (size + gap) };
    }));
    const drawing = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "network-svg", role: "group", "aria-label": t("network_label", { epoch: event.epoch + 1 }), "data-testid": "network" });
    // the weights, behind the units
    const wires = svg("g", { class: "wires" });
    columns.forEach((column, ci) => {
      if (ci === 0) return;
      const peak = Math.max(1e-9, ...column.units.flatMap((u) => u.weights.map(Math.abs)));
      column.units.forEach((unit, ui) => unit.weights.forEach((w, si) => {
        const from = place[ci - 1][si];
        if (!from) return;
        const to = place[ci][ui];
        wires.append(svg("path", {
          d: `M${from.x + size},${from.y + size / 2} C${from.x + size + 40},${from.y + size / 2} ${to.x - 40},${to.y + size / 2} ${to.x},${to.y + size / 2}`,
          stroke: `rgb(${(w < 0 ? NEGATIVE : POSITIVE).join(",")})`, "stroke-width": (0.4 + 3.6 * Math.abs(w) / peak).toFixed(2), fill: "none", opacity: 0.7,
          "data-from": `${ci - 1}:${si}`, "data-to": `${ci}:${ui}`,
        }));
      }));
    });
    drawing.append(wires);
    columns.forEach((column, ci) => {
      // outputs centred where the activation is: 0.5 for a sigmoid, 0 otherwise
      const centre = SQUASHING.has(column.activation) ? 0.5 : 0;
      const scale = Math.max(1e-9, ...column.units.flatMap((u) => u.map.flat().map((v) => Math.abs(v - centre))));
      drawing.append(svg("text", { x: place[ci][0].x + size / 2, y: 16, "text-anchor": "middle", class: "network-title" }, ci === 0 ? column.name : `${column.name} · ${column.activation}`));
      column.units.forEach((unit, ui) => {
        const { x, y } = place[ci][ui];
        const g = svg("g", { class: "unit", tabindex: "0", role: "img", "aria-label": unit.label, "data-unit": `${ci}:${ui}` },
          svg("image", { href: picture(unit.map, centre, scale), x, y, width: size, height: size, preserveAspectRatio: "none" }),
          svg("rect", { x, y, width: size, height: size, class: "unit-frame" }));
        const show = () => this.describe(columns, ci, ui, drawing);
        g.addEventListener("pointerenter", show);
        g.addEventListener("focus", show);
        drawing.append(g);
      });
    });
    this.detailBox = h("div", { class: "network-detail", "aria-live": "polite", "data-testid": "network-detail" }, t("network_hint"));
    this.panel.replaceChildren(
      h("div", { class: "view-controls" }, h("label", { for: "network-epoch" }, t("network_epoch", { epoch: event.epoch + 1 })), slider),
      h("div", { class: "network-frame" }, drawing),
      h("p", { class: "help" }, t("network_legend")),
      this.detailBox);
    if (this.detail) this.describe(columns, ...this.detail, drawing);
  }

  describe(columns, ci, ui, drawing) {
    // One unit's incoming weights, and its wires drawn over the others.
    const { t } = this;
    this.detail = [ci, ui];
    const unit = columns[ci].units[ui];
    for (const wire of drawing.querySelectorAll(".wires path")) wire.classList.toggle("lit", wire.dataset.to === `${ci}:${ui}`);
    if (ci === 0) {
      this.detailBox.replaceChildren(t("network_input_unit", { name: unit.label }));
      return;
    }
    const sources = columns[ci - 1].units;
    this.detailBox.replaceChildren(
      h("strong", {}, `${unit.label} (${columns[ci].activation})`),
      unit.bias === null ? "" : ` · bias ${formatNumber(unit.bias)}`,
      h("table", { class: "summary" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("network_from")), h("th", { scope: "col", class: "num" }, t("network_weight")))),
        h("tbody", {}, unit.weights.map((w, si) => h("tr", {}, h("td", {}, sources[si]?.label ?? `#${si + 1}`), h("td", { class: `num ${w < 0 ? "neg" : "pos"}` }, formatNumber(w)))))));
  }
}
