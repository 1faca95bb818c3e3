// keras.config.epsilon(): the small number that keeps divisions and logs of
// zero finite. Move it and watch binary crossentropy of a wrong, certain guess.

import { h } from "../util.js";
import { attempt, errorBox, fmt, form, table } from "./common.js";

export function mount(body, { t, post }) {
  const out = h("div", { class: "wout", "data-testid": "epsilon-out" });
  const error = errorBox();
  const { element, values } = form([{ name: "exponent", label: "epsilon = 10^", kind: "range", value: -7, min: -12, max: -1, step: 1 }], () => run());
  async function run() {
    const r = await attempt(error, () => post("epsilon", { epsilon: 10 ** values.exponent }));
    if (!r) return;
    out.replaceChildren(
      h("p", {}, t("w_epsilon_bce", { epsilon: fmt(r.epsilon), bce: fmt(r.bce_of_1_and_0), log: fmt(r.minus_log_epsilon) })),
      table(["x", "1 / x", "1 / (x + ε)"], r.divisions.map((d) => [fmt(d.x), d.naive === null ? "∞" : fmt(d.naive), fmt(d.guarded)])),
    );
  }
  body.replaceChildren(element, error, out);
  return run();
}
