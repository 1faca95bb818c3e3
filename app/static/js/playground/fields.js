// Form fields generated from the catalog's parameter descriptions. Every
// parameter kind of app/catalog/params.py and app/catalog/nested.py has one.
//
// Each control carries data-testid="field-<spec path>" and data-loc="<spec
// path>" (e.g. field-model.layers.0.config.units): tests, teacher links and
// the error display address fields one way. Its label, help and error message
// are tied to it (label for=, aria-describedby), and an invalid control gets
// aria-invalid="true" (playground/problems.js).

import { clone, h } from "../util.js";

let nextId = 0;
export const newId = (prefix = "f") => `${prefix}${nextId++}`;

// Full-width forms a Chinese input method types: "（20，）" is "(20,)".
const FULL_WIDTH = { "，": ",", "（": "(", "）": ")", "［": "[", "］": "]", "．": ".", "－": "-", "　": " " };

export function normalizeTyped(text) {
  return text.replace(/[，（）［］．－　]/g, (c) => FULL_WIDTH[c]).replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

export function parseNumbers(text) {
  // "3, 3", "(3, 3)", "[[1, 1], [2, 2]]", "(1,1),(2,2)", "20,", "(20,)": as JSON, with
  // brackets for parentheses, Python's trailing commas dropped and None (none,
  // null: an input axis of any size) for null.
  const json = normalizeTyped(text).trim()
    .replace(/\(/g, "[").replace(/\)/g, "]")
    .replace(/\b(?:none|null)\b/gi, "null")
    .replace(/,\s*(?=\])/g, "")
    .replace(/,\s*$/, "");
  for (const candidate of [json, `[${json}]`]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next reading
    }
  }
  return null;
}

function formatValue(param, value) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) {
    return value.map((v) => (Array.isArray(v) ? `(${v.join(", ")})` : v === null ? "None" : v)).join(", ");
  }
  return String(value);
}

export function readInput(param, input) {
  // What the learner typed, as the spec holds it. Unparseable text is sent
  // as typed, so the server's 422 can say exactly what was received.
  const raw = input.type === "checkbox" ? input.checked : input.value;
  switch (param.kind) {
    case "bool":
      return raw;
    case "int":
    case "float":
    case "rate": {
      if (raw.trim() === "") return param.nullable ? null : raw;
      const typed = normalizeTyped(raw).trim();
      const n = Number(typed);
      return typed !== "" && Number.isFinite(n) ? n : raw;
    }
    case "factor": // a number or a (lower, upper) pair, read as ints are
    case "ints": {
      if (raw.trim() === "") return param.nullable ? null : raw;
      const typed = normalizeTyped(raw).trim();
      if (/^-?\d+$/.test(typed)) return Number(typed);
      return parseNumbers(raw) ?? raw;
    }
    case "shape":
    case "permutation":
    case "numbers": {
      if (raw.trim() === "") return param.nullable ? null : [];
      const parsed = parseNumbers(raw);
      if (typeof parsed === "number" && (param.kind === "shape" || param.kind === "permutation")) return [parsed];
      return Array.isArray(parsed) ? parsed : raw;
    }
    case "choice":
      return raw === "" ? null : raw;
    default:
      return raw === "" && param.nullable ? null : raw;
  }
}

export function errorSlot(loc, id) {
  return h("p", { class: "field-error", "data-error-for": loc, id, role: "alert", hidden: true });
}

function frame(param, loc, ctx, id, control) {
  const help = param.help[ctx.lang] ?? param.help.en;
  return h(
    "div",
    { class: `field field-${param.kind}`, "data-field": loc },
    h("label", { for: id }, h("code", {}, ctx.label ?? param.name)),
    control,
    h("small", { id: `${id}-help`, class: "help" }, help),
    errorSlot(loc, `${id}-error`),
  );
}

export function tie(control, loc, id) {
  // The control's address, its test id, and what describes it.
  control.id = id;
  control.dataset.loc = loc;
  control.dataset.testid = `field-${loc}`;
  control.setAttribute("aria-describedby", `${id}-help ${id}-error`);
  return control;
}

function numberInput(param, id) {
  // Text, not type=number: the learner sees what they typed, and a wrong value
  // reaches the server as typed ("received \"abc\""), not as an empty field.
  const signed = param.min === undefined || param.min === null || param.min < 0;
  return h("input", {
    type: "text",
    id,
    inputmode: signed ? "text" : param.kind === "int" ? "numeric" : "decimal",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: param.nullable ? "None" : null,
    class: "num",
  });
}

