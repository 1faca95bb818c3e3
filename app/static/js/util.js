// Small helpers shared by the playground modules.

export function makeT(strings) {
  // t("status_queued_position", {n: 3}) → the UI string with {n} filled in. A missing key shows
  // itself in brackets so it is easy to spot (a test fails on it as well).
  return (key, params = {}) => {
    const text = strings[key];
    if (text === undefined) return `[${key}]`;
    return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  };
}

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name === "text") el.textContent = value;
    else el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export const clone = (value) => JSON.parse(JSON.stringify(value));

export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

// The playground's state lives in the URL fragment, so a reload, a language
// switch or a shared link reproduces the same model and replays the same run.
function toBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

export function readFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  let spec = null;
  try {
    if (params.get("spec")) spec = JSON.parse(fromBase64Url(params.get("spec")));
  } catch {
    spec = null; // a damaged link falls back to the lesson's preset
  }
  return { spec, run: params.get("run") };
}

export function writeFragment({ spec, run }) {
  const params = new URLSearchParams();
  params.set("spec", toBase64Url(JSON.stringify(spec)));
  if (run) params.set("run", run);
  history.replaceState(null, "", `${location.pathname}${location.search}#${params}`);
  for (const link of document.querySelectorAll("[data-testid=lang-switch]")) {
    link.hash = params.toString();
  }
}
