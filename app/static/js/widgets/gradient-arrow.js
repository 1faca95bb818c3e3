// A 2-D surface; click anywhere to move the point: the arrow is the negative
// gradient (the steepest way down), with the value, gradient and Hessian.

import { h } from "../util.js";
import { attempt, errorBox, fmt, fmtArray, form, plot } from "./common.js";

export function mount(body, { t, post }) {
  const chart = h("div", { class: "wchart", "data-testid": "gradient-plot" });
  const numbers = h("p", { class: "wout" });
  const error = errorBox();
  let point = [1, 1];
  const { element, values } = form([
    { name: "function", label: t("w_surface"), kind: "select", value: "bowl", options: ["bowl", "quadratic", "saddle", "rosenbrock", "beale", "ripples"] },
  ], () => run());
  async function run() {
    const r = await attempt(error, () => post("gradient", { function: values.function, point, grid: 41 }));
    if (!r) return;
    const [gx, gy] = r.gradient;
    const norm = Math.hypot(gx, gy) || 1;
    const span = r.x[r.x.length - 1] - r.x[0];
    const len = span / 6;
    plot(chart, [
      { type: "contour", x: r.x, y: r.y, z: r.z, colorscale: "YlOrRd", ncontours: 25, showscale: false, hoverinfo: "x+y+z" },
      { type: "scatter", mode: "markers", x: [point[0]], y: [point[1]], marker: { size: 10, color: "#1c7ed6" }, name: t("w_point") },
    ], {
      title: { text: t("w_click_to_move"), font: { size: 12 } },
      height: 360,
      annotations: [{ x: point[0] - (gx / norm) * len, y: point[1] - (gy / norm) * len, ax: point[0], ay: point[1], xref: "x", yref: "y", axref: "x", ayref: "y", showarrow: true, arrowhead: 3, arrowwidth: 2, arrowcolor: "#1c7ed6" }],
      xaxis: { range: [r.x[0], r.x[r.x.length - 1]] }, yaxis: { range: [r.y[0], r.y[r.y.length - 1]], scaleanchor: "x" },
    });
    numbers.textContent = t("w_gradient_numbers", { point: fmtArray(point, 2), value: fmt(r.value), gradient: fmtArray(r.gradient), hessian: fmtArray(r.hessian) });
  }
  body.replaceChildren(element, error, chart, numbers);
  chart.addEventListener("click", (event) => {
    // Plotly's axes: turn the click into data coordinates
    const layout = chart._fullLayout;
    if (!layout) return;
    const rect = chart.querySelector(".nsewdrag")?.getBoundingClientRect();
    if (!rect) return;
    const x = layout.xaxis.p2c(event.clientX - rect.left);
    const y = layout.yaxis.p2c(event.clientY - rect.top);
    if (Number.isFinite(x) && Number.isFinite(y)) {
      point = [Math.max(-5, Math.min(5, x)), Math.max(-5, Math.min(5, y))];
      run();
    }
  });
  return run();
}
