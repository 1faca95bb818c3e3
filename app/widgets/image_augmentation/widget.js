// One image through Keras 3's preprocessing layers in training mode:
// RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomContrast.

import { h } from "../util.js";
import { attempt, errorBox, form } from "./common.js";

export function mount(body, { t, post }) {
  const gallery = h("div", { class: "wgallery", "data-testid": "augment-gallery" });
  const error = errorBox();
  const { element, values } = form([
    { name: "image", label: t("w_image"), kind: "select", value: "triangle_001", options: ["circle_000", "square_002", "triangle_001", "digit"] },
    { name: "flip", label: "RandomFlip", kind: "select", value: "horizontal", options: ["none", "horizontal", "vertical", "horizontal_and_vertical"] },
    { name: "rotation", label: "RandomRotation", kind: "range", value: 0.1, min: 0, max: 0.5, step: 0.05 },
    { name: "zoom", label: "RandomZoom", kind: "range", value: 0.2, min: 0, max: 0.9, step: 0.05 },
    { name: "translation", label: "RandomTranslation", kind: "range", value: 0.1, min: 0, max: 0.5, step: 0.05 },
    { name: "contrast", label: "RandomContrast", kind: "range", value: 0.2, min: 0, max: 1, step: 0.05 },
    { name: "seed", label: t("w_seed"), kind: "number", value: 0, step: 1 },
  ], () => run());
  async function run() {
    const r = await attempt(error, () => post("augment", { ...values, samples: 4 }));
    if (!r) return;
    const figure = (src, caption) => h("figure", {}, h("img", { src, alt: caption, width: 128, height: 128 }), h("figcaption", {}, caption));
    gallery.replaceChildren(figure(r.original, t("w_original")), ...r.augmented.map((src, i) => figure(src, `${t("w_augmented")} ${i + 1}`)));
  }
  body.replaceChildren(element, error, gallery);
  return run();
}
