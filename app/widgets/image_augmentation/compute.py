"""One image through Keras's random preprocessing layers (worker only)."""

from __future__ import annotations

import base64
import io
from typing import Any

import keras
import numpy as np

from app.worker.widgets import ok


def _png(array: np.ndarray) -> str:
    from PIL import Image

    image = Image.fromarray(np.clip(array * 255, 0, 255).astype("uint8").squeeze())
    image = image.resize((image.width * 4, image.height * 4), Image.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def run(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """The preprocessing layers that replaced ImageDataGenerator, applied in training mode."""
    from PIL import Image

    from app.datasets.loaders.bundled import SHAPES_FOLDER

    if m["image"] == "digit":
        from sklearn.datasets import load_digits

        image = (load_digits().images[0] / 16.0).astype("float32")[..., None].repeat(3, axis=-1)
    else:
        kind = m["image"].split("_")[0]
        image = np.asarray(Image.open(SHAPES_FOLDER / kind / f"{m['image']}.png").convert("RGB"), dtype="float32") / 255.0
    steps = []
    if m["flip"] != "none":
        steps.append(keras.layers.RandomFlip(m["flip"], seed=m["seed"]))
    steps += [
        keras.layers.RandomRotation(m["rotation"], seed=m["seed"] + 1),
        keras.layers.RandomZoom(m["zoom"], seed=m["seed"] + 2),
        keras.layers.RandomTranslation(m["translation"], m["translation"], seed=m["seed"] + 3),
        keras.layers.RandomContrast(m["contrast"], seed=m["seed"] + 4, value_range=(0, 1)),
    ]
    pipeline = keras.Sequential(steps)
    batch = np.repeat(image[None], m["samples"], axis=0)
    out = keras.ops.convert_to_numpy(pipeline(batch, training=True))
    return ok({"original": _png(image), "augmented": [_png(a) for a in out], "layers": [type(s).__name__ for s in steps]})
