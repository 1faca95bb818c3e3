// The run's files, and training it further.

import { api } from "../../api.js";
import { h } from "../../util.js";
import { asObject } from "../compile.js";

export function drawFiles(panel, { t, runId, status, spec, registries, onFollow }) {
  if (!runId || status !== "succeeded") {
    panel.replaceChildren(h("p", { class: "empty" }, t("view_files_empty")));
    return;
  }
  const link = (file, label) => h("li", {}, h("a", { href: `/api/runs/${runId}/${file}`, download: "" }, label));
  const epochs = h("input", { type: "text", inputmode: "numeric", value: "10", id: "continue-epochs", "data-testid": "continue-epochs" });
  const rate = h("input", { type: "text", inputmode: "decimal", placeholder: t("continue_same_optimizer"), id: "continue-lr", "data-testid": "continue-lr" });
  // A frozen pretrained base (lesson 49) can be fine-tuned: unfrozen, with a new optimizer. Whether
  // there is one to unfreeze is the run's own spec's to say, not the form's: a run continued with
  // "unfreeze" is fine-tuned already, though the form still shows the frozen preset.
  const unfreeze = h("input", { type: "checkbox", id: "continue-unfreeze", "data-testid": "continue-unfreeze" });
  const fields = h("div", { class: "fields" });
  const error = h("p", { class: "field-error", role: "alert", id: "continue-error", hidden: true });
  const button = h("button", { type: "button", "data-testid": "continue-button" }, t("continue_button"));
  button.addEventListener("click", async () => {
    const typedEpochs = Number(epochs.value);
    const body = { epochs: Number.isFinite(typedEpochs) && epochs.value.trim() ? typedEpochs : epochs.value };
    if (rate.value.trim()) {
      // the run's own optimizer, with the new learning rate: never another kind
      const current = asObject(registries.optimizers, spec.compile.optimizer);
      const value = Number(rate.value);
      body.optimizer = { class_name: current.class_name, config: { ...current.config, learning_rate: Number.isFinite(value) ? value : rate.value } };
    }
    if (unfreeze.isConnected && unfreeze.checked) body.unfreeze = true;
    error.hidden = true;
    try {
      const data = await api.post(`/api/runs/${runId}/continue`, body);
      onFollow(data.id, body.epochs);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  });
  const optimizerName = asObject(registries.optimizers, spec.compile.optimizer).class_name;
  fields.append(
    h("div", { class: "field" }, h("label", { for: "continue-epochs" }, t("continue_epochs")), epochs),
    h("div", { class: "field" }, h("label", { for: "continue-lr" }, t("continue_lr", { optimizer: optimizerName })), rate));
  panel.replaceChildren(
    h("ul", { class: "files", "data-testid": "run-files" }, link("model.keras", t("file_model")), link("history.csv", t("file_history")), link("tensorboard.zip", t("file_tensorboard"))),
    h("h4", {}, t("continue_heading")),
    fields, button, error);
  api.get(`/api/runs/${runId}`).then((run) => {
    if (frozenBase(run.spec.model) && fields.isConnected) fields.append(h("div", { class: "field field-bool" }, unfreeze, h("label", { for: "continue-unfreeze" }, t("continue_unfreeze"))));
  }).catch(() => {}); // no run to ask: nothing to unfreeze is offered
}

function frozenBase(model) {
  return [...(model.layers ?? []), ...(model.nodes ?? [])].some((ref) => ref.class_name === "Pretrained" && !ref.config?.trainable);
}
