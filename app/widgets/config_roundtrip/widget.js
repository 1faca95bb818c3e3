// The playground's model: get_config() → from_config() and to_json() →
// model_from_json(), done by Keras; the same model comes back.

import { h } from "../util.js";
import { attempt, errorBox } from "./common.js";

export function mount(body, { t, post, spec }) {
  const out = h("div", { class: "wout", "data-testid": "config-out" });
  const error = errorBox();
  const button = h("button", { type: "button", onclick: () => run() }, t("w_roundtrip"));
  async function run() {
    const current = spec();
    if (!current) return;
    const r = await attempt(error, () => post("config", { spec: current }));
    if (!r) return;
    out.replaceChildren(
      h("p", {}, t("w_roundtrip_result", { params: r.params.toLocaleString(), from_config: r.from_config_params.toLocaleString(), from_json: r.from_json_params.toLocaleString(), same: r.same_config ? "✓" : "✗" })),
      h("details", { open: true }, h("summary", {}, "model.get_config()"), h("pre", { class: "code" }, JSON.stringify(r.config, null, 2))),
    );
  }
  body.replaceChildren(h("p", { class: "help" }, t("w_uses_playground")), button, error, out);
  return run();
}
