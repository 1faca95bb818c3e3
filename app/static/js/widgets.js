// Mounts the lesson's widgets: each <section data-widget="name"> gets the
// module widgets/<name>.js, whose mount(body, context) draws it.

import { makeT } from "./util.js";

const boot = JSON.parse(document.getElementById("kp-boot").textContent);
const t = makeT(boot.strings);

async function post(name, body) {
  const response = await fetch(`/api/explore/${name}?lang=${boot.lang}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = await response.json().catch(() => ({ detail: response.statusText }));
  if (!response.ok) {
    const detail = Array.isArray(data.detail) ? data.detail.map((d) => `${d.loc.filter((p) => p !== "body").join(".")}: ${d.msg}`).join("\n") : String(data.detail);
    throw new Error(detail);
  }
  return data;
}

const context = {
  lang: boot.lang,
  t,
  post,
  // the playground's current model, for the widgets that draw it (the gallery page passes one)
  spec: () => window.kpPlayground?.spec ?? boot.preset,
};

for (const section of document.querySelectorAll("[data-widget]")) {
  const name = section.dataset.widget;
  import(`./widgets/${name}.js`)
    .then((module) => module.mount(section.querySelector(".widget-body"), context))
    .then(() => { section.dataset.ready = "true"; })
    .catch((error) => {
      section.querySelector(".widget-body").textContent = t("w_failed", { detail: error.message });
      section.dataset.ready = "error";
    });
}
