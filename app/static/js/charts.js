// Live training curves: loss (train, validation, per batch) and the other
// metrics, redrawn at most once per animation frame as events arrive.

const COLORS = ["#d9480f", "#1c7ed6", "#2b8a3e", "#ae3ec9", "#f08c00", "#0c8599"];

export class Charts {
  constructor(lossDiv, metricsDiv, emptyNote, t) {
    this.lossDiv = lossDiv;
    this.metricsDiv = metricsDiv;
    this.emptyNote = emptyNote;
    this.t = t;
    this.reset();
  }

  reset() {
    this.epochs = [];
    this.logs = {};
    this.batches = { x: [], y: [] };
    this.pending = false;
    this.revision = 0;
    for (const div of [this.lossDiv, this.metricsDiv]) {
      if (window.Plotly && div.data) window.Plotly.purge(div);
      div.hidden = true;
    }
    this.emptyNote.hidden = false;
  }

  addEpoch(event) {
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

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  layout(title) {
    // The arrays grow in place; a new datarevision tells Plotly.react to redraw.
    return {
      datarevision: ++this.revision,
      title: { text: title, font: { size: 14 } },
      margin: { l: 48, r: 12, t: 36, b: 84 },
      height: 290,
      xaxis: { title: { text: this.t("axis_epoch") }, rangemode: "tozero" },
      legend: { orientation: "h", y: -0.32, yanchor: "top" },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
    };
  }

  draw() {
    if (!window.Plotly) return;
    const t = this.t;
    const config = { displaylogo: false, responsive: true };
    const line = (name, x, y, color, dash) => ({ type: "scatter", mode: "lines+markers", name, x, y, line: { color, dash }, marker: { size: 5 } });
    // Trace 0 is the training loss per epoch (tests and the docs rely on it).
    const loss = [line(`loss (${t("trace_train")})`, this.epochs, this.logs.loss ?? [], COLORS[0])];
    if (this.logs.val_loss) loss.push(line(`val_loss (${t("trace_validation")})`, this.epochs, this.logs.val_loss, COLORS[1], "dash"));
    if (this.batches.x.length) {
      loss.push({ type: "scatter", mode: "lines", name: `loss ${t("trace_batch")}`, x: this.batches.x, y: this.batches.y, line: { color: COLORS[0], width: 1 }, opacity: 0.35 });
    }
    const hasData = this.epochs.length > 0 || this.batches.x.length > 0;
    this.emptyNote.hidden = hasData;
    this.lossDiv.hidden = !hasData;
    if (hasData) window.Plotly.react(this.lossDiv, loss, this.layout(t("chart_loss")), config);

    const names = Object.keys(this.logs).filter((k) => k !== "loss" && k !== "learning_rate" && !k.startsWith("val_"));
    const metrics = [];
    names.forEach((name, i) => {
      const color = COLORS[(i + 2) % COLORS.length];
      metrics.push(line(`${name} (${t("trace_train")})`, this.epochs, this.logs[name], color));
      if (this.logs[`val_${name}`]) metrics.push(line(`val_${name} (${t("trace_validation")})`, this.epochs, this.logs[`val_${name}`], color, "dash"));
    });
    this.metricsDiv.hidden = metrics.length === 0;
    if (metrics.length) window.Plotly.react(this.metricsDiv, metrics, this.layout(t("chart_metrics")), config);
  }
}
