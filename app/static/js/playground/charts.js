// Live training curves as TensorBoard's scalars dashboard shows them: loss
// and each metric per epoch (train and validation), per batch, smoothed with
// TensorBoard's debiased moving average, on a linear or log scale, with the
// learning rate, the best epoch, an early stop and every live change marked,
// and other runs overlaid for comparison. Redrawn at most every 150 ms, one
// chart per frame; a chart hidden in another tab is drawn when it shows.

import { LineChart } from "./linechart.js";

const COLORS = ["#c2410c", "#1864ab", "#2b8a3e", "#9c36b5", "#b35900", "#0b7285", "#a61e4d", "#5c940d"];
const OVERLAY_COLORS = ["#6a737d", "#a61e4d", "#364fc7", "#087f5b", "#b35900"];

export function smooth(values, weight) {
  // TensorBoard's smoothing: an exponential moving average, debiased so the
  // first points are not pulled toward zero; a constant series stays as it is.
  const finite = values.filter((v) => Number.isFinite(v));
  if (weight <= 0 || finite.every((v) => v === finite[0])) return values.slice();
  let last = 0;
  let count = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    count += 1;
    return last / (1 - weight ** count);
  });
}

const REDRAW_MS = 150;

export class Charts {
  constructor({ loss, metrics, lr, empty, t }) {
    this.t = t;
    this.emptyNote = empty;
    this.charts = {
      loss: new LineChart(loss, { t, title: t("chart_loss"), xTitle: t("axis_epoch") }),
      metrics: new LineChart(metrics, { t, title: t("chart_metrics"), xTitle: t("axis_epoch") }),
      lr: new LineChart(lr, { t, title: t("chart_lr"), xTitle: t("axis_epoch"), height: 160 }),
    };
    this.divs = { loss, metrics, lr };
    this.smoothing = 0;
    this.logScale = false;
    this.overlays = []; // [{label, epochs, logs}]
    this.drawTimes = []; // ms per redraw of all charts (the benchmark reads them)
    this.taskTimes = []; // ms per chart: the longest main-thread task a redraw makes
    this.epochEvents = 0; // epoch events received (drawTimes per event, for the benchmark)
    this.lastDraw = -Infinity;
    // a chart that becomes visible (its tab shown, the window resized) is drawn at its new size
    this.resize = new ResizeObserver(() => this.schedule());
    for (const div of Object.values(this.divs)) this.resize.observe(div);
    this.reset();
  }

  reset() {
    this.epochs = [];
    this.logs = {};
    this.batches = { x: [], y: [] };
    this.controls = []; // live changes: [{x, action, learning_rate}]
    this.stoppedEarly = false;
    this.pending = false;
    for (const div of Object.values(this.divs)) div.hidden = true;
    for (const chart of Object.values(this.charts)) chart.set({ series: [] });
    this.emptyNote.hidden = false;
  }

  addEpoch(event) {
    this.epochEvents += 1;
    const i = this.epochs.length;
    this.epochs.push(event.epoch + 1);
    for (const [key, value] of Object.entries(event.logs)) {
      if (!this.logs[key]) this.logs[key] = new Array(i).fill(null);
      this.logs[key].push(value);
    }
    for (const values of Object.values(this.logs)) while (values.length < i + 1) values.push(null);
    this.schedule();
  }

  addBatch(event) {
    if (event.logs.loss === undefined || !event.steps) return;
    this.steps = event.steps;
    this.batches.x.push(event.epoch + (event.batch + 1) / event.steps);
    this.batches.y.push(event.logs.loss);
    this.schedule();
  }

  addControl(event) {
    // where the learner paused, stepped or set the learning rate, in epochs
    const x = event.epoch + (event.batch === null || event.batch === undefined || !this.steps ? 0 : (event.batch + 1) / this.steps);
    this.controls.push({ x, action: event.action, learning_rate: event.learning_rate });
    if (event.action === "set") this.schedule();
  }

  markStoppedEarly() {
    this.stoppedEarly = true;
    this.schedule();
  }

  prepend(history) {
    // A continued run: the parent's epochs come first.
    const parent = history.map((e) => ({ epoch: e.epoch, logs: e.logs }));
    const current = this.epochs.map((epoch, i) => ({ epoch: epoch - 1, logs: Object.fromEntries(Object.entries(this.logs).map(([k, v]) => [k, v[i]])) }));
    this.epochs = [];
    this.logs = {};
    for (const e of [...parent, ...current]) this.addEpoch(e);
  }

  setOverlays(overlays) {
    this.overlays = overlays;
    this.schedule();
  }

  setOptions({ smoothing, logScale }) {
    if (smoothing !== undefined) this.smoothing = smoothing;
    if (logScale !== undefined) this.logScale = logScale;
    this.schedule();
  }

  schedule() {
    // Events until the redraw share it. Each chart is drawn, from the state of
    // that moment, in a frame of its own, so the page answers input between
    // them (bench/views.py measures it).
    if (this.pending) return;
    this.pending = true;
    const wait = Math.max(0, this.lastDraw + REDRAW_MS - performance.now());
    setTimeout(() => requestAnimationFrame(() => {
      this.pending = false;
      this.lastDraw = performance.now();
      const steps = [() => this.drawLoss(), () => this.drawMetrics(), () => this.drawLr()];
      let total = 0;
      const next = () => {
        const started = performance.now();
        steps.shift()();
        const took = performance.now() - started;
        total += took;
        this.taskTimes.push(took);
        if (steps.length) requestAnimationFrame(next);
        else this.drawTimes.push(total);
      };
      next();
    }), wait);
  }

