// Training a run from the page: submit the spec, follow the run's events
// (replayed after a reload, resumed after a lost connection), cancel, and the
// live controls of a running run: pause and resume, one more epoch, and a new
// learning rate, each applied by the worker between batches.

import { api } from "../api.js";
import { whyText } from "../util.js";
import { run as runState } from "./state.js";
import { RunWatcher } from "./watcher.js";

const ACTIVE = new Set(["queued", "running", "paused", "submitting"]);

export class Runner {
  constructor(root, { t, charts, views, spec, problems, onRun, extra = () => ({}) }) {
    this.extra = extra; // what the run says besides its spec: its lesson, the assignment it answers
    this.root = root;
    this.t = t;
    this.charts = charts;
    this.views = views;
    this.spec = spec;
    this.problems = problems;
    this.onRun = onRun; // the run id changed (the page keeps it in its address)
    const q = (testid) => root.querySelector(`[data-testid="${testid}"]`);
    this.statusEl = q("run-status");
    this.trainButton = q("train-button");
    this.cancelButton = q("cancel-button");
    this.pauseButton = q("pause-button");
    this.stepButton = q("step-button");
    this.lrInput = q("live-lr");
    this.lrButton = q("set-lr-button");
    this.progress = root.querySelector("[data-slot=run-progress]");
    this.errorEl = root.querySelector("[data-slot=run-error]");
    this.runId = null;
    this.epochsPlanned = null;
    this.paused = false;
    this.watcher = new RunWatcher({ onEvent: (e) => this.onEvent(e), onReconnecting: () => this.setStatus(this.statusEl.dataset.status, t("status_reconnecting")) });
    this.pauseButton.addEventListener("click", () => this.control(this.paused ? "resume" : "pause"));
    this.stepButton.addEventListener("click", () => this.control("step"));
    this.lrButton.addEventListener("click", () => this.setRate());
    this.lrInput.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); this.setRate(); } });
  }

  setStatus(status, text, error) {
    const { t } = this;
    this.statusEl.dataset.status = status;
    this.statusEl.textContent = text ?? t(`status_${status}`);
    const active = ACTIVE.has(status);
    const live = status === "running" || status === "paused";
    this.trainButton.disabled = active;
    this.cancelButton.disabled = !active || status === "submitting";
    for (const el of [this.pauseButton, this.stepButton, this.lrInput, this.lrButton]) el.disabled = !live;
    this.pauseButton.textContent = this.paused ? `▶ ${t("resume")}` : `❚❚ ${t("pause")}`;
    this.pauseButton.setAttribute("aria-pressed", String(this.paused));
    this.progress.hidden = !live;
    this.root.toggleAttribute("data-live", live);
    this.errorEl.hidden = !error;
    this.errorEl.textContent = error ?? "";
  }

  runningText() {
    const done = this.charts.epochs.length - (this.parentEpochs ?? 0);
    if (this.paused) return this.t("status_paused_epoch", { epoch: this.charts.epochs.length });
    return this.epochsPlanned && done > 0 ? this.t("status_running_epoch", { epoch: this.charts.epochs.length, epochs: this.epochsPlanned }) : this.t("status_running");
  }

  finished(event) {
    // The worker's details (`why`, app/runs/events.md) in the page's language; runs stored
    // before `why` existed say the same in their English `detail`.
    const { t } = this;
    const detail = event.detail ?? "";
    const code = event.why?.code;
    const early = /stopped early after (\d+) of (\d+) epochs/.exec(detail);
    if (event.status === "succeeded" && (code === "stopped_early" || early)) {
      this.charts.markStoppedEarly();
      return t("status_stopped_early", code ? event.why : { done: early[1], epochs: early[2] });
    }
    const cancelled = /stopped after (\d+) epochs?/.exec(detail);
    if (code === "cancelled_after" || (event.status === "cancelled" && cancelled)) return t.plural("status_cancelled_after", Number(code ? event.why.done : cancelled[1]));
    if (code === "forced" || (event.status === "cancelled" && /stopped by force/.test(detail))) return t("status_cancelled_force");
    return null;
  }

  onEvent(event) {
    this.views.handle(event);
    if (event.type === "status") {
      if (event.status === "queued") {
        this.setStatus("queued", event.position > 0 ? this.t.plural("status_queued_position", event.position) : this.t("status_queued"));
      } else if (event.status === "running") {
        this.paused = false;
        this.setStatus("running", this.runningText());
      } else {
        this.paused = false;
        const text = this.finished(event);
        runState.replace({ ...runState.get(), id: this.runId, status: event.status });
        const error = event.status === "failed" || event.status === "interrupted" ? whyText(this.t, event) : null;
        this.setStatus(event.status, text, error ?? (event.detail && !text && event.status !== "succeeded" ? event.detail : null));
      }
    } else if (event.type === "epoch") {
      this.charts.addEpoch(event);
      if (this.epochsPlanned) {
        this.progress.max = this.epochsPlanned;
        this.progress.value = Math.min(this.epochsPlanned, this.charts.epochs.length);
      }
      if (this.statusEl.dataset.status === "running" || this.statusEl.dataset.status === "paused") this.setStatus(this.paused ? "paused" : "running", this.runningText());
    } else if (event.type === "batch") {
      this.charts.addBatch(event);
    } else if (event.type === "control") {
      this.charts.addControl(event);
      if (event.action === "pause") this.paused = true;
      if (event.action === "resume" || event.action === "step") this.paused = false;
      if (event.action === "set") this.lrInput.value = String(event.learning_rate);
      if (!["succeeded", "failed", "cancelled", "interrupted"].includes(this.statusEl.dataset.status)) this.setStatus(this.paused ? "paused" : "running", this.runningText());
    }
  }

  follow(id, epochs, run = null) {
    this.runId = id;
    runState.replace({ id, status: run?.status ?? "queued", started: false });
    this.epochsPlanned = epochs;
    this.parentEpochs = 0;
    this.paused = false;
    this.lrInput.value = "";
    this.charts.reset();
    this.views.follow(id);
    this.onRun(id);
    this.watcher.follow(id);
    const resume = run?.spec?.resume;
    if (resume?.run) {
      // a continued run: its curves go on from the parent's
      this.epochsPlanned = resume.initial_epoch + run.spec.fit.epochs;
      api.get(`/api/runs/${resume.run}`).then((parent) => this.charts.prepend(parent.epochs)).catch(() => {});
    }
  }

  async train() {
    const { t } = this;
    this.setStatus("submitting", t("status_submitting"));
    const spec = this.spec();
    try {
      const data = await api.post("/api/runs", { ...spec, ...this.extra() });
      this.follow(data.id, spec.fit.epochs ?? 10);
      this.setStatus("queued");
      runState.replace({ id: data.id, status: "queued", started: true });
    } catch (error) {
      if (error.status === 422 && error.problems.length) {
        // said once, at the fields; the first of them is brought into view and focused
        this.problems.show(error.problems, spec);
        this.setStatus("idle", t("status_idle"), t.plural("fix_errors_first", this.problems.shown.length));
        this.problems.focusFirst();
      } else {
        this.setStatus("idle", t("status_idle"), t("error_server", { detail: error.message }));
      }
    }
  }

  async cancel() {
    if (!this.runId) return;
    this.cancelButton.disabled = true;
    try {
      await api.post(`/api/runs/${this.runId}/cancel`);
    } catch (error) {
      this.errorEl.textContent = error.message;
      this.errorEl.hidden = false;
    }
  }

  async control(action, extra = {}) {
    if (!this.runId) return;
    this.errorEl.hidden = true;
    try {
      await api.post(`/api/runs/${this.runId}/control`, { action, ...extra });
    } catch (error) {
      this.errorEl.textContent = error.message;
      this.errorEl.hidden = false;
    }
  }

  setRate() {
    const typed = this.lrInput.value.trim();
    const value = Number(typed);
    return this.control("set", { learning_rate: typed !== "" && Number.isFinite(value) ? value : typed });
  }
}
