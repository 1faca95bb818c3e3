// "Predict, then train": the learner writes (or picks) what they expect, sets the
// experiment up in the playground (the lesson's preset with the exercise's changes,
// through the playground's spec store) and presses Train there. The prediction is
// locked when that run starts; when it ends, the run's last logs appear beside it.

import { clone, h } from "../util.js";

function mergePatch(target, patch) {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return clone(patch);
  const out = target && typeof target === "object" && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function format(value) {
  return typeof value === "number" ? (Math.abs(value) >= 1000 || Math.abs(value) < 0.001 ? value.toExponential(3) : value.toFixed(4)) : "—";
}

export function mount(body, exercise, { t, api, spec, run, preset, saved }) {
  const state = saved.get();
  const field = exercise.choices
    ? h("select", { "aria-label": t("ex_prediction"), "data-testid": "exercise-prediction" }, h("option", { value: "" }, t("ex_pick")), ...exercise.choices.map((text, i) => h("option", { value: String(i) }, text)))
    : h("textarea", { rows: "2", "aria-label": t("ex_prediction"), placeholder: t("ex_prediction_placeholder"), "data-testid": "exercise-prediction" });
  const shown = () => (exercise.choices && field.value !== "" ? exercise.choices[Number(field.value)] : field.value.trim());
  const status = h("p", { class: "exercise-feedback", role: "status", "aria-live": "polite", "data-testid": "exercise-feedback" });
  const result = h("div", { class: "exercise-result", "data-testid": "exercise-result" });
  const setup = h("button", { type: "button", "data-testid": "exercise-setup", disabled: !preset }, t("ex_setup"));

  const lock = () => {
    field.disabled = true;
    setup.disabled = true;
  };
  const showResult = async (id) => {
    const done = await api.get(`/api/runs/${id}`);
    const last = done.epochs.at(-1)?.logs ?? {};
    result.replaceChildren(h("table", { class: "exercise-compare" },
      h("tr", {}, h("th", { scope: "row" }, t("ex_prediction")), h("td", { "data-testid": "exercise-your-prediction" }, state.prediction)),
      h("tr", {}, h("th", { scope: "row" }, t("ex_outcome", { status: t(`status_${done.status}`), epochs: done.epochs.length })),
        h("td", {}, exercise.watch.map((name) => `${name} = ${format(last[name])}`).join(", "))),
    ));
    status.textContent = t("ex_compare");
  };

  setup.addEventListener("click", () => {
    if (!shown()) {
      status.textContent = t("ex_predict_first");
      field.focus();
      return;
    }
    Object.assign(state, { prediction: shown(), armed: true, runId: null });
    saved.set(state);
    spec.replace(mergePatch(clone(preset), exercise.patch), { from: "exercise" });
    status.textContent = t("ex_now_train");
    document.getElementById("playground")?.scrollIntoView({ block: "start" });
  });
  run.subscribe((current) => {
    if (!current || !state.armed) return;
    if (current.started && !state.runId) {
      Object.assign(state, { runId: current.id });
      saved.set(state);
      lock();
    }
    if (current.id === state.runId && ["succeeded", "failed", "cancelled", "interrupted"].includes(current.status)) {
      state.armed = false;
      saved.set(state);
      showResult(current.id).catch((error) => { status.textContent = error.message; });
    }
  });

  body.replaceChildren(h("label", { class: "exercise-label" }, t("ex_prediction")), field, h("div", { class: "exercise-actions" }, setup), status, result);
  if (state.prediction) {
    if (exercise.choices) field.value = String(exercise.choices.indexOf(state.prediction));
    else field.value = state.prediction;
  }
  if (state.runId) {
    lock();
    if (!state.armed) showResult(state.runId).catch(() => { status.textContent = t("ex_result_gone"); });
    else status.textContent = t("ex_now_train");
  }
}
