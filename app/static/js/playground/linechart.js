// A small line chart drawn as SVG, for the live training curves. It draws in
// a few milliseconds with no library to load, so the first point of a run is
// on screen as soon as it arrives (Plotly, 1.5 MB, is loaded only for the
// other views). It has what the scalars need: several series (dashed, faint,
// with markers), a linear or log y axis scaled to the values, vertical marks,
// a legend whose entries hide and show their series, a tooltip with every
// series' value at the epoch under the pointer (or the arrow keys), and the
// same numbers as a table on request (the chart's text alternative).
//
// For tests and tools the container keeps what it drew: `div.data` (the
// series: {name, x, y}) and `div.layout.yaxis.type`.

import { h } from "../util.js";

const SVG = "http://www.w3.org/2000/svg";
const MARGIN = { l: 56, r: 14, t: 10, b: 34 };

export function niceStep(span, count = 5) {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 2.5 ? 2.5 : unit <= 5 ? 5 : 10) * power;
}

export function formatNumber(v, digits = 4) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(Math.max(0, digits - 2)).replace("e+", "e");
  return String(Number(v.toPrecision(digits)));
}

function tickLabel(v, step) {
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(1).replace("e+", "e");
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return v.toFixed(Math.min(decimals, 6));
}

export function yDomain(values, log) {
  // The range the values need: padded a little, never a made-up -1..1.
  const finite = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  if (!finite.length) return log ? [0.1, 10] : [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (log) {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    const pad = a === b ? 0.5 : (b - a) * 0.05;
    return [10 ** (a - pad), 10 ** (b + pad)];
  }
  if (lo === hi) {
    const pad = Math.abs(lo) * 0.5 || 1;
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * 0.06;
  lo -= pad;
  hi += pad;
  return [lo, hi];
}

function yTicks([lo, hi], log) {
  if (log) {
    const ticks = [];
    for (let p = Math.floor(Math.log10(lo)); p <= Math.ceil(Math.log10(hi)); p++) {
      for (const m of Math.log10(hi) - Math.log10(lo) < 1.2 ? [1, 2, 5] : [1]) {
        const v = m * 10 ** p;
        if (v >= lo && v <= hi) ticks.push({ v, label: formatNumber(v, 2) });
      }
    }
    return ticks;
  }
  const step = niceStep(hi - lo, 4);
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push({ v, label: tickLabel(Math.abs(v) < step * 1e-9 ? 0 : v, step) });
  return ticks;
}

function el(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

export class LineChart {
  constructor(div, { t, title, height = 230, xTitle }) {
    this.div = div;
    this.t = t;
    this.title = title;
    this.height = height;
    this.xTitle = xTitle;
    this.hidden = new Set(); // series the learner switched off in the legend
    this.hover = null;
    this.series = [];
    this.marks = [];
    this.log = false;
    const id = div.id || `chart-${Math.random().toString(36).slice(2)}`;
    this.plot = h("div", { class: "lchart-plot", tabindex: "0", role: "img", "aria-describedby": `${id}-caption` });
    this.tip = h("div", { class: "lchart-tip", role: "status", hidden: true });
    this.legend = h("ul", { class: "lchart-legend" });
    this.tableBox = h("div", { class: "lchart-table", hidden: true });
    this.tableToggle = h("button", { type: "button", class: "link", "aria-expanded": "false", "data-testid": `${div.dataset.testid ?? id}-table-toggle`, onclick: () => this.toggleTable() }, t("chart_show_data"));
    this.caption = h("p", { class: "visually-hidden", id: `${id}-caption` });
    div.replaceChildren(
      h("div", { class: "lchart-head" }, h("h4", { class: "lchart-title" }, title), this.tableToggle),
      this.plot, this.caption, this.legend, this.tableBox);
    this.plot.append(this.tip);
    this.plot.addEventListener("pointermove", (e) => this.pointAt(e));
    this.plot.addEventListener("pointerleave", () => this.setHover(null));
    this.plot.addEventListener("keydown", (e) => this.key(e));
    this.plot.addEventListener("blur", () => this.setHover(null));
    this.div.data = [];
    this.div.layout = { yaxis: { type: "linear" } };
  }

  set({ series, log = false, marks = [] }) {
    this.series = series;
    this.log = log;
    this.marks = marks;
    this.div.data = series.map((s) => ({ name: s.name, x: s.x, y: s.y }));
    this.div.layout = { yaxis: { type: log ? "log" : "linear" } };
    return this.draw();
  }

  visible() {
    return this.series.filter((s) => !this.hidden.has(s.group ?? s.name));
  }

  draw() {
    const width = this.plot.clientWidth;
    if (!width) return false; // hidden (another tab): drawn again when it shows
    const height = this.height;
    const shown = this.visible();
    const xs = shown.flatMap((s) => s.x);
    const xMax = Math.max(1, ...xs);
    const [lo, hi] = yDomain(shown.flatMap((s) => s.y), this.log);
    const fy = this.log ? (v) => Math.log10(v) : (v) => v;
    const px = (x) => MARGIN.l + (x / xMax) * (width - MARGIN.l - MARGIN.r);
    const py = (y) => MARGIN.t + (1 - (fy(y) - fy(lo)) / (fy(hi) - fy(lo))) * (height - MARGIN.t - MARGIN.b);
    this.geometry = { px, py, xMax, width, height };
    const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, width, height, "aria-hidden": "true", class: "lchart-svg" });
    // y grid and ticks
    for (const tick of yTicks([lo, hi], this.log)) {
      const y = py(tick.v);
      svg.append(el("line", { x1: MARGIN.l, x2: width - MARGIN.r, y1: y, y2: y, class: "grid" }));
      svg.append(el("text", { x: MARGIN.l - 6, y: y + 4, "text-anchor": "end", class: "tick" }, tick.label));
    }
    // x ticks: whole epochs
    const step = Math.max(1, Math.round(niceStep(xMax, Math.max(2, Math.floor(width / 70)))));
    for (let x = 0; x <= xMax + 1e-9; x += step) {
      svg.append(el("text", { x: px(x), y: height - MARGIN.b + 15, "text-anchor": "middle", class: "tick" }, String(x)));
    }
    svg.append(el("line", { x1: MARGIN.l, x2: width - MARGIN.r, y1: height - MARGIN.b, y2: height - MARGIN.b, class: "axis" }));
    svg.append(el("text", { x: (MARGIN.l + width - MARGIN.r) / 2, y: height - 4, "text-anchor": "middle", class: "axis-title" }, this.xTitle));
    // marks: best epoch, early stop, learning-rate changes
    for (const mark of this.marks) {
      if (mark.x > xMax) continue;
      const x = px(mark.x);
      // a label near the right edge is written to the left of its line
      const anchor = mark.anchor ?? (x > width - MARGIN.r - 110 ? "end" : "start");
      svg.append(el("line", { x1: x, x2: x, y1: MARGIN.t, y2: height - MARGIN.b, class: `mark ${mark.kind}` }));
      svg.append(el("text", { x: x + (anchor === "end" ? -3 : 3), y: MARGIN.t + 10 + (mark.row ?? 0) * 12, "text-anchor": anchor, class: `mark-label ${mark.kind}` }, mark.label));
    }
    // the series, faint ones first
    for (const s of shown) {
      let d = "";
      let pen = false;
      s.x.forEach((x, i) => {
        const y = s.y[i];
        if (y === null || y === undefined || !Number.isFinite(y) || (this.log && y <= 0)) { pen = false; return; }
        d += `${pen ? "L" : "M"}${px(x).toFixed(1)},${py(y).toFixed(1)}`;
        pen = true;
      });
      svg.append(el("path", { d, fill: "none", stroke: s.color, "stroke-width": s.width ?? 2, "stroke-dasharray": s.dash === "dash" ? "6 4" : s.dash === "dot" ? "2 3" : null, opacity: s.opacity ?? 1 }));
      if (s.markers && s.x.length <= 40) {
        s.x.forEach((x, i) => {
          const y = s.y[i];
          if (Number.isFinite(y) && (!this.log || y > 0)) svg.append(el("circle", { cx: px(x), cy: py(y), r: 2.6, fill: s.color }));
        });
      }
    }
    this.guide = el("line", { y1: MARGIN.t, y2: height - MARGIN.b, class: "guide", visibility: "hidden" });
    svg.append(this.guide);
    this.plot.querySelector("svg")?.remove();
    this.plot.prepend(svg);
    this.drawLegend();
    this.describe();
    if (!this.tableBox.hidden) this.drawTable();
    if (this.hover !== null) this.setHover(this.hover);
    return true;
  }

  drawLegend() {
    const entries = [];
    const seen = new Set();
    for (const s of this.series) {
      const key = s.group ?? s.name;
      if (s.legend === false || seen.has(key)) continue;
      seen.add(key);
      const on = !this.hidden.has(key);
      entries.push(h("li", {}, h("button", { type: "button", class: "legend-item", "aria-pressed": String(on), onclick: () => { if (on) this.hidden.add(key); else this.hidden.delete(key); this.draw(); } },
        h("span", { class: `swatch ${s.dash ?? ""}`, style: `border-color:${s.color}` }), s.group ?? s.name)));
    }
    this.legend.replaceChildren(...entries);
  }

  describe() {
    // The chart in one sentence, for a screen reader: what it shows and where it ended.
    const main = this.series.find((s) => s.legend !== false && s.y.some(Number.isFinite));
    if (!main) {
      this.caption.textContent = this.title;
      return;
    }
    const last = main.y.length - 1;
    this.caption.textContent = this.t("chart_described", { title: this.title, name: main.name, n: main.x.length, value: formatNumber(main.y[last]) });
    this.plot.setAttribute("aria-label", this.title);
  }

  epochs() {
    // The x values a tooltip can stop at: those of the per-epoch series.
    const xs = new Set();
    for (const s of this.visible()) if (s.hover !== false) for (const x of s.x) xs.add(x);
    return [...xs].sort((a, b) => a - b);
  }

  pointAt(event) {
    if (!this.geometry) return;
    const rect = this.plot.getBoundingClientRect();
    const x = ((event.clientX - rect.left - MARGIN.l) / (this.geometry.width - MARGIN.l - MARGIN.r)) * this.geometry.xMax;
    const xs = this.epochs();
    if (!xs.length) return;
    this.setHover(xs.reduce((best, v) => (Math.abs(v - x) < Math.abs(best - x) ? v : best), xs[0]));
  }

  key(event) {
    const xs = this.epochs();
    if (!xs.length) return;
    const i = this.hover === null ? -1 : xs.indexOf(this.hover);
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      event.preventDefault();
      const next = event.key === "ArrowRight" ? Math.min(xs.length - 1, i + 1) : Math.max(0, (i < 0 ? xs.length : i) - 1);
      this.setHover(xs[next]);
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      this.setHover(event.key === "Home" ? xs[0] : xs[xs.length - 1]);
    } else if (event.key === "Escape") this.setHover(null);
  }

  valuesAt(x) {
    return this.visible().filter((s) => s.hover !== false).map((s) => {
      const i = s.x.indexOf(x);
      return { name: s.name, color: s.color, dash: s.dash, value: i < 0 ? undefined : s.y[i] };
    }).filter((r) => r.value !== undefined);
  }

  setHover(x) {
    this.hover = x;
    if (x === null || !this.geometry) {
      this.tip.hidden = true;
      this.guide?.setAttribute("visibility", "hidden");
      return;
    }
    const px = this.geometry.px(x);
    this.guide.setAttribute("x1", px);
    this.guide.setAttribute("x2", px);
    this.guide.setAttribute("visibility", "visible");
    this.tip.replaceChildren(h("strong", {}, `${this.xTitle} ${formatNumber(x, 4)}`),
      ...this.valuesAt(x).map((r) => h("div", { class: "tip-row" }, h("span", { class: `swatch ${r.dash ?? ""}`, style: `border-color:${r.color}` }), `${r.name}: `, h("b", {}, formatNumber(r.value)))));
    this.tip.hidden = false;
    const room = this.geometry.width - px;
    this.tip.style.left = room > 200 ? `${px + 10}px` : "";
    this.tip.style.right = room > 200 ? "" : `${room + 10}px`;
  }

  toggleTable() {
    const open = this.tableBox.hidden;
    this.tableBox.hidden = !open;
    this.tableToggle.setAttribute("aria-expanded", String(open));
    this.tableToggle.textContent = this.t(open ? "chart_hide_data" : "chart_show_data");
    if (open) this.drawTable();
  }

  drawTable() {
    const series = this.series.filter((s) => s.hover !== false && s.legend !== false);
    const xs = [...new Set(series.flatMap((s) => s.x))].sort((a, b) => a - b);
    this.tableBox.replaceChildren(h("table", { class: "summary" },
      h("caption", { class: "visually-hidden" }, this.title),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, this.xTitle), series.map((s) => h("th", { scope: "col" }, s.name)))),
      h("tbody", {}, xs.map((x) => h("tr", {}, h("th", { scope: "row" }, formatNumber(x)), series.map((s) => {
        const i = s.x.indexOf(x);
        return h("td", { class: "num" }, i < 0 ? "" : formatNumber(s.y[i]));
      }))))));
  }
}
