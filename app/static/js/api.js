// The one client of the app's API. Every page calls the server through it, so
// the rules live in one place: paths are the app's own (never another origin),
// every answer is checked, errors carry the server's words at their fields,
// and the page's language goes with each request.

export class ApiError extends Error {
  constructor(status, detail) {
    super(describe(detail, status));
    this.status = status;
    this.detail = detail; // a FastAPI-style list [{loc, msg, type}], or a sentence
  }

  get problems() {
    // The located problems of a 422, without FastAPI's leading "body".
    return Array.isArray(this.detail) ? this.detail.map((d) => ({ ...d, path: (d.loc ?? []).filter((p) => p !== "body").map(String) })) : [];
  }
}

function describe(detail, status) {
  if (Array.isArray(detail)) return detail.map((d) => d.msg).join(" · ");
  if (detail && typeof detail === "object") return JSON.stringify(detail);
  return String(detail ?? status);
}

const state = {
  lang: document.documentElement.lang?.startsWith("zh") ? "zh" : "en",
  // Where a request that needs a session sends the learner (classroom mode).
  onUnauthorized: () => location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`),
};

export function configure({ lang, onUnauthorized } = {}) {
  if (lang) state.lang = lang;
  if (onUnauthorized) state.onUnauthorized = onUnauthorized;
}

export function apiUrl(path, query = {}) {
  // Only the app's own origin: a path like "/api/runs", never a full address elsewhere.
  const url = new URL(path, location.origin);
  if (url.origin !== location.origin) throw new Error(`refusing a request to another origin: ${url.origin}`);
  for (const [key, value] of Object.entries({ lang: state.lang, ...query })) {
    if (value !== undefined && value !== null) url.searchParams.set(key, value);
  }
  return `${url.pathname}${url.search}`;
}

export async function request(method, path, { body, query, as = "json", contentType } = {}) {
  const headers = {};
  let payload = body;
  if (body instanceof Blob) {
    headers["content-type"] = contentType ?? (body.type || "application/octet-stream");
  } else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body); // a string too: the import takes model.to_json()'s text as a JSON string
  }
  const response = await fetch(apiUrl(path, query), { method, headers, body: payload, credentials: "same-origin" });
  if (response.status === 401) state.onUnauthorized();
  if (!response.ok) {
    let detail;
    try {
      detail = (await response.json()).detail;
    } catch {
      detail = response.statusText;
    }
    throw new ApiError(response.status, detail);
  }
  if (response.status === 204) return null;
  if (as === "text") return response.text();
  if (as === "response") return response;
  return response.json();
}

export const api = {
  get: (path, options) => request("GET", path, options),
  post: (path, body, options) => request("POST", path, { ...options, body }),
};
