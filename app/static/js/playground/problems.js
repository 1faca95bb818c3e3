// Problems with the spec, shown once each, where the learner can fix them:
// the message at its field (tied to the control with aria-describedby, the
// control marked aria-invalid), and above the summary one heading per kind of
// problem with links to each field. Only problems that have no field of their
// own are written out there.

import { h } from "../util.js";
import { layerLabel } from "./sequential.js";

const BUILD = new Set(["build", "compile", "too_many_params", "too_large_activation", "timeout", "inspect_failed"]);
const DATA = new Set(["dataset_input", "output_units", "incompatible", "dataset_io", "dataset_missing", "metric_targets", "embedding_range"]);
const ORDER = ["build", "data", "fit", "values"];

export function kindOf(problem) {
  // "cannot build" only when Keras cannot build the model; the rest by what to change.
  const [head] = problem.path;
  if (BUILD.has(problem.type)) return "build";
  if (head === "fit" || head === "views" || head === "callbacks") return "fit";
  if (DATA.has(problem.type) || head === "dataset") return "data";
  return "values";
}

function words(path) {
  // "config.layer.config.units" → "layer · units"
  return path.filter((p) => p !== "config").join(" · ");
}

export function placeOf(path, spec, ctx) {
  // Where a problem is, in the words of the page: "Layer 2 (Dense) · units".
  const { t } = ctx;
  const [head, second, third, ...rest] = path;
  if (head === "model" && second === "layers" && third !== undefined) {
    const layer = spec.model.layers?.[Number(third)];
    return [layerLabel(ctx, Number(third), layer?.class_name ?? "?"), words(rest)].filter(Boolean).join(" · ");
  }
  if (head === "model" && second === "nodes" && third !== undefined) {
    const node = spec.model.nodes?.[Number(third)];
    return [layerLabel(ctx, Number(third), node ? `${node.name} (${node.class_name ?? node.reuse})` : "?"), words(rest)].filter(Boolean).join(" · ");
  }
  if (head === "model" && second === "input") return [t("input_shape"), words([third, ...rest].filter((p) => p !== undefined && p !== "shape"))].filter(Boolean).join(" · ");
  if (head === "model" && second === "inputs" && third !== undefined) return [`${t("model_inputs")} ${spec.model.inputs?.[Number(third)]?.name ?? Number(third) + 1}`, words(rest)].filter(Boolean).join(" · ");
  if (head === "model" && second === "outputs") return t("outputs");
  if (head === "dataset") return [t("dataset"), words(path.slice(1).filter((p) => p !== "options" && p !== "name"))].filter(Boolean).join(" · ");
  if (head === "compile") {
    const part = { optimizer: t("optimizer"), loss: t("loss"), metrics: t("metrics"), loss_weights: t("loss") }[second] ?? second;
    return [part, words([third, ...rest].filter((p) => p !== undefined && p !== "class_name"))].filter(Boolean).join(" · ");
  }
  if (head === "callbacks" && second !== undefined) return [spec.callbacks?.[Number(second)]?.class_name ?? t("callbacks"), words(path.slice(2))].filter(Boolean).join(" · ");
  if (head === "fit" || head === "views") return [t("fit"), words(path.slice(1))].filter(Boolean).join(" · ");
  return path.length ? words(path) : t("model");
}

export class Problems {
  constructor(root, { list, table, t, ctx }) {
    this.root = root;
    this.list = list;
    this.table = table;
    this.t = t;
    this.ctx = ctx;
    this.shown = [];
  }

  clear() {
    for (const el of this.root.querySelectorAll(".field-error:not([hidden])")) { el.hidden = true; el.textContent = ""; }
    for (const el of this.root.querySelectorAll(".invalid")) el.classList.remove("invalid");
    for (const el of this.root.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    this.table.classList.remove("stale");
    this.list.hidden = true;
    this.list.replaceChildren();
    this.shown = [];
  }

  target(path) {
    // The problem's own error slot, or that of the closest thing that contains it.
    for (let n = path.length; n > 0; n--) {
      const slot = this.root.querySelector(`[data-error-for="${CSS.escape(path.slice(0, n).join("."))}"]`);
      if (slot && slot.closest("[hidden]:not(.field-error)") === null) return slot;
    }
    return null;
  }

  control(slot) {
    const exact = this.root.querySelector(`[data-loc="${CSS.escape(slot.dataset.errorFor)}"]:is(input, select, textarea, button)`);
    if (exact) return exact;
    const box = slot.closest(".field, .layer-card, .input-card, fieldset, .callback, .ref-editor");
    return box?.querySelector("input:not([type=hidden]), select, textarea, button") ?? null;
  }

  show(detail, spec) {
    this.clear();
    const problems = detail.map((d) => ({ ...d, path: (d.path ?? d.loc.filter((p) => p !== "body")).map(String) }));
    const groups = {};
    const seen = new Set();
    for (const problem of problems) {
      const key = `${problem.path.join(".")}\u0000${problem.msg}`;
      if (seen.has(key)) continue; // each problem once
      seen.add(key);
      const slot = this.target(problem.path);
      if (slot) {
        // two problems at one place share its slot, one sentence each
        slot.textContent = slot.textContent ? `${slot.textContent} ${problem.msg}` : problem.msg;
        slot.hidden = false;
        slot.closest(".field, .layer-card, .input-card, fieldset, .callback")?.classList.add("invalid");
        const control = this.control(slot);
        control?.setAttribute("aria-invalid", "true");
        problem.control = control;
        problem.slot = slot;
      }
      (groups[kindOf(problem)] ??= []).push(problem);
      this.shown.push(problem);
    }
    // the table still shows the last model Keras could build: say so by dimming it
    this.table.classList.toggle("stale", Boolean(groups.build));
    const parts = [];
    for (const kind of ORDER) {
      const items = groups[kind];
      if (!items) continue;
      parts.push(h("p", { class: "problems-heading" }, kind === "build" ? this.t("problems_build") : this.t.plural(`problems_${kind}`, items.length)));
      parts.push(h("ul", {}, items.map((p) => {
        const where = placeOf(p.path, spec, this.ctx);
        if (!p.slot) return h("li", {}, where ? h("strong", {}, `${where}: `) : "", p.msg);
        return h("li", {}, h("a", { href: "#", "data-testid": "problem-link", onclick: (e) => { e.preventDefault(); this.reveal(p); } }, where));
      })));
    }
    this.list.replaceChildren(...parts);
    this.list.hidden = parts.length === 0;
  }

  reveal(problem) {
    // Open what folds the field away, bring it to the middle of the view, focus it.
    const el = problem.control ?? problem.slot;
    if (!el) return;
    for (let d = el.closest("details"); d; d = d.parentElement?.closest("details")) d.open = true;
    el.scrollIntoView({ block: "center", behavior: "instant" });
    if (el.matches("input, select, textarea, button")) el.focus({ preventScroll: true });
    else {
      el.tabIndex = -1;
      el.focus({ preventScroll: true });
    }
  }

  focusFirst() {
    // After a refused Train: the first problem in the page's order.
    const first = this.shown.filter((p) => p.slot)
      .sort((a, b) => (a.slot.compareDocumentPosition(b.slot) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))[0];
    if (first) this.reveal(first);
    else if (!this.list.hidden) this.reveal({ slot: this.list });
  }
}
