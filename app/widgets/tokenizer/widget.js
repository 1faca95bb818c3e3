// keras.layers.TextVectorization, adapted on what you type: its vocabulary,
// and each line as tokens and as padded ids.

import { h } from "../util.js";
import { attempt, errorBox, form, table } from "./common.js";

export function mount(body, { t, post, lang }) {
  const out = h("div", { class: "wout", "data-testid": "tokenizer-out" });
  const error = errorBox();
  const sample = lang === "zh" ? "这部电影非常精彩\n这部电影很无聊\nThe film was wonderful" : "The film was wonderful!\nThe film was boring.\n这部电影非常精彩";
  const { element, values } = form([
    { name: "texts", label: t("w_texts"), kind: "textarea", value: sample, rows: 4 },
    { name: "split", label: "split", kind: "select", value: "whitespace", options: ["whitespace", "character"] },
    { name: "standardize", label: "standardize", kind: "select", value: "lower_and_strip_punctuation", options: ["lower_and_strip_punctuation", "lower", "strip_punctuation", "none"] },
    { name: "max_tokens", label: "max_tokens", kind: "number", value: null, min: 3, step: 1 },
    { name: "output_sequence_length", label: "output_sequence_length", kind: "number", value: 8, min: 1, step: 1 },
  ], () => run());
  async function run() {
    const texts = values.texts.split("\n").filter((line) => line.trim());
    if (!texts.length) return;
    const r = await attempt(error, () => post("tokenize", { ...values, texts }));
    if (!r) return;
    out.replaceChildren(
      h("p", {}, t("w_vocabulary"), " ", h("code", {}, r.vocabulary.map((v, i) => `${i}:${v === "" ? "''" : v}`).join("  "))),
      table([t("w_text"), t("w_tokens"), "ids"], texts.map((text, i) => [text, r.tokens[i].map((x) => (x === "" ? "''" : x)).join(" · "), `[${r.ids[i].join(", ")}]`])),
    );
  }
  body.replaceChildren(element, error, out);
  return run();
}
