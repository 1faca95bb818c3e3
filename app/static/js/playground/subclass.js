// Which keras.Model class fit() runs: Keras's own (its train_step) or one of the
// app's subclasses with a train_step of their own (catalog "models", lesson 47);
// and the dtype policy the layers are built under (lesson 44).

import { h } from "../util.js";
import { errorSlot, field, fieldGroup, suggested, tie } from "./fields.js";

export function renderSubclass(box, spec, ctx) {
  const { catalog, registries, t, lang } = ctx;
  const current = spec.model.subclass ?? null;
  const id = "pg-model-class";
  const select = tie(h("select", {}), "model.subclass.class_name", id);
  select.append(h("option", { value: "" }, t("model_class_keras")));
  for (const entry of catalog.models) select.append(h("option", { value: entry.class_name }, entry.class_name));
  select.value = current?.class_name ?? "";
  select.addEventListener("change", () => {
    const entry = registries.models[select.value];
    if (entry) spec.model.subclass = { class_name: entry.class_name, config: suggested(entry) };
    else delete spec.model.subclass;
    ctx.changed({ rerender: true, focus: "field-model.subclass.class_name" });
  });
  const entry = current && registries.models[current.class_name];
  const help = entry ? entry.help[lang] ?? entry.help.en : t("model_class_keras_help");
  box.replaceChildren(h("div", { class: "field model-class" },
    h("label", { for: id }, t("model_class")),
    select,
    h("small", { class: "help", id: `${id}-help` }, help),
    errorSlot("model.subclass", `${id}-error`),
    entry ? fieldGroup(entry.params, current.config, { ...ctx, loc: "model.subclass.config", onChange: (n, v) => { current.config[n] = v; ctx.changed(); } }) : ""),
  ...catalog.limits.model.map((p) => field(p, spec.model[p.name], { ...ctx, loc: `model.${p.name}`, onChange: (v) => {
    if (v === p.default) delete spec.model[p.name];  // Keras's default stays out of the spec (and the link)
    else spec.model[p.name] = v;
    ctx.changed();
  } })));
}
