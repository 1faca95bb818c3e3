// Small helpers shared by the playground modules.

export function makeT(strings, lang = "en") {
  // t("status_running_epoch", {epoch: 3, epochs: 20}) → the UI string with its {names} filled in. A missing key shows
  // itself in brackets so it is easy to spot (a test fails on it as well).
  const t = (key, params = {}) => {
    const text = strings[key];
    if (text === undefined) return `[${key}]`;
    return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  };
  // t.plural("problems_values", 3) → "problems_values_one" or "_other", as the
  // language counts (English: 1 value, 2 values; Chinese has one form).
  const rules = new Intl.PluralRules(lang === "zh" ? "zh-CN" : "en-US");
  t.plural = (key, n, params = {}) => t(`${key}_${rules.select(n) === "one" ? "one" : "other"}`, { n, ...params });
  return t;
}

// Why a run ended (a status event's `why`, app/runs/reasons.py) in the page's language;
// a run stored before `why` existed keeps its English `error`.
export function whyText(t, event) {
  return event.why ? t(`why_${event.why.code}`, event.why) : (event.error ?? null);
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
// The spec is deflated (CompressionStream) and base64url-encoded: "z.<data>";
// "j.<data>" is plain JSON for browsers without compression.

function toBase64Url(bytes) {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

export async function encodeSpec(spec) {
  const json = new TextEncoder().encode(JSON.stringify(spec));
  if (typeof CompressionStream === "undefined") return `j.${toBase64Url(json)}`;
  return `z.${toBase64Url(await pipe(json, new CompressionStream("deflate-raw")))}`;
}

export async function decodeSpec(text) {
  const [kind, data] = [text.slice(0, 2), text.slice(2)];
  let bytes = fromBase64Url(kind === "z." || kind === "j." ? data : text);
  if (kind === "z.") bytes = await pipe(bytes, new DecompressionStream("deflate-raw"));
  return JSON.parse(new TextDecoder().decode(bytes));
}

export async function readFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  let spec = null;
  try {
    if (params.get("spec")) spec = await decodeSpec(params.get("spec"));
  } catch {
    spec = null; // a damaged link falls back to the lesson's preset
  }
  let base = null;
  try {
    if (params.get("base")) base = await decodeSpec(params.get("base"));
  } catch {
    base = null;
  }
  const hide = (params.get("hide") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return { spec, base, run: params.get("run"), hide };
}

let writing = Promise.resolve();

export function writeFragment({ spec, run, hide, base }) {
  // Serialized: the last state written wins even if compression takes a moment.
  // A teacher's link (with hide=) keeps its own model as `base`, what Reset returns to.
  writing = writing.then(async () => {
    const params = new URLSearchParams();
    params.set("spec", await encodeSpec(spec));
    if (run) params.set("run", run);
    if (hide && hide.length) params.set("hide", hide.join(","));
    if (base) params.set("base", await encodeSpec(base));
    history.replaceState(null, "", `${location.pathname}${location.search}#${params}`);
    for (const link of document.querySelectorAll("[data-testid=lang-switch]")) link.hash = params.toString();
  });
  return writing;
}
