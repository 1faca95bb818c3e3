// Mounts the lesson's widgets: each <section data-widget="name"> gets the
// module widgets/<name>.js (the server sends the widget's own
// app/widgets/<folder>/widget.js), whose mount(body, context) draws it. A widget is
// mounted when it comes near the screen, so the form answers at once and
// Plotly is loaded only when a widget that draws with it is about to be seen.

import { api, configure } from "./api.js";
import { spec } from "./playground/state.js";
import { makeT } from "./util.js";

const boot = JSON.parse(document.getElementById("kp-boot").textContent);
configure({ lang: boot.lang });
const t = makeT(boot.strings, boot.lang);

async function post(name, body) {
  try {
    return await api.post(`/api/explore/${name}`, body);
  } catch (error) {
    const detail = error.problems.length ? error.problems.map((d) => `${d.path.join(".")}: ${d.msg}`).join("\n") : error.message;
    throw new Error(detail);
  }
}

const context = {
  lang: boot.lang,
  t,
  post,
  // the playground's current model, for the widgets that draw it (the gallery page passes one)
  spec: () => spec.get() ?? boot.preset,
};

function mount(section) {
  const name = section.dataset.widget;
  section.dataset.ready = "loading";
  import(`./widgets/${name}.js`)
    .then((module) => module.mount(section.querySelector(".widget-body"), context))
    .then(() => { section.dataset.ready = "true"; })
    .catch((error) => {
      section.querySelector(".widget-body").textContent = t("w_failed", { detail: error.message });
      section.dataset.ready = "error";
    });
}

const seen = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    if (!entry.isIntersecting) continue;
    seen.unobserve(entry.target);
    mount(entry.target);
  }
}, { rootMargin: "400px 0px" });
for (const section of document.querySelectorAll("[data-widget]")) seen.observe(section);
