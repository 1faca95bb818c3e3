// Live training curves as TensorBoard's scalars dashboard shows them: loss
// and each metric per epoch (train and validation), per batch, smoothed with
// TensorBoard's debiased moving average, on a linear or log scale, with the
// learning rate, the best epoch and an early stop marked, and other runs
// overlaid for comparison. Redrawn at most once per animation frame.

const COLORS = ["#d9480f", "#1c7ed6", "#2b8a3e", "#ae3ec9", "#f08c00", "#0c8599", "#c2255c", "#5c940d"];
const OVERLAY_COLORS = ["#868e96", "#a61e4d", "#364fc7", "#087f5b", "#e67700"];

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

// Redraws start at most this often, so a fast run's epochs are drawn in groups.
const REDRAW_MS = 150;
const CONFIG = { displaylogo: false, responsive: true };
// Markers help while a curve has few points; past that they only cost (~4 ms a redraw).
const markersFor = (x) => (x.length <= 40 ? "lines+markers" : "lines");

export class Charts {
  constructor({ loss, metrics, lr, empty, t }) {
    this.lossDiv = loss;
    this.metricsDiv = metrics;
    this.lrDiv = lr;
    this.emptyNote = empty;
    this.t = t;
    this.smoothing = 0;
    this.logScale = false;
    this.overlays = []; // [{label, epochs, logs}]
    this.drawTimes = []; // ms per redraw of all charts (the benchmark reads them)
    this.taskTimes = []; // ms per chart: the longest main-thread task a redraw makes
    this.epochEvents = 0; // epoch events received (drawTimes per event, for the benchmark)
    this.lastDraw = -Infinity;
    this.reset();
  }

