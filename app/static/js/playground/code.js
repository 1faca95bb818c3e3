// The model as code (a plain Keras script from the server) and the way back
// in: a model.to_json() text turned into the playground's model.

import { api } from "../api.js";
import { debounce } from "../util.js";

export class CodePanel {
  constructor(root, { t, spec, onImport }) {
    this.t = t;
    this.spec = spec;
    this.onImport = onImport;
    this.slot = (name) => root.querySelector(`[data-slot="${name}"]`);
    this.stale = true;
    this.text = "";
    this.schedule = debounce(() => this.show(), 400);
    this.slot("code-panel").addEventListener("toggle", () => { if (this.slot("code-panel").open) this.show(); });
  }

  changed() {
    this.stale = true;
    if (this.slot("code-panel").open) this.schedule();
  }

  async show() {
    if (!this.stale) return;
    this.stale = false;
    const spec = this.spec();
    try {
      const [html, text] = await Promise.all([
        api.post("/api/code", spec, { query: { format: "html" }, as: "text" }),
        api.post("/api/code", spec, { as: "text" }),
      ]);
      this.slot("code").innerHTML = html; // Pygments' escaped HTML from our own server
      this.text = text;
    } catch {
      this.slot("code").textContent = this.t("code_unavailable");
      this.text = "";
      return;
    }
    const link = this.slot("download-code");
    if (link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([this.text], { type: "text/x-python" }));
  }

  async copy() {
    await this.show();
    try {
      await navigator.clipboard.writeText(this.text);
    } catch {
      // no clipboard permission (plain http): select the text so Ctrl+C copies it
      const range = document.createRange();
      range.selectNodeContents(this.slot("code"));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    }
    this.slot("copied").hidden = false;
    setTimeout(() => { this.slot("copied").hidden = true; }, 2000);
  }

  async importJson() {
    const error = this.slot("import-error");
    error.hidden = true;
    try {
      const data = await api.post("/api/import/keras-json", this.slot("import-json").value);
      this.slot("import-json").value = "";
      this.onImport(data.model);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  }
}
