// A 2-D surface with the gradient at a point you drag (or click): the arrow
// is the gradient itself, pointing up the steepest way and as long as the
// surface is steep; gradient descent walks against it. Keras's autodiff
// gives the value, the gradient and the Hessian.

import { debounce, h } from "../util.js";
import { attempt, errorBox, fmt, fmtArray, form, plot } from "./common.js";

export function mount(body, { t, post }) {
  const chart = h("div", { class: "wchart", "data-testid": "gradient-plot", style: "touch-action: none" });
  // what to do, above the chart (not its title: on a phone the chart's toolbar would sit on it)
  const hint = h("p", { class: "whint" }, t("w_drag_point"));
  const numbers = h("p", { class: "wout" });
  const error = errorBox();
  let point = [1, 1];
  let surface = null;
  const { element, values } = form([
    { name: "function", label: t("w_surface"), kind: "select", value: "bowl", options: ["bowl", "quadratic", "saddle", "rosenbrock", "beale", "ripples"] },
  ], () => { surface = null; run(); });
  async function run() {
    const r = await attempt(error, () => post("gradient", { function: values.function, point, grid: 41 }));
    if (!r) return;
    surface = r;
    const [gx, gy] = r.gradient;
    const span = r.x[r.x.length - 1] - r.x[0];
    const zs = r.z.flat();
    const slope = (Math.max(...zs) - Math.min(...zs)) / span || 1; // a typical steepness of this surface
    const norm = Math.hypot(gx, gy);
    const length = Math.min((norm / slope) * (span / 6), span / 3);
    const tip = norm > 0 ? [point[0] + (gx / norm) * length, point[1] + (gy / norm) * length] : point;
    plot(chart, [
      { type: "contour", x: r.x, y: r.y, z: r.z, colorscale: "YlOrRd", ncontours: 25, showscale: false, hoverinfo: "skip" },
      { type: "scatter", mode: "markers", x: [point[0]], y: [point[1]], marker: { size: 12, color: "#1c7ed6", line: { color: "#fff", width: 2 } }, hoverinfo: "skip", showlegend: false },
    ], {
      height: 380,
      dragmode: false,
      annotations: norm > 0 ? [{ x: tip[0], y: tip[1], ax: point[0], ay: point[1], xref: "x", yref: "y", axref: "x", ayref: "y", showarrow: true, arrowhead: 3, arrowwidth: 2.5, arrowcolor: "#1c7ed6" }] : [],
      xaxis: { range: [r.x[0], r.x[r.x.length - 1]], fixedrange: true }, yaxis: { range: [r.y[0], r.y[r.y.length - 1]], scaleanchor: "x", fixedrange: true },
    });
    numbers.textContent = t("w_gradient_numbers", { point: fmtArray(point, 2), value: fmt(r.value), gradient: fmtArray(r.gradient), hessian: fmtArray(r.hessian) });
  }
  const moveLater = debounce(run, 60);
  function pointAt(event) {
    const layout = chart._fullLayout;
    const rect = chart.querySelector(".nsewdrag")?.getBoundingClientRect();
    if (!layout || !rect || !surface) return null;
    const x = layout.xaxis.p2c(event.clientX - rect.left);
    const y = layout.yaxis.p2c(event.clientY - rect.top);
    const lo = surface.x[0];
    const hi = surface.x[surface.x.length - 1];
    return Number.isFinite(x) && Number.isFinite(y) ? [Math.max(lo, Math.min(hi, x)), Math.max(lo, Math.min(hi, y))] : null;
  }
  let dragging = false;
  chart.addEventListener("pointerdown", (event) => {
    const p = pointAt(event);
    if (!p) return;
    dragging = true;
    chart.setPointerCapture(event.pointerId);
    point = p;
    moveLater();
  });
  chart.addEventListener("pointermove", (event) => {
    if (!dragging) return;
    const p = pointAt(event);
    if (p) { point = p; moveLater(); }
  });
  chart.addEventListener("pointerup", () => { dragging = false; });
  body.replaceChildren(element, error, hint, chart, numbers);
  return run();
}