  reset() {
    this.epochs = [];
    this.logs = {};
    this.batches = { x: [], y: [] };
    this.stoppedEarly = false;
    this.pending = false;
    this.revision = 0;
    for (const div of [this.lossDiv, this.metricsDiv, this.lrDiv]) {
      if (window.Plotly && div.data) window.Plotly.purge(div);
      div.hidden = true;
    }
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
    this.batches.x.push(event.epoch + (event.batch + 1) / event.steps);
    this.batches.y.push(event.logs.loss);
    this.schedule();
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
    // them (a chart takes 5-20 ms; bench/views.py measures it).
    if (this.pending) return;
    this.pending = true;
    const wait = Math.max(0, this.lastDraw + REDRAW_MS - performance.now());
    setTimeout(() => requestAnimationFrame(() => {
      this.pending = false;
      if (!window.Plotly) return;
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

  layout(title, extra = {}) {
    // The arrays grow in place; a new datarevision tells Plotly.react to redraw.
    return {
      datarevision: ++this.revision,
      title: { text: title, font: { size: 14 } },
      margin: { l: 52, r: 12, t: 36, b: 84 },
      height: 290,
      xaxis: { title: { text: this.t("axis_epoch") }, rangemode: "tozero" },
      yaxis: { type: this.logScale ? "log" : "linear" },
      legend: { orientation: "h", y: -0.32, yanchor: "top" },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      ...extra,
    };
  }

  series(name, x, y, color, dash) {
    // The smoothed curve in front, the raw one faint behind it (as TensorBoard draws them).
    const traces = [];
    const smoothed = this.smoothing > 0 ? smooth(y, this.smoothing) : y;
    if (this.smoothing > 0) traces.push({ type: "scatter", mode: "lines", name: `${name} (raw)`, x, y, line: { color, dash, width: 1 }, opacity: 0.3, showlegend: false, hoverinfo: "skip" });
    traces.push({ type: "scatter", mode: markersFor(x), name, x, y: smoothed, line: { color, dash }, marker: { size: 5 } });
    return traces;
  }

  bestEpoch() {
    const key = this.logs.val_loss ? "val_loss" : "loss";
    const values = this.logs[key] ?? [];
    let best = -1;
    values.forEach((v, i) => { if (v !== null && (best < 0 || v < values[best])) best = i; });
    return best < 0 ? null : { epoch: this.epochs[best], value: values[best], key };
  }

  markers() {
    const shapes = [];
    const annotations = [];
    const best = this.bestEpoch();
    if (best && this.epochs.length > 1) {
      shapes.push({ type: "line", x0: best.epoch, x1: best.epoch, yref: "paper", y0: 0, y1: 1, line: { color: "#2b8a3e", dash: "dot", width: 1 } });
      annotations.push({ x: best.epoch, yref: "paper", y: 1, text: this.t("best_epoch", { epoch: best.epoch }), showarrow: false, font: { size: 10, color: "#2b8a3e" }, yanchor: "bottom" });
    }
    if (this.stoppedEarly && this.epochs.length) {
      const last = this.epochs[this.epochs.length - 1];
      shapes.push({ type: "line", x0: last, x1: last, yref: "paper", y0: 0, y1: 1, line: { color: "#c92a2a", width: 1.5 } });
      annotations.push({ x: last, yref: "paper", y: 0.9, text: this.t("stopped_early_mark"), showarrow: false, font: { size: 10, color: "#c92a2a" }, xanchor: "right" });
    }
    return { shapes, annotations };
  }

  drawLoss() {
    const t = this.t;
    // Trace 0 is the training loss per epoch (tests and the docs rely on it).
    const loss = this.series(`loss (${t("trace_train")})`, this.epochs, this.logs.loss ?? [], COLORS[0]);
    if (this.smoothing > 0) loss.reverse(); // keep trace 0 the training loss: the smoothed one
    if (this.logs.val_loss) loss.push(...this.series(`val_loss (${t("trace_validation")})`, this.epochs, this.logs.val_loss, COLORS[1], "dash"));
    Object.keys(this.logs).filter((k) => k.endsWith("_loss") && !k.startsWith("val_")).forEach((key, i) => {
      const color = COLORS[(i + 4) % COLORS.length];
      loss.push(...this.series(key, this.epochs, this.logs[key], color));
      if (this.logs[`val_${key}`]) loss.push(...this.series(`val_${key}`, this.epochs, this.logs[`val_${key}`], color, "dash"));
    });
    if (this.batches.x.length) {
      loss.push({ type: "scatter", mode: "lines", name: `loss ${t("trace_batch")}`, x: this.batches.x, y: this.batches.y, line: { color: COLORS[0], width: 1 }, opacity: 0.35 });
    }
    this.overlays.forEach((run, k) => {
      const color = OVERLAY_COLORS[k % OVERLAY_COLORS.length];
      // One legend entry a run (it toggles both curves; dashed is validation, as above): a long legend is slow to redraw.
      loss.push({ type: "scatter", mode: "lines", name: `${run.label}: loss`, legendgroup: run.label, x: run.epochs, y: smooth(run.logs.loss ?? [], this.smoothing), line: { color, width: 1.5 } });
      if (run.logs.val_loss) loss.push({ type: "scatter", mode: "lines", name: `${run.label}: val_loss`, legendgroup: run.label, showlegend: false, x: run.epochs, y: smooth(run.logs.val_loss, this.smoothing), line: { color, width: 1.5, dash: "dash" } });
    });
    const hasData = this.epochs.length > 0 || this.batches.x.length > 0 || this.overlays.length > 0;
    this.emptyNote.hidden = hasData;
    this.lossDiv.hidden = !hasData;
    if (hasData) window.Plotly.react(this.lossDiv, loss, this.layout(t("chart_loss"), this.markers()), CONFIG);
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
        if (run.logs[`val_${name}`] ?? run.logs[name]) metrics.push({ type: "scatter", mode: "lines", name: `${run.label}: ${name}`, x: run.epochs, y: smooth(run.logs[`val_${name}`] ?? run.logs[name], this.smoothing), line: { color: OVERLAY_COLORS[k % OVERLAY_COLORS.length], width: 1.5, dash: "dot" } });
      }
    });
    this.metricsDiv.hidden = metrics.length === 0;
    if (metrics.length) window.Plotly.react(this.metricsDiv, metrics, this.layout(t("chart_metrics")), CONFIG);
  }

  drawLr() {
    const lr = this.logs.learning_rate;
    const varies = lr && lr.some((v) => v !== lr[0]);
    this.lrDiv.hidden = !lr;
    if (lr) window.Plotly.react(this.lrDiv, [{ type: "scatter", mode: markersFor(this.epochs), name: "learning_rate", x: this.epochs, y: lr, line: { color: "#495057", shape: "hv" }, marker: { size: 4 } }],
      this.layout(this.t("chart_lr"), { height: 200, margin: { l: 52, r: 12, t: 30, b: 36 }, showlegend: false, yaxis: { type: varies ? "log" : "linear", exponentformat: "e" } }), CONFIG);
  }
}
