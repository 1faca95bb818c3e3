// Several real Keras optimizers walking down the same 2-D surface from the
// same start: their paths drawn over the surface's contours.

import { h } from "../util.js";
import { attempt, errorBox, fmt, form, plot, table } from "./common.js";

const RACERS = [["SGD", 0.001], ["SGD+momentum", 0.001], ["RMSprop", 0.01], ["Adam", 0.05], ["Adagrad", 0.5], ["Adadelta", 1.0], ["Adamax", 0.05], ["Nadam", 0.05], ["Ftrl", 0.5]];
// names are written in these colours too: each reads at 4.5:1 or better on white
const COLORS = ["#c2410c", "#9c2c00", "#1864ab", "#2b7a3b", "#862e9c", "#8a4b00", "#0b7285", "#a61e4d", "#495057"];

function optimizerFor(name, lr, extra) {
  if (name === "SGD+momentum") return { class_name: "SGD", config: { momentum: 0.9, ...extra, learning_rate: lr } };
  return { class_name: name, config: { ...extra, learning_rate: lr } };
}

export function mount(body, { t, post }) {
  const chart = h("div", { class: "wchart", "data-testid": "race-plot" });
  const results = h("div", { class: "wout" });
  const error = errorBox();
  const { element, values } = form([
    { name: "function", label: t("w_surface"), kind: "select", value: "rosenbrock", options: ["quadratic", "saddle", "rosenbrock", "beale"] },
    { name: "x0", label: "x₀", kind: "number", value: -1.5, step: 0.1 },
    { name: "y0", label: "y₀", kind: "number", value: 1.5, step: 0.1 },
    { name: "steps", label: t("w_steps"), kind: "number", value: 200, min: 1, max: 1000, step: 10 },
  ], () => run());
  // one row per optimizer: race it or not, and its learning rate
  const racerRows = RACERS.map(([name, lr], i) => {
    values[`on_${i}`] = ["SGD", "SGD+momentum", "RMSprop", "Adam"].includes(name);
    values[`lr_${i}`] = lr;
    const box = h("input", { type: "checkbox", "aria-label": name });
    box.checked = values[`on_${i}`];
    box.addEventListener("change", () => { values[`on_${i}`] = box.checked; run(); });
    const rate = h("input", { type: "number", step: "any", value: String(lr), "aria-label": `${name} learning_rate` });
    rate.addEventListener("change", () => { values[`lr_${i}`] = Number(rate.value); run(); });
    // any other argument of the optimizer, e.g. {"amsgrad": true} or {"beta_1": 0}
    values[`extra_${i}`] = {};
    const extra = h("input", { type: "text", placeholder: "{}", spellcheck: "false", "aria-label": `${name} ${t("w_extra_config")}`, size: 18 });
    extra.addEventListener("change", () => {
      try {
        values[`extra_${i}`] = extra.value.trim() ? JSON.parse(extra.value) : {};
        extra.removeAttribute("aria-invalid");
        run();
      } catch {
        extra.setAttribute("aria-invalid", "true");
      }
    });
    return h("tr", {}, h("td", {}, box), h("td", { style: `color: ${COLORS[i]}` }, name), h("td", {}, rate), h("td", {}, extra));
  });
  const racers = h("table", { class: "wtable" }, h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", {}, t("w_optimizer")), h("th", {}, "learning_rate"), h("th", {}, t("w_extra_config")))), h("tbody", {}, racerRows));
  async function run() {
    const surface = await attempt(error, () => post("gradient", { function: values.function, point: [0, 0], grid: 61 }));
    if (!surface) return;
    const racing = RACERS.map(([name], i) => [name, i]).filter(([, i]) => values[`on_${i}`]);
    const paths = await attempt(error, () => Promise.all(racing.map(([name, i]) =>
      post("optimizer", { optimizer: optimizerFor(name, values[`lr_${i}`], values[`extra_${i}`]), function: values.function, start: [values.x0, values.y0], steps: values.steps }))));
    if (!paths) return;
    plot(chart, [
      { type: "contour", x: surface.x, y: surface.y, z: surface.z.map((row) => row.map((v) => Math.log10(1 + v))), colorscale: "Greys", showscale: false, contours: { coloring: "lines" }, hoverinfo: "skip", name: "log10(1 + f)" },
      ...paths.map((p, k) => ({ type: "scatter", mode: "lines", name: racing[k][0], x: p.trajectory.map((q) => q[0]), y: p.trajectory.map((q) => q[1]), line: { color: COLORS[racing[k][1]], width: 2 } })),
    ], { height: 380, xaxis: { range: [surface.x[0], surface.x[surface.x.length - 1]] }, yaxis: { range: [surface.y[0], surface.y[surface.y.length - 1]] } });
    results.replaceChildren(table([t("w_optimizer"), t("w_final_point"), t("w_final_loss")], paths.map((p, k) => {
      const last = p.trajectory[p.trajectory.length - 1];
      const final = p.losses[p.losses.length - 1];
      return [racing[k][0], final === null ? t("w_diverged") : `(${fmt(last[0])}, ${fmt(last[1])})`, final === null ? t("w_diverged") : fmt(final)];
    })));
  }
  body.replaceChildren(element, racers, error, chart, results);
  return run();
}