function simpleField(param, current, loc, ctx) {
  const id = newId();
  let input;
  if (param.kind === "bool") {
    input = h("input", { type: "checkbox" });
    input.checked = Boolean(current);
  } else if (param.kind === "choice") {
    input = h("select", {});
    if (param.nullable) input.append(h("option", { value: "" }, ctx.t("none_option")));
    for (const choice of param.choices) input.append(h("option", { value: choice }, choice));
    input.value = current ?? "";
  } else if (param.kind === "int" || param.kind === "float" || param.kind === "rate") {
    input = numberInput(param, id);
    input.value = formatValue(param, current);
  } else {
    input = h("input", { type: "text", placeholder: param.nullable ? "None" : null, spellcheck: "false", autocomplete: "off" });
    input.value = formatValue(param, current);
  }
  tie(input, loc, id);
  const update = () => ctx.onChange(readInput(param, input));
  input.addEventListener(param.kind === "bool" || param.kind === "choice" ? "change" : "input", update);
  return frame(param, loc, ctx, id, input);
}

export function suggested(entry) {
  // A new object starts with its required arguments at the catalog's suggestion.
  return Object.fromEntries(entry.params.filter((p) => p.required).map((p) => [p.name, clone(p.default)]));
}

export function carryOver(config, entry) {
  // A class changed in place keeps the arguments the new class also takes
  // (Dense → Dropout drops units; LSTM → SimpleRNN keeps units and return_sequences).
  const names = new Set(entry.params.map((p) => p.name));
  const kept = Object.fromEntries(Object.entries(config ?? {}).filter(([name]) => names.has(name) || name === "name"));
  return { ...suggested(entry), ...kept };
}

function objectEditor(registryName, allowed, obj, loc, ctx, { nullable = false, onReplace, onRemove } = {}) {
  // One nested {class_name, config}: pick the class, then edit its arguments.
  const registry = ctx.registries[registryName];
  const id = newId();
  const select = tie(h("select", {}), `${loc}.class_name`, id);
  select.setAttribute("aria-label", `${ctx.label ?? loc.split(".").pop()}: class_name`);
  if (nullable) select.append(h("option", { value: "" }, ctx.t("none_option")));
  for (const name of allowed) select.append(h("option", { value: name }, name));
  select.value = obj ? obj.class_name : "";
  select.addEventListener("change", () => {
    const entry = registry[select.value];
    onReplace(entry ? { class_name: entry.class_name, config: obj ? carryOver(obj.config, entry) : suggested(entry) } : null);
  });
  const entry = obj && registry[obj.class_name];
  const body = entry
    ? fieldGroup(entry.params, obj.config, { ...ctx, label: undefined, loc: `${loc}.config`, onChange: (name, v) => { obj.config[name] = v; ctx.onChange(); } })
    : "";
  return h("div", { class: "nested", "data-loc": loc },
    h("div", { class: "nested-head" }, select, onRemove ? h("button", { type: "button", class: "icon danger", "aria-label": ctx.t("remove_item"), title: ctx.t("remove_item"), "data-testid": `remove-${loc}`, onclick: onRemove }, "✕") : ""),
    h("small", { class: "help", id: `${id}-help` }, entry ? entry.help[ctx.lang] ?? entry.help.en : ""),
    body,
    errorSlot(loc, `${id}-error`));
}

function nestedField(param, value, loc, ctx) {
  const holder = h("div", { class: "field-holder field-nested" });
  let current = value === undefined ? clone(param.default) : value;
  const emit = () => ctx.onChange(current);
  const draw = () => {
    const inner = { ...ctx, label: param.name, onChange: emit };
    let control;
    if (!param.many) {
      control = objectEditor(param.registry, param.allowed, current, loc, inner, {
        nullable: param.nullable,
        onReplace: (obj) => { current = obj; emit(); draw(); },
      });
    } else {
      const items = Array.isArray(current) ? current : current ? [current] : [];
      current = items;
      control = h("div", { class: "nested-list" },
        items.map((obj, i) => objectEditor(param.registry, param.allowed, obj, `${loc}.${i}`, inner, {
          onReplace: (next) => { items[i] = next; emit(); draw(); },
          onRemove: items.length > (param.min_len ?? 1) ? () => { items.splice(i, 1); emit(); draw(); } : null,
        })),
        items.length < (param.max_len ?? 4)
          ? h("button", { type: "button", "data-testid": `add-${loc}`, onclick: () => { const entry = ctx.registries[param.registry][param.allowed[0]]; items.push({ class_name: entry.class_name, config: suggested(entry) }); emit(); draw(); } }, `+ ${ctx.t("add_item")}`)
          : "");
    }
    // a group of controls: its name is a legend, not a label of one control
    const help = param.help[ctx.lang] ?? param.help.en;
    holder.replaceChildren(h("fieldset", { class: `field field-${param.kind}`, "data-field": loc },
      h("legend", {}, h("code", {}, param.name)), control, h("small", { class: "help" }, help)));
  };
  draw();
  return holder;
}

