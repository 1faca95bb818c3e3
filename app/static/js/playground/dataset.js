// The data panel: pick a data set and its options, or upload a CSV file and
// choose its feature and target columns. The model's input follows the data.

import { api } from "../api.js";
import { clone, h } from "../util.js";
import { errorSlot, fieldGroup, tie } from "./fields.js";
import { toFunctional } from "./sequential.js";

const uploads = {}; // upload id → what the server said about the file

export function fitModelToData(spec, dataset) {
  // Keep model and data in step: the input shape (and, for a data set that
  // names them, the inputs and outputs) follow the data set.
  if (dataset.inputs && spec.model.kind === "sequential") spec.model = toFunctional(spec.model);
  if (spec.model.kind === "sequential") {
    spec.model.input.shape = clone(dataset.input_shape);
    followDtype(spec.model.input, dataset);
  } else if (dataset.inputs) {
    const old = spec.model.inputs;
    spec.model.inputs = dataset.inputs.map((io) => ({ name: io.name, shape: io.shape, dtype: io.dtype }));
    for (const node of spec.model.nodes) node.inputs = node.inputs.map((n) => { const i = old.findIndex((x) => x.name === n); return i >= 0 && spec.model.inputs[i] ? spec.model.inputs[i].name : n; });
  } else if (spec.model.inputs.length === 1) {
    spec.model.inputs[0].shape = clone(dataset.input_shape);
    followDtype(spec.model.inputs[0], dataset);
  }
}

function followDtype(input, dataset) {
  // texts come as strings, word ids as int32, the rest as float32
  const dtype = dataset.input_dtype ?? "float32";
  if ((input.dtype ?? "float32") !== dtype) input.dtype = dtype;
}

function syncInputToUpload(spec) {
  const shape = [spec.dataset.options.features.length];
  if (spec.model.kind === "sequential") spec.model.input.shape = shape;
  else if (spec.model.inputs.length === 1) spec.model.inputs[0].shape = shape;
}

export function renderDataset(box, spec, ctx) {
  const { t, lang, datasets } = ctx;
  const current = datasets[spec.dataset.name];
  const select = tie(h("select", {}), "dataset.name", "pg-dataset");
  for (const d of ctx.catalog.datasets) select.append(h("option", { value: d.name }, d.title[lang]));
  select.value = spec.dataset.name;
  select.addEventListener("change", () => {
    const next = datasets[select.value];
    spec.dataset = { name: next.name, options: {} };
    if (next.name !== "upload") fitModelToData(spec, next);
    ctx.changed({ rerender: true, focus: "field-dataset.name" });
  });
  const chooser = h("div", { class: "field" }, h("label", { for: "pg-dataset" }, t("dataset_name")), select,
    h("small", { class: "help", id: "pg-dataset-help" }, current ? current.description[lang] : ""),
    errorSlot("dataset.name", "pg-dataset-error"));
  if (current?.name === "upload") {
    box.replaceChildren(chooser, uploadPanel(spec, ctx));
    return;
  }
  const note = current?.source === "keras" ? h("p", { class: "help" }, t("keras_dataset_note", { stand_in: current.stand_in })) : "";
  box.replaceChildren(chooser, note,
    current ? fieldGroup(current.options, spec.dataset.options, { ...ctx, loc: "dataset.options", onChange: (name, v) => { spec.dataset.options[name] = v; ctx.changed(); followOptions(spec, ctx); } }) : "");
}

let asked = 0;

// The model's input takes the data's samples: the same axes, each the same
// size or None (a size left open, kept: (None, 1) takes windows of any length).
const shapeFits = (shape, data) => Array.isArray(shape) && shape.length === data.length && shape.every((d, i) => d === null || d === data[i]);

async function followOptions(spec, ctx) {
  // An option can change the samples' shape (digits: flat or image): the
  // model's input follows it, as it follows a change of data set.
  const mine = ++asked;
  const root = document.getElementById("playground");
  root.dataset.following = "true"; // tests wait for it, as for the summary
  let signature;
  try {
    signature = await api.post(`/api/datasets/${encodeURIComponent(spec.dataset.name)}/signature`, spec.dataset.options);
  } catch {
    return; // a wrong option is shown at its field by the summary
  } finally {
    if (mine === asked) delete root.dataset.following;
  }
  if (mine !== asked || !signature.input_shape) return;
  const input = spec.model.kind === "sequential" ? spec.model.input : spec.model.inputs.length === 1 ? spec.model.inputs[0] : null;
  if (input && !shapeFits(input.shape, signature.input_shape)) {
    input.shape = signature.input_shape;
    ctx.changed({ rerender: true });
  }
}

