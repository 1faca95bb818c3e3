// A chart's numbers as a table, shown on request: the text alternative of
// the Plotly charts (the live curves have their own, in linechart.js).

import { h } from "./util.js";

export function withNumbers(chart, { t, caption, headers, rows, testid }) {
  const box = h("div", { class: "lchart-table", hidden: true });
  const toggle = h("button", { type: "button", class: "link", "aria-expanded": "false", "data-testid": `${testid}-table-toggle` }, t("chart_show_data"));
  toggle.addEventListener("click", () => {
    const open = box.hidden;
    box.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = t(open ? "chart_hide_data" : "chart_show_data");
    if (open) {
      // drawn from the chart's state of the moment it is opened
      box.replaceChildren(h("table", { class: "summary" }, h("caption", { class: "visually-hidden" }, caption),
        h("thead", {}, h("tr", {}, headers.map((x) => h("th", { scope: "col" }, x)))),
        h("tbody", {}, rows().map((r) => h("tr", {}, r.map((x, i) => (i === 0 ? h("th", { scope: "row" }, x) : h("td", { class: "num" }, x))))))));
    }
  });
  return [chart, toggle, box];
}