function rateField(param, value, loc, ctx) {
  // A learning rate: a number, or a schedule object that changes it step by step.
  const holder = h("div", { class: "field-holder field-rate" });
  let current = value === undefined ? param.default : value;
  const draw = () => {
    const id = newId();
    const mode = h("select", { id: `${id}-mode`, "aria-label": `${param.name}: ${ctx.t("rate_mode")}`, "data-testid": `field-${loc}.mode` });
    mode.append(h("option", { value: "" }, ctx.t("rate_constant")));
    for (const name of param.allowed) mode.append(h("option", { value: name }, name));
    mode.value = current && typeof current === "object" ? current.class_name : "";
    mode.addEventListener("change", () => {
      const entry = ctx.registries.schedules[mode.value];
      current = entry ? { class_name: entry.class_name, config: suggested(entry) } : param.default;
      ctx.onChange(current);
      draw();
    });
    const help = param.help[ctx.lang] ?? param.help.en;
    if (current && typeof current === "object") {
      const entry = ctx.registries.schedules[current.class_name];
      holder.replaceChildren(h("fieldset", { class: "field field-rate", "data-field": loc },
        h("legend", {}, h("code", {}, param.name)),
        h("div", { class: "nested" }, mode, h("small", { class: "help" }, entry.help[ctx.lang] ?? entry.help.en),
          fieldGroup(entry.params, current.config, { ...ctx, loc: `${loc}.config`, onChange: (name, v) => { current.config[name] = v; ctx.onChange(current); } })),
        h("small", { class: "help" }, help),
        errorSlot(loc, `${id}-error`)));
      return;
    }
    const input = tie(numberInput({ ...param, kind: "float" }, id), loc, id);
    input.value = formatValue(param, current);
    input.addEventListener("input", () => { current = readInput(param, input); ctx.onChange(current); });
    holder.replaceChildren(frame(param, loc, ctx, id, h("div", { class: "rate" }, input, mode)));
  };
  draw();
  return holder;
}

function kwargsField(param, value, loc, ctx) {
  // Named numbers (Lambda's arguments): an empty field leaves the argument out.
  // With depends_on, only those the sibling's value takes (scale: factor).
  const current = { ...(value ?? {}) };
  const taken = param.depends_on ? param.by_choice[ctx.siblings?.[param.depends_on]] ?? [] : null;
  const shown = taken ? param.params.filter((p) => taken.includes(p.name)) : param.params;
  if (taken && !shown.length) return h("div", { class: "field-holder", "data-field": loc });
  const group = h("div", { class: "fields" }, shown.map((p) =>
    simpleField({ ...p, nullable: true }, current[p.name] ?? null, `${loc}.${p.name}`, {
      ...ctx,
      onChange: (v) => {
        if (v === null) delete current[p.name];
        else current[p.name] = v;
        ctx.onChange(Object.keys(current).length ? { ...current } : null);
      },
    })));
  return h("fieldset", { class: "field field-kwargs", "data-field": loc }, h("legend", {}, h("code", {}, param.name)), group,
    h("small", { class: "help" }, param.help[ctx.lang] ?? param.help.en), errorSlot(loc, newId()));
}

export function field(param, value, ctx) {
  const { loc } = ctx;
  if (param.kind === "nested") return nestedField(param, value, loc, ctx);
  if (param.kind === "rate") return rateField(param, value, loc, ctx);
  if (param.kind === "kwargs") return kwargsField(param, value, loc, ctx);
  return simpleField(param, value === undefined ? param.default : value, loc, ctx);
}

export function fieldGroup(params, config, ctx) {
  // The main arguments, then the advanced ones folded away.
  const { loc, onChange, t } = ctx;
  const main = params.filter((p) => !p.advanced);
  const advanced = params.filter((p) => p.advanced);
  const dependents = params.filter((q) => q.kind === "kwargs" && q.depends_on);
  const make = (p) => field(p, config[p.name], { ...ctx, label: undefined, siblings: config, loc: `${loc}.${p.name}`, onChange: (v) => {
    onChange(p.name, v);
    // a choice that decides which arguments apply (Lambda's function): drop the others, redraw
    for (const q of dependents.filter((d) => d.depends_on === p.name)) {
      const keep = q.by_choice[v] ?? [];
      const kept = Object.fromEntries(Object.entries(config[q.name] ?? {}).filter(([k]) => keep.includes(k)));
      onChange(q.name, Object.keys(kept).length ? kept : null);
      ctx.changed({ rerender: true, focus: `field-${loc}.${p.name}` });
    }
  } });
  const group = h("div", { class: "fields" }, main.map(make));
  if (advanced.length) {
    const open = advanced.some((p) => config[p.name] !== undefined);
    group.append(h("details", { class: "advanced", open }, h("summary", {}, t("more_options")), advanced.map(make)));
  }
  return group;
}
