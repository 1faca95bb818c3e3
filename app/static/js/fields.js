// Form fields generated from the catalog's parameter descriptions.

import { h } from "./util.js";

let nextId = 0;

function parseList(text) {
  const parts = text.split(/[\s,()[\]]+/).filter(Boolean);
  const numbers = parts.map(Number);
  return numbers.every(Number.isInteger) ? numbers : null;
}

function formatValue(param, value) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

function readInput(param, input, t) {
  // What the learner typed, as the spec holds it. Unparseable text is sent
  // as typed, so the server's 422 can say exactly what was received.
  const raw = input.type === "checkbox" ? input.checked : input.value;
  switch (param.kind) {
    case "bool":
      return raw;
    case "int":
    case "float": {
      if (raw.trim() === "") return param.nullable ? null : raw;
      const n = Number(raw);
      return Number.isFinite(n) ? n : raw;
    }
    case "shape":
    case "permutation": {
      if (raw.trim() === "") return param.nullable ? null : [];
      return parseList(raw) ?? raw;
    }
    case "choice":
      return raw === "" ? null : raw;
    default:
      return raw === "" && param.nullable ? null : raw;
  }
}

export function field(param, value, { loc, lang, t, onChange }) {
  const id = `f${nextId++}`;
  const current = value === undefined ? param.default : value;
  let input;
  if (param.kind === "bool") {
    input = h("input", { type: "checkbox", id });
    input.checked = Boolean(current);
  } else if (param.kind === "choice") {
    input = h("select", { id });
    if (param.nullable) input.append(h("option", { value: "" }, t("none_option")));
    for (const choice of param.choices) input.append(h("option", { value: choice }, choice));
    input.value = current ?? "";
  } else if (param.kind === "int" || param.kind === "float") {
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
  const help = param.help[lang] ?? param.help.en;
  const helpId = `${id}-help`;
  input.setAttribute("aria-describedby", helpId);
  input.dataset.loc = loc;
  const update = () => onChange(readInput(param, input, t));
  input.addEventListener(param.kind === "bool" || param.kind === "choice" ? "change" : "input", update);
  return h(
    "div",
    { class: `field field-${param.kind}`, "data-field": loc },
    h("label", { for: id }, h("code", {}, param.name)),
    input,
    h("small", { id: helpId, class: "help" }, help),
    h("p", { class: "field-error", "data-error-for": loc, role: "alert", hidden: true }),
  );
}

export function fieldGroup(params, config, { loc, lang, t, onChange, advancedLabel }) {
  // The main arguments, then the advanced ones folded away.
  const main = params.filter((p) => !p.advanced);
  const advanced = params.filter((p) => p.advanced);
  const make = (p) => field(p, config[p.name], { loc: `${loc}.${p.name}`, lang, t, onChange: (v) => onChange(p.name, v) });
  const group = h("div", { class: "fields" }, main.map(make));
  if (advanced.length) {
    const open = advanced.some((p) => config[p.name] !== undefined);
    group.append(h("details", { class: "advanced", open }, h("summary", {}, advancedLabel), advanced.map(make)));
  }
  return group;
}
