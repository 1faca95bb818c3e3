// Form fields generated from the catalog's parameter descriptions. Every
// parameter kind of app/catalog/params.py and app/catalog/nested.py has one.

import { clone, h } from "./util.js";

let nextId = 0;

function parseNumbers(text) {
  // "3, 3", "(3, 3)", "[[1, 1], [2, 2]]", "(1,1),(2,2)": as JSON, brackets for parentheses.
  const json = text.trim().replace(/\(/g, "[").replace(/\)/g, "]");
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
  if (Array.isArray(value)) return value.map((v) => (Array.isArray(v) ? `(${v.join(", ")})` : v)).join(", ");
  return String(value);
}

function readInput(param, input) {
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
      const n = Number(raw);
      return Number.isFinite(n) ? n : raw;
    }
    case "ints": {
      if (raw.trim() === "") return param.nullable ? null : raw;
      if (/^-?\d+$/.test(raw.trim())) return Number(raw);
      return parseNumbers(raw) ?? raw;
    }
    case "shape":
    case "permutation":
    case "numbers": {
      if (raw.trim() === "") return param.nullable ? null : [];
      const parsed = parseNumbers(raw);
      return Array.isArray(parsed) ? parsed : raw;
    }
    case "choice":
      return raw === "" ? null : raw;
    default:
      return raw === "" && param.nullable ? null : raw;
  }
}

function frame(param, loc, ctx, id, control) {
  const help = param.help[ctx.lang] ?? param.help.en;
  return h(
    "div",
    { class: `field field-${param.kind}`, "data-field": loc },
    h("label", { for: id }, h("code", {}, param.name)),
    control,
    h("small", { id: `${id}-help`, class: "help" }, help),
    h("p", { class: "field-error", "data-error-for": loc, role: "alert", hidden: true }),
  );
}

function simpleField(param, current, loc, ctx) {
  const id = `f${nextId++}`;
  let input;
  if (param.kind === "bool") {
    input = h("input", { type: "checkbox", id });
    input.checked = Boolean(current);
  } else if (param.kind === "choice") {
    input = h("select", { id });
    if (param.nullable) input.append(h("option", { value: "" }, ctx.t("none_option")));
    for (const choice of param.choices) input.append(h("option", { value: choice }, choice));
    input.value = current ?? "";
  } else if (param.kind === "int" || param.kind === "float" || param.kind === "rate") {
    input = h("input", {
      type: "number",
      id,
      inputmode: param.kind === "int" ? "numeric" : "decimal",
      min: param.min,
      max: param.max,
      step: param.kind === "int" ? 1 : param.step ?? "any",
      placeholder: param.nullable ? "None" : null,
    });
    input.value = formatValue(param, current);
  } else {
    input = h("input", { type: "text", id, placeholder: param.nullable ? "None" : null, spellcheck: "false" });
    input.value = formatValue(param, current);
  }
  input.setAttribute("aria-describedby", `${id}-help`);
  input.dataset.loc = loc;
  const update = () => ctx.onChange(readInput(param, input));
  input.addEventListener(param.kind === "bool" || param.kind === "choice" ? "change" : "input", update);
  return frame(param, loc, ctx, id, input);
}

function suggested(entry) {
  // A new object starts with its required arguments at the catalog's suggestion.
  return Object.fromEntries(entry.params.filter((p) => p.required).map((p) => [p.name, clone(p.default)]));
}