function uploadPanel(spec, ctx) {
  // Your own CSV: upload it, look at it, pick the features and the target.
  const { t } = ctx;
  const options = spec.dataset.options;
  const box = h("div", { class: "upload", "data-testid": "upload-panel" });
  const error = h("p", { class: "field-error", role: "alert", id: "pg-upload-error", hidden: true });
  const file = h("input", { type: "file", accept: ".csv,text/csv", "data-testid": "upload-file", id: "pg-upload", "aria-describedby": "pg-upload-help pg-upload-error" });
  file.addEventListener("change", async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    error.hidden = true;
    try {
      const data = await api.post("/api/uploads", chosen, { query: { name: chosen.name }, contentType: "text/csv" });
      uploads[data.id] = data;
      spec.dataset.options = { id: data.id, ...data.suggestion };
      syncInputToUpload(spec);
      ctx.changed({ rerender: true, focus: "upload-file" });
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  });
  box.append(h("label", { for: "pg-upload" }, t("upload_choose")), file, h("small", { class: "help", id: "pg-upload-help" }, t("upload_rules")), error);
  const info = uploads[options.id];
  if (options.id && !info) {
    api.get(`/api/uploads/${options.id}`).then((data) => { uploads[data.id] = data; ctx.changed({ rerender: true, inspect: false }); }).catch(() => {});
  }
  if (info) box.append(uploadDetails(spec, info, ctx));
  for (const key of info ? ["id", "features"] : ["id", "features", "target", "task"]) box.append(errorSlot(`dataset.options.${key}`));
  return box;
}

function uploadDetails(spec, info, ctx) {
  const { t } = ctx;
  const options = spec.dataset.options;
  const stats = (c) => (c.kind === "numeric" ? `${t("upload_numeric")} · min ${+c.min.toFixed(3)} · max ${+c.max.toFixed(3)} · mean ${+c.mean.toFixed(3)}` : `${t("upload_text")} · ${c.distinct} ${t("upload_distinct")}`);
  const features = h("fieldset", { class: "metrics", "data-loc": "dataset.options.features" }, h("legend", {}, t("upload_features")), info.columns.filter((c) => c.kind === "numeric").map((c) => {
    const id = `up-f-${c.name}`;
    const box = h("input", { type: "checkbox", id, "data-testid": `field-dataset.options.features.${c.name}` });
    box.checked = options.features.includes(c.name);
    box.addEventListener("change", () => {
      options.features = info.columns.map((x) => x.name).filter((n) => (n === c.name ? box.checked : options.features.includes(n)));
      syncInputToUpload(spec);
      ctx.changed({ rerender: true });
    });
    return h("label", { class: "check", for: id }, box, h("code", {}, c.name));
  }));
  const target = tie(h("select", {}, info.columns.map((c) => h("option", { value: c.name }, c.name))), "dataset.options.target", "up-target");
  target.value = options.target;
  target.addEventListener("change", () => { options.target = target.value; options.features = options.features.filter((f) => f !== target.value); syncInputToUpload(spec); ctx.changed({ rerender: true }); });
  const task = tie(h("select", {}, ["auto", "binary", "multiclass", "regression"].map((x) => h("option", { value: x }, x))), "dataset.options.task", "up-task");
  task.value = options.task ?? "auto";
  task.addEventListener("change", () => { options.task = task.value; ctx.changed(); });
  const [header, ...rows] = info.preview;
  return h("div", {},
    h("p", { class: "help" }, t("upload_summary", { name: info.name, rows: info.rows, columns: info.columns.length })),
    h("div", { class: "preview", tabindex: "0", role: "region", "aria-label": t("upload_preview") }, h("table", { class: "summary" },
      h("thead", {}, h("tr", {}, header.map((x) => h("th", {}, x)))),
      h("tbody", {}, rows.map((r) => h("tr", {}, r.map((x) => h("td", {}, x))))),
      h("tfoot", {}, h("tr", {}, info.columns.map((c) => h("td", { class: "help" }, stats(c))))))),
    features,
    h("div", { class: "fields" },
      h("div", { class: "field" }, h("label", { for: "up-target" }, t("upload_target")), target, h("small", { class: "help", id: "up-target-help" }), errorSlot("dataset.options.target", "up-target-error")),
      h("div", { class: "field" }, h("label", { for: "up-task" }, t("upload_task")), task, h("small", { class: "help", id: "up-task-help" }), errorSlot("dataset.options.task", "up-task-error"))));
}
