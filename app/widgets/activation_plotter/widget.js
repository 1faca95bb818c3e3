// An activation and its derivative as its arguments change (Keras's layers
// and functions; the derivative by autodiff).

import { h } from "../util.js";
import { attempt, errorBox, form, plot } from "./common.js";

const NAMES = ["relu", "leaky_relu", "elu", "thresholded_relu", "sigmoid", "tanh", "selu", "gelu", "swish", "softplus", "softsign", "hard_sigmoid", "exponential", "relu6", "mish", "linear"];

export function mount(body, { t, post }) {
  const chart = h("div", { class: "wchart", "data-testid": "activation-plot" });
  const error = errorBox();
  const { element, values } = form([
    { name: "name", label: t("w_activation"), kind: "select", value: "relu", options: NAMES },
    { name: "negative_slope", label: "negative_slope", kind: "range", value: 0, min: 0, max: 1, step: 0.05 },
    { name: "max_value", label: "max_value (ReLU)", kind: "number", value: null, min: 0, step: 0.5 },
    { name: "threshold", label: "threshold (ReLU)", kind: "range", value: 0, min: -2, max: 2, step: 0.1 },
    { name: "alpha", label: "alpha (ELU)", kind: "range", value: 1, min: 0, max: 3, step: 0.1 },
    { name: "theta", label: "theta (ThresholdedReLU)", kind: "range", value: 1, min: 0, max: 3, step: 0.1 },
  ], () => run());
  async function run() {
    const r = await attempt(error, () => post("activation", { ...values, x_min: -4, x_max: 4, points: 161 }));
    if (!r) return;
    plot(chart, [
      { x: r.x, y: r.y, name: `f(x) = ${values.name}`, line: { color: "#d9480f", width: 2.5 } },
      { x: r.x, y: r.dy, name: "f′(x)", line: { color: "#1c7ed6", dash: "dash" } },
    ], { xaxis: { zeroline: true }, yaxis: { zeroline: true } });
  }
  body.replaceChildren(element, error, chart);
  return run();
}
