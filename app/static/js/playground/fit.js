// How the model trains: fit's arguments, what the views record, and the callbacks.

import { h } from "../util.js";
import { errorSlot, field, fieldGroup, suggested } from "./fields.js";

export function renderFit(box, callbacksBox, spec, ctx) {
  const { catalog, t, lang } = ctx;
  const fit = spec.fit;
  spec.views ??= {};
  box.replaceChildren(h("div", { class: "fields" },
    catalog.limits.fit.map((p) => field(p, fit[p.name], { ...ctx, loc: `fit.${p.name}`, onChange: (v) => { fit[p.name] = v; ctx.changed(); } })),
    catalog.limits.views.map((p) => field(p, spec.views[p.name], { ...ctx, loc: `views.${p.name}`, onChange: (v) => { spec.views[p.name] = v; ctx.changed({ inspect: false }); } }))));
  callbacksBox.replaceChildren(...catalog.callbacks.map((entry) => {
    const existing = spec.callbacks.find((cb) => cb.class_name === entry.class_name);
    const index = spec.callbacks.indexOf(existing);
    const id = `pg-callback-${entry.class_name}`;
    const toggle = h("input", { type: "checkbox", id, "data-testid": `callback-${entry.class_name}`, "aria-describedby": `${id}-help` });
    toggle.checked = Boolean(existing);
    toggle.addEventListener("change", () => {
      spec.callbacks = toggle.checked ? [...spec.callbacks, { class_name: entry.class_name, config: suggested(entry) }] : spec.callbacks.filter((cb) => cb.class_name !== entry.class_name);
      ctx.changed({ rerender: true, focus: `callback-${entry.class_name}` });
    });
    return h("div", { class: "callback", "data-loc": `callbacks.${index}` },
      h("label", { class: "check", for: id }, toggle, t("use_callback", { name: entry.class_name })),
      h("small", { class: "help", id: `${id}-help` }, entry.help[lang] ?? entry.help.en),
      existing ? fieldGroup(entry.params, existing.config, { ...ctx, loc: `callbacks.${index}.config`, onChange: (n, v) => { existing.config[n] = v; ctx.changed(); } }) : "",
      errorSlot(`callbacks.${index}`));
  }));
}
