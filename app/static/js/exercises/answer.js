// What the typed kinds share: a field, a Check button, and feedback read out
// by screen readers. `parse` turns the text into a value (null: not readable),
// `same` says whether it is the expected one.

import { h } from "../util.js";

export function typedAnswer(body, exercise, { t, saved }, { parse, same, hint, placeholder }) {
  const feedback = h("p", { class: "exercise-feedback", role: "status", "aria-live": "polite", "data-testid": "exercise-feedback" });
  const input = h("input", { type: "text", inputmode: "text", autocomplete: "off", spellcheck: "false", placeholder, "aria-label": t("ex_answer"), "data-testid": "exercise-input" });
  const check = () => {
    const value = parse(input.value);
    if (value === null) {
      feedback.dataset.result = "unreadable";
      feedback.textContent = hint;
      return;
    }
    const right = exercise.expected !== null && same(value, exercise.expected);
    feedback.dataset.result = right ? "right" : "wrong";
    feedback.textContent = right ? t("ex_right") : t("ex_wrong");
    saved.set({ answer: input.value, right });
  };
  const button = h("button", { type: "button", "data-testid": "exercise-check", onclick: check }, t("ex_check"));
  input.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); check(); } });
  body.replaceChildren(h("div", { class: "exercise-answer" }, input, button), feedback);
  if (exercise.expected === null) {
    feedback.textContent = t("ex_not_generated");
    button.disabled = true;
  }
  const before = saved.get();
  if (before.answer) {
    input.value = before.answer;
    check();
  }
}
