// A 2-3-1 network: the forward pass, the loss, the backward pass (the
// gradients by the chain rule), and one SGD step, every number from Keras.

import { h } from "../util.js";
import { attempt, errorBox, fmt, fmtArray, form, table } from "./common.js";

export function mount(body, { t, post }) {
  const out = h("div", { class: "wout" });
  const error = errorBox();
  const { element, values } = form([
    { name: "x1", label: "x₁", kind: "number", value: 1, step: 0.1 },
    { name: "x2", label: "x₂", kind: "number", value: 0.5, step: 0.1 },
    { name: "y", label: t("w_target"), kind: "number", value: 1, step: 0.1 },
    { name: "activation", label: t("w_activation"), kind: "select", value: "sigmoid", options: ["sigmoid", "tanh", "relu"] },
    { name: "loss", label: t("w_loss"), kind: "select", value: "mse", options: ["mse", "binary_crossentropy"] },
    { name: "learning_rate", label: "learning_rate", kind: "number", value: 0.5, step: 0.1 },
    { name: "seed", label: t("w_seed"), kind: "number", value: 0, step: 1 },
  ], () => run());
  async function run() {
    const r = await attempt(error, () => post("network", { x: [values.x1, values.x2], y: values.y, activation: values.activation, loss: values.loss, learning_rate: values.learning_rate, seed: values.seed }));
    if (!r) return;
    const f = r.forward;
    const b = r.backward;
    out.replaceChildren(
      h("h4", {}, t("w_forward")),
      table([t("w_quantity"), t("w_value")], [
        ["z¹ = x·W¹ + b¹", fmtArray(f.z1)], ["a¹ = f(z¹)", fmtArray(f.a1)], ["z² = a¹·W² + b²", fmtArray(f.z2)], ["ŷ = a² = f(z²)", fmtArray(f.a2)], ["L(y, ŷ)", fmt(r.loss)],
      ]),
      h("h4", {}, t("w_backward")),
      table([t("w_quantity"), t("w_value")], [
        ["∂L/∂a²", fmtArray(b["dL/da2"])], ["δ² = ∂L/∂z² = ∂L/∂a² · f′(z²)", fmtArray(b["dL/dz2"])], ["∂L/∂W² = a¹ᵀ δ²", fmtArray(b["dL/dW2"])], ["∂L/∂b² = δ²", fmtArray(b["dL/db2"])],
        ["∂L/∂a¹ = δ² W²ᵀ", fmtArray(b["dL/da1"])], ["δ¹ = ∂L/∂z¹ = ∂L/∂a¹ ⊙ f′(z¹)", fmtArray(b["dL/dz1"])], ["∂L/∂W¹ = xᵀ δ¹", fmtArray(b["dL/dW1"])], ["∂L/∂b¹ = δ¹", fmtArray(b["dL/db1"])],
      ]),
      h("h4", {}, t("w_update")),
      table([t("w_weight"), t("w_before"), t("w_after")], ["W1", "b1", "W2", "b2"].map((k) => [k, fmtArray(r.weights[k]), fmtArray(r.updated[k])])),
      h("p", {}, t("w_loss_after", { before: fmt(r.loss), after: fmt(r.loss_after) })),
    );
  }
  body.replaceChildren(element, error, out);
  return run();
}
