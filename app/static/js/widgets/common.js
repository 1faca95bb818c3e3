// Small pieces the widgets share: a form from field descriptions, a call
// that shows its errors in place, number formatting, Plotly drawing.

import { withNumbers } from "../numbers.js";
import { react } from "../plotly.js";
import { debounce, h, makeT } from "../util.js";

const boot = JSON.parse(document.getElementById("kp-boot").textContent);
const t = makeT(boot.strings, boot.lang);

export function fmt(x, digits = 4) {
  if (x === null || x === undefined) return "—";
  if (typeof x !== "number") return String(x);
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5)) return x.toExponential(3);
  return String(Number(x.toFixed(digits)));
}

export function fmtArray(a, digits = 4) {
  return Array.isArray(a) ? `[${a.map((v) => fmtArray(v, digits)).join(", ")}]` : fmt(a, digits);
}

let nextId = 0;

// fields: [{name, label, kind: number|select|text|textarea|checkbox|range, value, options, min, max, step}]
export function form(fields, onChange) {
  const values = Object.fromEntries(fields.map((f) => [f.name, f.value]));
  const fire = debounce(() => onChange(values), 250);
  const els = fields.map((f) => {
    const id = `w${nextId++}`;
    let input;
    if (f.kind === "select") {
      input = h("select", { id }, f.options.map((o) => (Array.isArray(o) ? h("option", { value: o[0] }, o[1]) : h("option", { value: o }, o))));
      input.value = f.value;
    } else if (f.kind === "textarea") {
      input = h("textarea", { id, rows: f.rows ?? 3, spellcheck: "false" });
      input.value = f.value;
    } else if (f.kind === "checkbox") {
      input = h("input", { id, type: "checkbox" });
      input.checked = Boolean(f.value);
    } else {
      input = h("input", { id, type: f.kind === "range" ? "range" : f.kind === "text" ? "text" : "number", min: f.min, max: f.max, step: f.step ?? "any" });
      input.value = f.value ?? "";
    }
    const output = f.kind === "range" ? h("output", { for: id }, String(f.value)) : null;
    input.addEventListener(f.kind === "select" || f.kind === "checkbox" ? "change" : "input", () => {
      let v = f.kind === "checkbox" ? input.checked : input.value;
      if (f.kind === "number" || f.kind === "range") v = v === "" ? null : Number(v);
      values[f.name] = v;
      if (output) output.textContent = String(v);
      fire();
    });
    return h("label", { class: `wfield wfield-${f.kind}`, for: id }, h("span", {}, f.label), input, output);
  });
  return { element: h("div", { class: "wform" }, els), values };
}

export function errorBox() {
  return h("p", { class: "field-error", role: "alert", hidden: true });
}

export async function attempt(box, action) {
  // Run a call; on failure show the server's words in `box`.
  box.hidden = true;
  try {
    return await action();
  } catch (error) {
    box.textContent = error.message;
    box.hidden = false;
    return null;
  }
}

export function table(headers, rows) {
  return h("table", { class: "wtable" },
    h("thead", {}, h("tr", {}, headers.map((x) => h("th", {}, x)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, c))))));
}

export function plot(div, traces, layout) {
  // Plotly is loaded the first time a widget draws (plotly.js). Under the
  // chart, its points as a table on request: the chart's text alternative.
  const base = { margin: { l: 44, r: 12, t: 28, b: 36 }, height: 300, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)", legend: { orientation: "h" } };
  if (!div.dataset.numbers && div.parentNode) {
    div.dataset.numbers = "true";
    const [, toggle, box] = withNumbers(div, {
      t, testid: div.dataset.testid ?? "widget-chart", caption: layout?.title?.text ?? "",
      headers: ["", "x", "y"],
      rows: () => (div.data ?? []).filter((trace) => Array.isArray(trace.y) && !trace.z)
        .flatMap((trace) => trace.y.slice(0, 300).map((y, i) => [trace.name ?? "", fmt(trace.x?.[i]), fmt(y)])),
    });
    div.after(toggle, box);
  }
  return react(div, traces, { ...base, ...layout });
}