  series(name, x, y, color, dash, group) {
    // The smoothed curve in front, the raw one faint behind it (as TensorBoard draws them).
    const out = [];
    if (this.smoothing > 0) {
      out.push({ name, x, y: smooth(y, this.smoothing), color, dash, markers: true, group });
      out.push({ name: `${name} (raw)`, x, y, color, dash, width: 1, opacity: 0.3, legend: false, hover: false, group: group ?? name });
    } else {
      out.push({ name, x, y, color, dash, markers: true, group });
    }
    return out;
  }

  bestEpoch() {
    const key = this.logs.val_loss ? "val_loss" : "loss";
    const values = this.logs[key] ?? [];
    let best = -1;
    values.forEach((v, i) => { if (v !== null && (best < 0 || v < values[best])) best = i; });
    return best < 0 ? null : { epoch: this.epochs[best], value: values[best], key };
  }

  marks() {
    const marks = [];
    const best = this.bestEpoch();
    if (best && this.epochs.length > 1) marks.push({ x: best.epoch, kind: "best", label: this.t("best_epoch", { epoch: best.epoch }) });
    if (this.stoppedEarly && this.epochs.length) marks.push({ x: this.epochs[this.epochs.length - 1], kind: "stop", label: this.t("stopped_early_mark"), anchor: "end", row: 1 });
    return marks;
  }

  show(name, series, options = {}) {
    const div = this.divs[name];
    const any = series.some((s) => s.y.length);
    div.hidden = !any;
    if (any) this.emptyNote.hidden = true;
    if (any) this.charts[name].set({ series, log: this.logScale, marks: [], ...options });
  }

  drawLoss() {
    const t = this.t;
    // Series 0 is the training loss per epoch (tests and the docs rely on it).
    const loss = this.series(`loss (${t("trace_train")})`, this.epochs, this.logs.loss ?? [], COLORS[0]);
    if (this.logs.val_loss) loss.push(...this.series(`val_loss (${t("trace_validation")})`, this.epochs, this.logs.val_loss, COLORS[1], "dash"));
    Object.keys(this.logs).filter((k) => k.endsWith("_loss") && !k.startsWith("val_")).forEach((key, i) => {
      const color = COLORS[(i + 4) % COLORS.length];
      loss.push(...this.series(key, this.epochs, this.logs[key], color));
      if (this.logs[`val_${key}`]) loss.push(...this.series(`val_${key}`, this.epochs, this.logs[`val_${key}`], color, "dash"));
    });
    if (this.batches.x.length) {
      loss.push({ name: `loss ${t("trace_batch")}`, x: this.batches.x, y: this.batches.y, color: COLORS[0], width: 1, opacity: 0.45, hover: false });
    }
    this.overlays.forEach((run, k) => {
      const color = OVERLAY_COLORS[k % OVERLAY_COLORS.length];
      // one legend entry a run: it switches both of its curves (dashed is validation)
      loss.push({ name: `${run.label}: loss`, group: `${run.label}`, x: run.epochs, y: smooth(run.logs.loss ?? [], this.smoothing), color, width: 1.5 });
      if (run.logs.val_loss) loss.push({ name: `${run.label}: val_loss`, group: `${run.label}`, legend: false, x: run.epochs, y: smooth(run.logs.val_loss, this.smoothing), color, width: 1.5, dash: "dash" });
    });
    this.show("loss", loss, { marks: this.marks() });
  }

  drawMetrics() {
    const t = this.t;
    const names = Object.keys(this.logs).filter((k) => k !== "loss" && k !== "learning_rate" && !k.startsWith("val_") && !k.endsWith("_loss"));
    const metrics = [];
    names.forEach((name, i) => {
      const color = COLORS[(i + 2) % COLORS.length];
      metrics.push(...this.series(`${name} (${t("trace_train")})`, this.epochs, this.logs[name], color));
      if (this.logs[`val_${name}`]) metrics.push(...this.series(`val_${name} (${t("trace_validation")})`, this.epochs, this.logs[`val_${name}`], color, "dash"));
    });
    this.overlays.forEach((run, k) => {
      for (const name of names) {
        const values = run.logs[`val_${name}`] ?? run.logs[name];
        if (values) metrics.push({ name: `${run.label}: ${name}`, group: `${run.label}: ${name}`, x: run.epochs, y: smooth(values, this.smoothing), color: OVERLAY_COLORS[k % OVERLAY_COLORS.length], width: 1.5, dash: "dot" });
      }
    });
    this.show("metrics", metrics);
  }

  drawLr() {
    const lr = this.logs.learning_rate;
    if (!lr) {
      this.divs.lr.hidden = true;
      return;
    }
    const finite = lr.filter((v) => Number.isFinite(v) && v > 0);
    // a schedule that spans more than a factor of 10 reads best on a log axis
    const log = finite.length > 1 && Math.max(...finite) / Math.min(...finite) > 10;
    const marks = this.controls.filter((c) => c.action === "set").map((c, i) => ({ x: c.x, kind: "control", label: this.t("lr_set_mark", { value: c.learning_rate }), row: i % 2 }));
    this.show("lr", [{ name: "learning_rate", x: this.epochs, y: lr, color: "#495057", markers: true }], { log, marks });
  }
}
