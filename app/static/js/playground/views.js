// What TensorBoard would show beside the curves, fed by the run's events:
// the network's neurons, weight and activation histograms, what the model
// learned, its graph, the runs of this browser side by side, and the run's
// files. One tab each (arrow keys move between them); a view is drawn when
// its tab is shown and then kept up to date.

import { h } from "../util.js";
import { drawFiles } from "./views/files.js";
import { drawGraph } from "./views/graph.js";
import { Histograms } from "./views/histograms.js";
import { Learned } from "./views/learned.js";
import { Network } from "./views/network.js";
import { rememberRun, Runs } from "./views/runs.js";

const LEARNED = new Set(["points", "boundary", "confusion", "samples", "regression"]);

export class RunViews {
  constructor(root, { t, lang, charts, spec, registries, datasetTitle, onFollow }) {
    this.root = root;
    this.t = t;
    this.spec = spec;
    this.registries = registries;
    this.onFollow = onFollow;
    this.panel = (name) => root.querySelector(`[data-view-panel="${name}"]`);
    this.tabs = [...root.querySelectorAll("[role=tab]")];
    for (const tab of this.tabs) tab.addEventListener("click", () => this.select(tab.dataset.view));
    root.querySelector("[role=tablist]").addEventListener("keydown", (e) => {
      const i = this.tabs.indexOf(document.activeElement);
      if (i < 0 || !["ArrowLeft", "ArrowRight", "Home", "End"].includes(e.key)) return;
      e.preventDefault();
      const next = e.key === "Home" ? this.tabs[0] : e.key === "End" ? this.tabs[this.tabs.length - 1]
        : this.tabs[(i + (e.key === "ArrowRight" ? 1 : this.tabs.length - 1)) % this.tabs.length];
      next.focus();
      this.select(next.dataset.view);
    });
    this.histograms = new Histograms(this.panel("histograms"), { t });
    this.learned = new Learned(this.panel("learned"), { t });
    this.network = new Network(this.panel("network"), { t });
    this.runs = new Runs(this.panel("runs"), { t, lang, charts, datasetTitle });
    this.pinned = new Set(); // views shown whatever the tab (the network, in focus mode)
    this.wireScalars(charts);
    this.reset();
  }

  reset() {
    this.runId = null;
    this.status = null;
    for (const view of [this.histograms, this.learned, this.network]) view.reset();
    for (const name of ["network", "histograms", "learned", "files"]) this.panel(name).replaceChildren(h("p", { class: "empty" }, this.t(`view_${name}_empty`)));
  }

  current() {
    return this.tabs.find((tab) => tab.getAttribute("aria-selected") === "true")?.dataset.view;
  }

  showing(name) {
    return this.current() === name || this.pinned.has(name);
  }

  select(name) {
    for (const tab of this.tabs) {
      const on = tab.dataset.view === name;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      this.panel(tab.dataset.view).hidden = !on && !this.pinned.has(tab.dataset.view);
    }
    this.draw(name);
  }

  pin(name, on) {
    if (on) this.pinned.add(name); else this.pinned.delete(name);
    this.panel(name).classList.toggle("pinned", on);
    this.select(this.current() === name && on ? "scalars" : this.current());
    if (on) this.draw(name);
  }

  draw(name) {
    if (name === "network") this.network.draw();
    if (name === "histograms") this.histograms.draw();
    if (name === "learned") this.learned.draw();
    if (name === "graph") drawGraph(this.panel("graph"), { t: this.t, spec: this.spec });
    if (name === "runs") this.runs.draw();
    if (name === "files") drawFiles(this.panel("files"), { t: this.t, runId: this.runId, status: this.status, spec: this.spec(), registries: this.registries, onFollow: this.onFollow });
  }

  wireScalars(charts) {
    const slider = this.root.querySelector("[data-slot=smoothing]");
    const value = this.root.querySelector("[data-slot=smoothing-value]");
    slider.addEventListener("input", () => {
      value.textContent = Number(slider.value).toFixed(3);
      charts.setOptions({ smoothing: Number(slider.value) });
    });
    this.root.querySelector("[data-slot=log-scale]").addEventListener("change", (e) => charts.setOptions({ logScale: e.target.checked }));
  }

  follow(runId) {
    this.reset();
    this.runId = runId;
    this.runs.current = runId;
    rememberRun(runId);
  }

  handle(event) {
    if (event.type === "histograms") {
      this.histograms.add(event);
      if (this.showing("histograms")) this.histograms.draw();
    } else if (event.type === "neurons") {
      this.network.add(event);
      if (this.showing("network")) this.network.draw();
    } else if (LEARNED.has(event.type)) {
      this.learned.add(event);
      if (this.showing("learned")) this.learned.draw();
    } else if (event.type === "status") {
      this.status = event.status;
      if (this.showing("files")) this.draw("files");
    }
  }
}
