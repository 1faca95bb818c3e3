// A number the learner works out; the page knows it because Keras printed it.
import { typedAnswer } from "./answer.js";

export function parseNumber(text) {
  const clean = text.trim().replace(/[,_\s]/g, "");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(clean)) return null;
  const value = Number(clean);
  return Number.isFinite(value) ? value : null;
}

export function mount(body, exercise, context) {
  const same = (value, expected) => value === expected || Math.abs(value - expected) <= exercise.tolerance * Math.abs(expected);
  typedAnswer(body, exercise, context, { parse: parseNumber, same, hint: context.t("ex_hint_number"), placeholder: "1234" });
}
