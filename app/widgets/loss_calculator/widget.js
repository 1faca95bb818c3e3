// A loss of the catalog computed by Keras on the arrays you type, and its
// value for one target as the prediction sweeps from 0 to 1.

import { h } from "../util.js";
import { attempt, errorBox, fmt, fmtArray, form, plot } from "./common.js";

const LOSSES = ["mse", "mae", "mape", "msle", "huber", "cosine_similarity", "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy", "poisson", "kl_divergence"];

function parse(text) {
  return JSON.parse(text);
}

export function mount(body, { t, post }) {
  const out = h("p", { class: "wout", "data-testid": "loss-value" });
  const chart = h("div", { class: "wchart" });
  const error = errorBox();
  const { element, values } = form([
    { name: "loss", label: t("w_loss"), kind: "select", value: "binary_crossentropy", options: LOSSES },
    { name: "y_true", label: "y_true", kind: "text", value: "[[0, 1], [0, 0]]" },
    { name: "y_pred", label: "y_pred", kind: "text", value: "[[0.6, 0.4], [0.4, 0.6]]" },
    { name: "from_logits", label: "from_logits", kind: "checkbox", value: false },
    { name: "label_smoothing", label: "label_smoothing", kind: "number", value: 0, min: 0, max: 1, step: 0.05 },
    { name: "delta", label: "delta (huber)", kind: "number", value: 1, min: 0, step: 0.1 },
  ], () => run());
  function lossRef() {
    const classes = { binary_crossentropy: "BinaryCrossentropy", categorical_crossentropy: "CategoricalCrossentropy", huber: "Huber" };
    if (values.loss === "huber") return { class_name: "Huber", config: { delta: values.delta } };
    if (values.loss in classes) return { class_name: classes[values.loss], config: { from_logits: values.from_logits, label_smoothing: values.label_smoothing } };
    if (values.loss === "sparse_categorical_crossentropy") return { class_name: "SparseCategoricalCrossentropy", config: { from_logits: values.from_logits } };
    return values.loss;
  }
  async function run() {
    let yTrue;
    let yPred;
    try {
      yTrue = parse(values.y_true);
      yPred = parse(values.y_pred);
    } catch (e) {
      error.textContent = t("w_bad_json", { detail: e.message });
      error.hidden = false;
      return;
    }
    const r = await attempt(error, () => post("loss", { loss: lossRef(), y_true: yTrue, y_pred: yPred }));
    if (!r) return;
    out.textContent = t("w_loss_value", { value: fmt(r.value), per_sample: fmtArray(r.per_sample) });
    if (values.loss === "sparse_categorical_crossentropy" || values.loss === "categorical_crossentropy" || values.loss === "kl_divergence" || values.loss === "cosine_similarity") {
      chart.hidden = true;
      return;
    }
    // one sample per prediction p, target 1 (and 0): the loss as a function of p
    const ps = Array.from({ length: 49 }, (_, i) => 0.02 * (i + 1));
    const curves = await attempt(error, () => Promise.all([1, 0].map((target) => post("loss", { loss: lossRef(), y_true: ps.map(() => [target]), y_pred: ps.map((p) => [p]) }))));
    if (!curves) return;
    chart.hidden = false;
    plot(chart, curves.map((c, k) => ({ x: ps, y: c.per_sample, name: `y_true = ${k === 0 ? 1 : 0}` })), { height: 260, xaxis: { title: { text: "y_pred" } }, yaxis: { title: { text: t("w_loss") } } });
  }
  body.replaceChildren(element, error, out, chart);
  return run();
}
