// A drawing (Graphviz's SVG of a Keras model) that fits its panel whole, and
// can be zoomed: buttons, Ctrl + wheel, and the keyboard (+, −, 0).

import { h } from "./util.js";

export function zoomable(svgText, { t, testid, label }) {
  const holder = h("div", { class: "zoom-view", tabindex: "0", role: "group", "aria-label": label, "data-testid": testid });
  holder.innerHTML = svgText; // Graphviz's SVG of names the app validated, from our own server
  const svg = holder.querySelector("svg");
  if (!svg) return holder;
  // Graphviz writes its size in points at Keras's dpi (200): drop it, keep the viewBox.
  if (!svg.getAttribute("viewBox")) {
    const w = parseFloat(svg.getAttribute("width"));
    const hgt = parseFloat(svg.getAttribute("height"));
    if (w && hgt) svg.setAttribute("viewBox", `0 0 ${w} ${hgt}`);
  }
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.setAttribute("preserveAspectRatio", "xMidYMin meet");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  let scale = 1;
  const apply = () => {
    svg.style.width = `${scale * 100}%`;
    level.textContent = `${Math.round(scale * 100)}%`;
    holder.classList.toggle("zoomed", scale > 1);
  };
  const set = (next) => { scale = Math.min(8, Math.max(1, next)); apply(); };
  const level = h("output", { class: "zoom-level", "aria-live": "polite" }, "100%");
  const bar = h("div", { class: "zoom-bar" },
    h("button", { type: "button", class: "icon", "aria-label": t("zoom_out"), title: t("zoom_out"), "data-testid": `${testid}-zoom-out`, onclick: () => set(scale / 1.5) }, "−"),
    level,
    h("button", { type: "button", class: "icon", "aria-label": t("zoom_in"), title: t("zoom_in"), "data-testid": `${testid}-zoom-in`, onclick: () => set(scale * 1.5) }, "+"),
    h("button", { type: "button", "data-testid": `${testid}-zoom-fit`, onclick: () => set(1) }, t("zoom_fit")));
  holder.addEventListener("wheel", (e) => {
    if (!e.ctrlKey) return;
    e.preventDefault();
    set(scale * (e.deltaY < 0 ? 1.2 : 1 / 1.2));
  }, { passive: false });
  holder.addEventListener("keydown", (e) => {
    if (e.target !== holder) return;
    if (e.key === "+" || e.key === "=") set(scale * 1.5);
    else if (e.key === "-") set(scale / 1.5);
    else if (e.key === "0") set(1);
  });
  apply();
  return h("div", { class: "zoom" }, bar, holder);
}
