// A tensor's shape, typed as Keras prints it: (None, 10), or [None, 10], or None, 10.
import { typedAnswer } from "./answer.js";

export function parseShape(text) {
  const inner = text.trim().replace(/^[([]\s*/, "").replace(/\s*[)\]]$/, "");
  if (!inner) return [];
  const out = [];
  for (const part of inner.split(",").map((p) => p.trim())) {
    if (part === "") continue;
    if (/^(none|null)$/i.test(part)) out.push(null);
    else if (/^\d+$/.test(part)) out.push(Number(part));
    else return null;
  }
  return out;
}

export function mount(body, exercise, context) {
  const same = (value, expected) => value.length === expected.length && value.every((v, i) => v === expected[i]);
  typedAnswer(body, exercise, context, { parse: parseShape, same, hint: context.t("ex_hint_shape"), placeholder: "(None, 10)" });
}
