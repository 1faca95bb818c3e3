// One right answer among a few.
import { h } from "../util.js";

export function mount(body, exercise, { t, saved }) {
  const name = `ex-${exercise.id}`;
  const feedback = h("p", { class: "exercise-feedback", role: "status", "aria-live": "polite", "data-testid": "exercise-feedback" });
  // the choices' HTML is the server's rendering of the lesson's own Markdown (inline code, math)
  const options = exercise.choices_html.map((html, i) => {
    const text = h("span");
    text.innerHTML = html;
    return h("label", { class: "exercise-choice" }, h("input", { type: "radio", name, value: String(i), "data-testid": "exercise-choice" }), " ", text);
  });
  const group = h("fieldset", { class: "exercise-choices" }, h("legend", { class: "visually-hidden" }, t("ex_pick")), ...options);
  const check = () => {
    const picked = group.querySelector("input:checked");
    if (!picked) {
      feedback.dataset.result = "unreadable";
      feedback.textContent = t("ex_pick");
      return;
    }
    const right = Number(picked.value) === exercise.answer;
    feedback.dataset.result = right ? "right" : "wrong";
    feedback.textContent = right ? t("ex_right") : t("ex_wrong");
    saved.set({ picked: Number(picked.value), right });
  };
  body.replaceChildren(group, h("button", { type: "button", "data-testid": "exercise-check", onclick: check }, t("ex_check")), feedback);
  const before = saved.get();
  if (before.picked !== undefined && options[before.picked]) {
    options[before.picked].querySelector("input").checked = true;
    check();
  }
}
