// y = a·x + b through (0, 1), (1, 2), (2, 3). Left: the hand rule, loss
// ½·Σ(a·x + b − y)², worked by the formulas (here in the browser). Right:
// Keras's real SGD on compile(loss="mse"), the mean of the squares. Each
// has its own learning rate: find the one at which the columns agree.

import { h } from "../util.js";
import { attempt, errorBox, fmt, form, table } from "./common.js";

const XS = [0, 1, 2];
const YS = [1, 2, 3];

function byHand(a, b, lr, steps) {
  const rows = [[a, b]];
  for (let i = 0; i < steps; i++) {
    const errors = XS.map((x, k) => a * x + b - YS[k]);
    const da = errors.reduce((s, e, k) => s + e * XS[k], 0); // ∂L/∂a = Σ (ax+b−y)·x
    const db = errors.reduce((s, e) => s + e, 0); // ∂L/∂b = Σ (ax+b−y)
    a -= lr * da;
    b -= lr * db;
    rows.push([a, b]);
  }
  return rows;
}

export function mount(body, { t, post }) {
  const out = h("div", { class: "wout", "data-testid": "gd-table" });
  const error = errorBox();
  const { element, values } = form([
    { name: "a", label: "a₀", kind: "number", value: 2, step: 0.1 },
    { name: "b", label: "b₀", kind: "number", value: 2, step: 0.1 },
    { name: "lr", label: t("w_hand_lr"), kind: "number", value: 0.1, step: 0.01 },
    { name: "keras_lr", label: t("w_keras_lr"), kind: "number", value: 0.1, step: 0.01 },
    { name: "steps", label: t("w_steps"), kind: "number", value: 5, min: 1, max: 50, step: 1 },
  ], () => run());
  async function run() {
    const keras = await attempt(error, () => post("optimizer", { optimizer: { class_name: "SGD", config: { learning_rate: values.keras_lr } }, function: "line_fit_mse", start: [values.a, values.b], steps: values.steps }));
    if (!keras) return;
    const hand = byHand(values.a, values.b, values.lr, values.steps);
    const same = (x, y) => Math.abs(x - y) < 1e-4;
    out.replaceChildren(table([t("w_step"), t("w_by_hand"), "keras.optimizers.SGD + mse", ""], hand.map(([a, b], i) => {
      const [ka, kb] = keras.trajectory[i];
      return [String(i), `a = ${fmt(a)}, b = ${fmt(b)}`, `a = ${fmt(ka)}, b = ${fmt(kb)}`, same(a, ka) && same(b, kb) ? "=" : "≠"];
    })));
  }
  body.replaceChildren(h("p", { class: "help" }, t("w_gd_intro")), element, error, out);
  return run();
}