function objectEditor(registryName, allowed, obj, loc, ctx, { nullable = false, onReplace, onRemove } = {}) {
  // One nested {class_name, config}: pick the class, then edit its arguments.
  const registry = ctx.registries[registryName];
  const id = `f${nextId++}`;
  const select = h("select", { id, "data-loc": `${loc}.class_name` });
  if (nullable) select.append(h("option", { value: "" }, ctx.t("none_option")));
  for (const name of allowed) select.append(h("option", { value: name }, name));
  select.value = obj ? obj.class_name : "";
  select.addEventListener("change", () => {
    const entry = registry[select.value];
    onReplace(entry ? { class_name: entry.class_name, config: suggested(entry) } : null);
  });
  const entry = obj && registry[obj.class_name];
  const body = entry
    ? fieldGroup(entry.params, obj.config, { ...ctx, loc: `${loc}.config`, onChange: (name, v) => { obj.config[name] = v; ctx.onChange(); } })
    : "";
  return h("div", { class: "nested", "data-loc": loc },
    h("div", { class: "nested-head" }, select, onRemove ? h("button", { type: "button", class: "icon danger", "aria-label": ctx.t("remove_item"), title: ctx.t("remove_item"), onclick: onRemove }, "✕") : ""),
    entry ? h("small", { class: "help" }, entry.help[ctx.lang] ?? entry.help.en) : "",
    body,
    h("p", { class: "field-error", "data-error-for": loc, role: "alert", hidden: true }));
}

function nestedField(param, value, loc, ctx) {
  const holder = h("div");
  const id = `f${nextId++}`;
  let current = value === undefined ? clone(param.default) : value;
  const emit = () => ctx.onChange(current);
  const draw = () => {
    const inner = { ...ctx, onChange: emit };
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
          ? h("button", { type: "button", onclick: () => { const entry = ctx.registries[param.registry][param.allowed[0]]; items.push({ class_name: entry.class_name, config: suggested(entry) }); emit(); draw(); } }, `+ ${ctx.t("add_item")}`)
          : "");
    }
    holder.replaceChildren(frame(param, loc, ctx, id, control));
  };
  draw();
  return holder;
}

function rateField(param, value, loc, ctx) {
  // A learning rate: a number, or a schedule object that changes it step by step.
  const holder = h("div");
  let current = value === undefined ? param.default : value;
  const draw = () => {
    const id = `f${nextId++}`;
    const mode = h("select", { id: `${id}-mode`, "aria-label": ctx.t("rate_mode") });
    mode.append(h("option", { value: "" }, ctx.t("rate_constant")));
    for (const name of param.allowed) mode.append(h("option", { value: name }, name));
    mode.value = current && typeof current === "object" ? current.class_name : "";
    mode.addEventListener("change", () => {
      const entry = ctx.registries.schedules[mode.value];
      current = entry ? { class_name: entry.class_name, config: suggested(entry) } : param.default;
      ctx.onChange(current);
      draw();
    });
    let control;
    if (current && typeof current === "object") {
      const entry = ctx.registries.schedules[current.class_name];
      control = h("div", { class: "nested" }, mode, h("small", { class: "help" }, entry.help[ctx.lang] ?? entry.help.en),
        fieldGroup(entry.params, current.config, { ...ctx, loc: `${loc}.config`, onChange: (name, v) => { current.config[name] = v; ctx.onChange(current); } }));
    } else {
      const number = simpleField(param, current, loc, { ...ctx, onChange: (v) => { current = v; ctx.onChange(v); } });
      const input = number.querySelector("input");
      control = h("div", { class: "rate" }, input, mode);
    }
    holder.replaceChildren(frame(param, loc, ctx, id, control));
  };
  draw();
  return holder;
}

function kwargsField(param, value, loc, ctx) {
  // Named numbers (Lambda's arguments): an empty field leaves the argument out.
  const current = { ...(value ?? {}) };
  const group = h("div", { class: "fields" }, param.params.map((p) =>
    simpleField({ ...p, nullable: true }, current[p.name] ?? null, `${loc}.${p.name}`, {
      ...ctx,
      onChange: (v) => {
        if (v === null) delete current[p.name];
        else current[p.name] = v;
        ctx.onChange(Object.keys(current).length ? { ...current } : null);
      },
    })));
  return frame(param, loc, ctx, `f${nextId++}`, group);
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
  const make = (p) => field(p, config[p.name], { ...ctx, loc: `${loc}.${p.name}`, onChange: (v) => onChange(p.name, v) });
  const group = h("div", { class: "fields" }, main.map(make));
  if (advanced.length) {
    const open = advanced.some((p) => config[p.name] !== undefined);
    group.append(h("details", { class: "advanced", open }, h("summary", {}, t("more_options")), advanced.map(make)));
  }
  return group;
}

export { suggested };
