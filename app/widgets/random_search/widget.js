// A random search over the playground's model, trained as real runs. The
// learner picks what to vary (the learning rate on a log scale, the units of
// the first hidden Dense layer, the batch size), how many trials and a seed.
// The trials are drawn here exactly as keras_tuner.RandomSearch(seed=...)
// draws them and shown before anything runs; then each is sent to the runs
// API as the playground's Train sends a run, one after another, and followed
// live. The best trial is marked, and the Runs view can overlay them all.

import { api } from "../api.js";
import { spec as store } from "../playground/state.js";
import { compareRuns, rememberRun } from "../playground/views/runs.js";
import { RunWatcher, TERMINAL } from "../playground/watcher.js";
import { clone, debounce, h } from "../util.js";
import { errorBox, fmt, form } from "./common.js";

const MAX_COLLISIONS = 20; // KerasTuner's Oracle: a trial drawn again more often than this ends the search
const N = 624;

// Python's random.Random(seed).random() for a whole seed below 2**32 (MT19937 seeded by
// init_by_array with the one-word key [seed], then 53 bits from its first two outputs):
// what KerasTuner's HyperParameter.random_sample(seed) turns into a value.
function pythonRandom(seed) {
  const mt = new Uint32Array(N);
  mt[0] = 19650218;
  for (let i = 1; i < N; i++) mt[i] = (Math.imul(1812433253, mt[i - 1] ^ (mt[i - 1] >>> 30)) + i) >>> 0;
  let i = 1;
  for (let k = N; k > 0; k--) {
    mt[i] = ((mt[i] ^ Math.imul(mt[i - 1] ^ (mt[i - 1] >>> 30), 1664525)) + seed) >>> 0;
    if (++i >= N) { mt[0] = mt[N - 1]; i = 1; }
  }
  for (let k = N - 1; k > 0; k--) {
    mt[i] = ((mt[i] ^ Math.imul(mt[i - 1] ^ (mt[i - 1] >>> 30), 1566083941)) - i) >>> 0;
    if (++i >= N) { mt[0] = mt[N - 1]; i = 1; }
  }
  mt[0] = 0x80000000;
  const out = [0, 1].map((kk) => {
    const y0 = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
    let y = (mt[kk + 397] ^ (y0 >>> 1) ^ (y0 & 1 ? 0x9908b0df : 0)) >>> 0;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    return (y ^ (y >>> 18)) >>> 0;
  });
  return ((out[0] >>> 5) * 67108864 + (out[1] >>> 6)) / 9007199254740992;
}

// RandomSearch's trials: each hyperparameter, in the order build(hp) declares it, takes
// random_sample(seed_state) and seed_state goes up by one; a repeated trial is drawn again.
function sample(space, trials, seed) {
  let state = seed;
  const seen = new Set();
  const out = [];
  while (out.length < trials) {
    let values = null;
    for (let collisions = 0; collisions <= MAX_COLLISIONS && !values; collisions++) {
      const drawn = Object.fromEntries(space.map((p) => {
        const prob = pythonRandom(state++);
        if (p.log) return [p.name, p.min * Math.pow(p.max / p.min, prob)]; // hp.Float(..., sampling="log")
        const index = Math.floor(prob / (1 / p.values.length)); // hp.Choice
        return [p.name, p.values[Math.min(index, p.values.length - 1)]];
      }));
      if (!seen.has(JSON.stringify(drawn))) values = drawn;
    }
    if (!values) break; // the space has no new trial left
    seen.add(JSON.stringify(values));
    out.push(values);
  }
  return out;
}

// The first Dense layer that is not the model's output: the one whose units the search varies.
function hiddenDense(model) {
  if (model.kind === "functional") {
    const outputs = new Set(model.outputs ?? []);
    const i = (model.nodes ?? []).findIndex((n) => n.class_name === "Dense" && !outputs.has(n.name));
    return i < 0 ? null : { key: "nodes", index: i, label: model.nodes[i].name };
  }
  const dense = (model.layers ?? []).map((l, i) => (l.class_name === "Dense" ? i : -1)).filter((i) => i >= 0);
  return dense.length < 2 ? null : { key: "layers", index: dense[0], label: `layers[${dense[0]}] Dense` };
}

