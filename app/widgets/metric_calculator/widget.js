// A metric of the catalog, updated batch by batch (update_state) by Keras:
// its result() after each update.

import { h } from "../util.js";
import { attempt, errorBox, fmt, form, table } from "./common.js";

const METRICS = ["accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "auc", "precision", "recall", "mse", "mae", "root_mean_squared_error"];

export function mount(body, { t, post }) {
  const out = h("div", { class: "wout", "data-testid": "metric-results" });
  const error = errorBox();
  const { element, values } = form([
    { name: "metric", label: t("w_metric"), kind: "select", value: "accuracy", options: METRICS },
    { name: "k", label: "k (top-k)", kind: "number", value: 1, min: 1, step: 1 },
    { name: "updates", label: t("w_updates"), kind: "textarea", rows: 4, value: "[[1], [2], [3], [4]] ; [[0], [2], [3], [4]] ; [1, 1, 0, 0]\n[[1], [2]] ; [[1], [2]]" },
  ], () => run());
  function metricRef() {
    if (values.metric === "top_k_categorical_accuracy") return { class_name: "TopKCategoricalAccuracy", config: { k: values.k } };
    if (values.metric === "sparse_top_k_categorical_accuracy") return { class_name: "SparseTopKCategoricalAccuracy", config: { k: values.k } };
    return values.metric;
  }
  async function run() {
    let updates;
    try {
      updates = values.updates.split("\n").filter((l) => l.trim()).map((line) => {
        const [yTrue, yPred, weight] = line.split(";").map((part) => part.trim());
        return { y_true: JSON.parse(yTrue), y_pred: JSON.parse(yPred), ...(weight ? { sample_weight: JSON.parse(weight) } : {}) };
      });
    } catch (e) {
      error.textContent = t("w_bad_json", { detail: e.message });
      error.hidden = false;
      return;
    }
    const r = await attempt(error, () => post("metric", { metric: metricRef(), updates }));
    if (!r) return;
    out.replaceChildren(table([t("w_update_n"), "y_true ; y_pred ; sample_weight", "result()"], r.results.map((v, i) => [String(i + 1), values.updates.split("\n").filter((l) => l.trim())[i], fmt(v)])));
  }
  body.replaceChildren(h("p", { class: "help" }, t("w_metric_intro")), element, error, out);
  return run();
}
