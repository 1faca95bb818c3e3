// A 2-3-1 network with weights you can edit: the forward pass, the loss,
// the backward pass (the gradients by the chain rule) and one SGD step,
// every number computed by Keras.

import { h } from "../util.js";
import { attempt, errorBox, fmt, fmtArray, form, table } from "./common.js";

function weightInputs(values, onChange) {
  // W¹ as a 2 × 3 grid, b¹, W² and b² as rows of numbers
  const cell = (key, i) => {
    const input = h("input", { type: "number", step: "any", value: String(values[key][i]), "aria-label": `${key}[${i}]` });
    input.addEventListener("input", () => { values[key][i] = Number(input.value); onChange(); });
    return h("td", {}, input);
  };
  const row = (label, key, from, to) => h("tr", {}, h("th", {}, label), ...Array.from({ length: to - from }, (_, k) => cell(key, from + k)));
  return h("table", { class: "wtable weights" }, h("tbody", {},
    row("W¹ row 1", "W1", 0, 3), row("W¹ row 2", "W1", 3, 6), row("b¹", "b1", 0, 3), row("W²ᵀ", "W2", 0, 3), row("b²", "b2", 0, 1)));
}

export function mount(body, { t, post }) {
  const out = h("div", { class: "wout", "data-testid": "network-out" });
  const error = errorBox();
  const weights = { W1: [0.5, -1.0, 0.25, 0.5, 0.25, -0.5], b1: [0, 0, 1], W2: [0.5, -1, -1], b2: [-0.5] };
  const { element, values } = form([
    { name: "x1", label: "x₁", kind: "number", value: 1, step: 0.1 },
    { name: "x2", label: "x₂", kind: "number", value: 2, step: 0.1 },
    { name: "y", label: t("w_target"), kind: "number", value: 1, step: 0.1 },
    { name: "hidden_activation", label: t("w_hidden_activation"), kind: "select", value: "relu", options: ["relu", "sigmoid", "tanh", "linear"] },
    { name: "output_activation", label: t("w_output_activation"), kind: "select", value: "sigmoid", options: ["sigmoid", "linear", "tanh"] },
    { name: "loss", label: t("w_loss"), kind: "select", value: "binary_crossentropy", options: ["binary_crossentropy", "mse"] },
    { name: "learning_rate", label: "learning_rate", kind: "number", value: 0.5, step: 0.1 },
  ], () => run());
  let timer;
  const editor = weightInputs(weights, () => { clearTimeout(timer); timer = setTimeout(run, 250); });
  async function run() {
    const r = await attempt(error, () => post("network", { x: [values.x1, values.x2], y: values.y, hidden_activation: values.hidden_activation, output_activation: values.output_activation, loss: values.loss, learning_rate: values.learning_rate, ...weights }));
    if (!r) return;
    const f = r.forward;
    const b = r.backward;
    out.replaceChildren(
      h("h4", {}, t("w_forward")),
      table([t("w_quantity"), t("w_value")], [
        ["z¹ = x·W¹ + b¹", fmtArray(f.z1)], ["a¹ = f₁(z¹)", fmtArray(f.a1)], ["z² = a¹·W² + b²", fmtArray(f.z2)], ["ŷ = a² = f₂(z²)", fmtArray(f.a2)], ["L(y, ŷ)", fmt(r.loss)],
      ]),
      h("h4", {}, t("w_backward")),
      table([t("w_quantity"), t("w_value")], [
        ["∂L/∂ŷ", fmtArray(b["dL/da2"])], ["δ² = ∂L/∂z²", fmtArray(b["dL/dz2"])], ["∂L/∂W² = a¹ᵀ δ²", fmtArray(b["dL/dW2"])], ["∂L/∂b² = δ²", fmtArray(b["dL/db2"])],
        ["∂L/∂a¹ = δ² W²ᵀ", fmtArray(b["dL/da1"])], ["δ¹ = ∂L/∂a¹ ⊙ f₁′(z¹)", fmtArray(b["dL/dz1"])], ["∂L/∂W¹ = xᵀ δ¹", fmtArray(b["dL/dW1"])], ["∂L/∂b¹ = δ¹", fmtArray(b["dL/db1"])],
      ]),
      h("h4", {}, t("w_update")),
      table([t("w_weight"), t("w_before"), t("w_after")], ["W1", "b1", "W2", "b2"].map((k) => [k, fmtArray(r.weights[k]), fmtArray(r.updated[k])])),
      h("p", {}, t("w_loss_after", { before: fmt(r.loss), after: fmt(r.loss_after) })),
    );
  }
  body.replaceChildren(element, h("details", { open: true }, h("summary", {}, t("w_weights")), editor), error, out);
  return run();
}