function objectives(spec) {
  const metrics = Array.isArray(spec.compile?.metrics) ? spec.compile.metrics.filter((m) => typeof m === "string") : [];
  const names = ["loss", ...metrics];
  return (spec.fit?.validation_split ?? 0.2) > 0 ? names.map((n) => `val_${n}`) : names;
}

const higherIsBetter = (name) => /acc|auc|precision|recall/.test(name); // as KerasTuner infers a direction

function parseList(text, max) {
  const items = String(text).split(",").map((s) => s.trim()).filter(Boolean);
  const numbers = items.map(Number);
  if (!items.length || numbers.some((n) => !Number.isInteger(n) || n < 1 || n > max)) return null;
  return [...new Set(numbers)];
}

export function mount(body, { t, post, spec }) {
  const catalog = api.get("/api/catalog").catch(() => ({ optimizers: [] }));
  // one row per hyperparameter (ticked: searched), then the size of the search
  const rowsOfFields = [
    [{ name: "lr_on", label: t("w_rs_lr_on"), kind: "checkbox", value: true },
      { name: "lr_min", label: t("w_rs_from"), kind: "number", value: 0.0001, min: 1e-6, max: 10 },
      { name: "lr_max", label: t("w_rs_to"), kind: "number", value: 0.1, min: 1e-6, max: 10 }],
    [{ name: "units_on", label: t("w_rs_units_on"), kind: "checkbox", value: true },
      { name: "units", label: t("w_rs_units"), kind: "text", value: "8, 16, 32, 64" }],
    [{ name: "batch_on", label: t("w_rs_batch_on"), kind: "checkbox", value: true },
      { name: "batch", label: t("w_rs_batch"), kind: "text", value: "16, 32, 64, 128" }],
    [{ name: "trials", label: t("w_rs_trials"), kind: "number", value: 4, min: 2, max: 6, step: 1 },
      { name: "seed", label: t("w_rs_seed"), kind: "number", value: 1, min: 1, max: 10000, step: 1 }],
  ].map((fields) => form(fields, () => draw()));
  const values = new Proxy({}, { get: (_, name) => rowsOfFields.find((f) => name in f.values)?.values[name] });
  const objective = h("select", { id: "w-rs-objective", "data-testid": "rs-objective", onchange: () => render() });
  const target = h("p", { class: "help", "data-testid": "rs-target" });
  const error = errorBox();
  const runButton = h("button", { type: "button", class: "primary", "data-testid": "rs-run", onclick: () => runSearch() }, t("w_rs_run"));
  const stopButton = h("button", { type: "button", "data-testid": "rs-stop", disabled: true, onclick: () => stop() }, t("w_rs_stop"));
  const compareButton = h("button", { type: "button", "data-testid": "rs-compare", hidden: true, onclick: () => compare() }, t("w_rs_compare"));
  const status = h("p", { role: "status", "aria-live": "polite", "data-testid": "rs-status" });
  const out = h("div", { class: "wout", "data-testid": "rs-table" });
  let rows = [];
  let space = [];
  let running = false;
  let stopping = false;
  let following = null;
  const params = new Map(); // trial model → its parameter count, computed by Keras

  function readSpace(model) {
    const problems = [];
    const found = [];
    if (values.lr_on) {
      const [lo, hi] = [Number(values.lr_min), Number(values.lr_max)];
      if (!(lo > 0 && hi > lo && hi <= 10)) problems.push(t("w_rs_bad_range", { from: values.lr_min, to: values.lr_max }));
      else found.push({ name: "learning_rate", log: true, min: lo, max: hi });
    }
    const dense = hiddenDense(model);
    target.textContent = dense ? t("w_rs_target", { layer: dense.label }) : t("w_rs_no_target");
    if (values.units_on && dense) {
      const units = parseList(values.units, 4096);
      if (!units) problems.push(t("w_rs_bad_values", { what: "units", value: values.units, max: 4096 }));
      else found.push({ name: "units", values: units });
    }
    if (values.batch_on) {
      const batch = parseList(values.batch, 8192);
      if (!batch) problems.push(t("w_rs_bad_values", { what: "batch_size", value: values.batch, max: 8192 }));
      else found.push({ name: "batch_size", values: batch });
    }
    if (!found.length && !problems.length) problems.push(t("w_rs_nothing"));
    return { found, problems, dense };
  }

  async function trialSpec(base, trial, dense) {
    const s = clone(base);
    if (trial.learning_rate !== undefined) {
      let optimizer = s.compile.optimizer;
      if (typeof optimizer === "string") {
        const entry = (await catalog).optimizers.find((o) => o.aliases?.includes(optimizer) || o.class_name === optimizer);
        optimizer = { class_name: entry?.class_name ?? optimizer, config: {} };
      }
      s.compile.optimizer = { ...optimizer, config: { ...(optimizer.config ?? {}), learning_rate: trial.learning_rate } };
    }
    if (trial.units !== undefined) s.model[dense.key][dense.index].config.units = trial.units;
    if (trial.batch_size !== undefined) s.fit = { ...s.fit, batch_size: trial.batch_size };
    return s;
  }

  let drawn = null; // what the table was drawn from: the form and the parts of the spec a trial changes
  function draw(force = true) {
    if (running) return;
    const base = spec();
    if (!base) return;
    const key = JSON.stringify([rowsOfFields.map((f) => f.values), base.model, base.compile, base.fit]);
    if (!force && key === drawn) return;
    drawn = key;
    const names = objectives(base);
    const chosen = names.includes(objective.value) ? objective.value : names.find((n) => /acc/.test(n)) ?? names[0];
    objective.replaceChildren(...names.map((n) => h("option", { value: n }, `${n} (${t(higherIsBetter(n) ? "w_rs_max" : "w_rs_min")})`)));
    objective.value = chosen;
    const { found, problems, dense } = readSpace(base.model);
    error.hidden = !problems.length;
    error.textContent = problems.join(" ");
    space = found;
    const trials = Math.min(6, Math.max(2, Math.round(Number(values.trials) || 4)));
    const seed = Math.min(10000, Math.max(1, Math.round(Number(values.seed) || 1)));
    rows = problems.length ? [] : sample(space, trials, seed).map((trial, i) => ({ n: i + 1, trial, status: null, id: null, epochs: [], params: undefined }));
    status.textContent = rows.length < trials && !problems.length ? t("w_rs_few", { n: rows.length }) : "";
    compareButton.hidden = true;
    runButton.disabled = !rows.length;
    render();
    for (const row of rows) countParams(base, row, dense);
  }

  async function countParams(base, row, dense) {
    const s = await trialSpec(base, row.trial, dense);
    const key = JSON.stringify(s.model);
    if (!params.has(key)) params.set(key, post("config", { spec: s }).then((r) => r.params).catch(() => null));
    row.params = await params.get(key);
    render();
  }

  function score(row) {
    const name = objective.value;
    const seen = row.epochs.map((logs) => logs[name]).filter((v) => typeof v === "number" && Number.isFinite(v));
    if (!seen.length) return { last: null, best: null };
    return { last: seen.at(-1), best: higherIsBetter(name) ? Math.max(...seen) : Math.min(...seen) };
  }

  function bestRow() {
    const done = rows.filter((r) => r.status === "succeeded" && score(r).best !== null);
    const better = (a, b) => (higherIsBetter(objective.value) ? a > b : a < b);
    return done.reduce((best, r) => (best === null || better(score(r).best, score(best).best) ? r : best), null);
  }

  function render() {
    const best = bestRow();
    const name = objective.value;
    const cell = (v) => (v === undefined ? "—" : typeof v === "number" ? fmt(v, 5) : String(v));
    const state = (row) => (!row.status ? t("w_rs_planned")
      : row.status === "running" && row.epochs.length ? t("w_rs_status_epochs", { status: t("status_running"), n: row.epochs.length })
        : t(`status_${row.status}`));
    out.replaceChildren(h("p", { class: "help" }, t("w_rs_score_help", { objective: name })), h("table", { class: "wtable" },
      h("caption", { class: "visually-hidden" }, t("w_rs_table")),
      h("thead", {}, h("tr", {}, [t("w_rs_trial"), ...space.map((p) => p.name), t("w_rs_params"), t("w_rs_status"), t("w_rs_last"), t("w_rs_score"), t("w_rs_run_col")].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, rows.map((row) => {
        const { last, best: top } = score(row);
        const mark = row === best ? h("strong", { style: "white-space: nowrap" }, ` ★ ${t("w_rs_best")}`) : null;
        return h("tr", { "data-testid": `rs-trial-${row.n}`, "data-status": row.status ?? "planned", "data-best": row === best ? "true" : null },
          h("th", { scope: "row" }, String(row.n), mark),
          ...space.map((p) => h("td", {}, cell(row.trial[p.name]))),
          h("td", {}, row.params === undefined ? "…" : row.params === null ? "—" : row.params.toLocaleString()),
          h("td", { "data-testid": "rs-status-cell" }, state(row)),
          h("td", {}, last === null ? "" : fmt(last)),
          h("td", { "data-testid": "rs-score" }, top === null ? "" : fmt(top)),
          h("td", {}, row.id ? h("a", { href: `/runs/${row.id}`, target: "_blank", rel: "noopener" }, row.id.slice(0, 8)) : ""));
      }))));
  }

  function follow(row) {
    return new Promise((resolve) => {
      const watcher = new RunWatcher({
        onEvent: (event) => {
          if (event.type === "epoch") row.epochs.push(event.logs);
          if (event.type === "status") row.status = event.status;
          if (event.type === "status" && TERMINAL.has(event.status)) {
            watcher.stop();
            following = null;
            resolve();
          }
          render();
        },
        onReconnecting: () => {},
      });
      following = { row, watcher };
      watcher.follow(row.id);
    });
  }

  function setRunning(on) {
    running = on;
    runButton.disabled = on;
    stopButton.disabled = !on;
    for (const input of body.querySelectorAll(".wform input, .wform select")) input.disabled = on;
  }

  async function runSearch() {
    const base = clone(spec());
    const { dense } = readSpace(base.model);
    const slug = document.body.dataset.lesson;
    stopping = false;
    setRunning(true);
    error.hidden = true;
    for (const row of rows) {
      if (stopping) break;
      if (row.status === "succeeded") continue; // a second press trains only what is left
      Object.assign(row, { status: "submitting", id: null, epochs: [] });
      status.textContent = t("w_rs_running", { n: row.n, total: rows.length });
      render();
      try {
        const created = await api.post("/api/runs", { ...(await trialSpec(base, row.trial, dense)), ...(slug ? { lesson: slug } : {}) });
        row.id = created.id;
        row.status = "queued";
        rememberRun(created.id);
        if (stopping) api.post(`/api/runs/${created.id}/cancel`).catch(() => {}); // Stop was pressed while it was being sent
      } catch (e) {
        row.status = null;
        error.textContent = e.status === 429 ? t("w_rs_queue_full", { n: row.n, detail: e.message }) : t("w_rs_failed_submit", { n: row.n, detail: e.message });
        error.hidden = false;
        break;
      }
      render();
      await follow(row);
    }
    setRunning(false);
    const done = rows.filter((r) => r.status === "succeeded").length;
    const best = bestRow();
    status.textContent = best ? t("w_rs_done", { done, total: rows.length, n: best.n, objective: objective.value }) : t("w_rs_none_done", { done, total: rows.length });
    compareButton.hidden = !rows.some((r) => r.id) || !document.querySelector("[data-testid=tab-runs]");
    render();
  }

  function stop() {
    stopping = true;
    stopButton.disabled = true;
    if (following?.row.id) api.post(`/api/runs/${following.row.id}/cancel`).catch(() => {});
  }

  function compare() {
    compareRuns(rows.filter((r) => r.id).map((r) => r.id));
    const tab = document.querySelector("[data-testid=tab-runs]");
    tab.click();
    tab.focus();
    tab.scrollIntoView({ block: "start" });
  }

  store.subscribe(debounce(() => draw(false), 300)); // the playground's model changed: draw the trials again
  body.replaceChildren(
    h("p", { class: "help" }, t("w_rs_intro")),
    ...rowsOfFields.slice(0, 2).map((f) => f.element), target, ...rowsOfFields.slice(2).map((f) => f.element),
    h("div", { class: "wform" }, h("label", { class: "wfield wfield-select", for: "w-rs-objective" }, h("span", {}, t("w_rs_objective")), objective)),
    error,
    h("div", { class: "wform" }, runButton, stopButton, compareButton),
    status, out,
  );
  draw();
}
