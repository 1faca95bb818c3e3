// The hooks Keras calls on a callback during a tiny fit, in order.

import { h } from "../util.js";
import { attempt, errorBox, form } from "./common.js";

export function mount(body, { t, post }) {
  const list = h("ol", { class: "wtrace", "data-testid": "callback-trace" });
  const error = errorBox();
  const { element, values } = form([
    { name: "epochs", label: "epochs", kind: "number", value: 2, min: 1, max: 3, step: 1 },
    { name: "steps", label: t("w_batches"), kind: "number", value: 2, min: 1, max: 4, step: 1 },
    { name: "validation", label: "validation_data", kind: "checkbox", value: true },
  ], () => run());
  async function run() {
    const r = await attempt(error, () => post("callbacks", values));
    if (!r) return;
    let depth = 0;
    list.replaceChildren(...r.calls.map((call) => {
      if (call.hook.endsWith("_end")) depth = Math.max(0, depth - 1);
      const item = h("li", { style: `margin-left: ${depth * 1.2}rem` }, h("code", {}, `${call.hook}(${call.args.join(", ")})`), call.logs.length ? ` logs: ${call.logs.join(", ")}` : "");
      if (call.hook.endsWith("_begin")) depth += 1;
      return item;
    }));
  }
  body.replaceChildren(element, error, list);
  return run();
}
