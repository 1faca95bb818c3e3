// keras.utils.timeseries_dataset_from_array on the series 0, 1, 2, ...:
// every window it cuts, drawn as a row of the indices it takes.

import { h } from "../util.js";
import { attempt, errorBox, form, plot } from "./common.js";

export function mount(body, { t, post }) {
  const chart = h("div", { class: "wchart", "data-testid": "window-plot" });
  const summary = h("p", { class: "wout" });
  const error = errorBox();
  const { element, values } = form([
    { name: "length", label: t("w_series_length"), kind: "number", value: 100, min: 2, max: 1000, step: 1 },
    { name: "sequence_length", label: "sequence_length", kind: "number", value: 10, min: 1, step: 1 },
    { name: "sequence_stride", label: "sequence_stride", kind: "number", value: 3, min: 1, step: 1 },
    { name: "sampling_rate", label: "sampling_rate", kind: "number", value: 2, min: 1, step: 1 },
    { name: "start_index", label: "start_index", kind: "number", value: 0, min: 0, step: 1 },
    { name: "end_index", label: "end_index", kind: "number", value: null, min: 1, step: 1 },
  ], () => run());
  async function run() {
    const r = await attempt(error, () => post("windows", values));
    if (!r) return;
    const shown = r.windows.slice(0, 60);
    plot(chart, shown.map((w, i) => ({ type: "scatter", mode: "lines+markers", x: w, y: w.map(() => i + 1), showlegend: false, marker: { size: 5 }, line: { width: 1 }, hovertemplate: `${t("w_window")} ${i + 1}: %{x}<extra></extra>` })), {
      height: Math.max(220, 40 + shown.length * 7),
      xaxis: { title: { text: t("w_index") }, range: [-1, values.length] },
      yaxis: { title: { text: t("w_window") }, autorange: "reversed" },
    });
    const first = r.windows[0] ?? [];
    const last = r.windows[r.windows.length - 1] ?? [];
    summary.textContent = t("w_windows_summary", { count: r.count, first: `[${first.join(", ")}]`, last: `[${last.join(", ")}]` });
  }
  body.replaceChildren(element, error, summary, chart);
  return run();
}
