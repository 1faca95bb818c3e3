// The exercises at the end of a lesson: each <li data-testid="exercise" data-kind="k">
// gets the module exercises/<k>.js, whose mount(body, exercise, context) makes it
// interactive. Without scripts the prompt and the worked answer are still there.
// What a learner typed is kept in this browser (localStorage), per lesson and exercise.

import { api, configure } from "./api.js";
import { run, spec } from "./playground/state.js";
import { makeT } from "./util.js";

const boot = JSON.parse(document.getElementById("kp-boot").textContent);
configure({ lang: boot.lang });
const t = makeT(boot.strings, boot.lang);

function memory(id) {
  const key = `kp-exercise:${boot.slug}:${id}`;
  return {
    get: () => { try { return JSON.parse(localStorage.getItem(key)) ?? {}; } catch { return {}; } },
    set: (value) => { try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* private mode: forget */ } },
  };
}

for (const item of document.querySelectorAll('[data-testid="exercise"]')) {
  const exercise = JSON.parse(item.querySelector(".exercise-data").textContent);
  const body = item.querySelector(".exercise-body");
  const context = { t, lang: boot.lang, api, spec, run, preset: boot.preset, saved: memory(exercise.id) };
  import(`./exercises/${exercise.kind}.js`)
    .then((module) => module.mount(body, exercise, context))
    .then(() => { item.dataset.ready = "true"; })
    .catch((error) => { body.textContent = t("ex_failed", { detail: error.message }); item.dataset.ready = "error"; });
}
