"""test-accuracy.<en|zh>.svg: the accuracy on the 746 test images (the digits 5 to 9
that the playground's 150 samples leave out) after every epoch, for the ways of
lesson 49 to train on the same 120 images, each the mean of three runs:

- the pretrained base frozen, a new head trained for 20 epochs at 0.01 (feature
  extraction), then 10 more epochs at 0.001 three ways: the head alone, the base
  fine-tuned with its BatchNormalization frozen, and fine-tuned with it trainable;
- the pretrained base trainable from the start (BatchNormalization frozen), 30 epochs at 0.01;
- the same architecture from scratch, 30 epochs at 0.01, with BatchNormalization's
  default momentum 0.99 and with 0.9.

Evaluated as Keras evaluates, in inference mode: what the playground's val_accuracy shows.

Run from the repository root: .venv/bin/python app/lessons/49-transfer-learning/figures/make_test-accuracy.py
"""

from app.lessons import figure_kit as kit

# isort: split
from pathlib import Path

import keras
import numpy as np
from keras import layers
from sklearn.datasets import load_digits

from app.keras_ext.bases.make_digits_features import features
from app.keras_ext.pretrained import BASES

HERE = Path(__file__).parent
SEEDS = (0, 1, 2)
GREY = "#6b6b6b"


def data():
    """The lesson's split of the digits 5 to 9: 120 to train on, the 746 never used as the test set."""
    digits = load_digits()
    upper = digits.target >= 5
    images = (digits.images[upper] / 16.0).astype("float32")[..., None]
    labels = digits.target[upper] - 5
    order = np.random.default_rng(0).permutation(len(images))
    images, labels = images[order], labels[order]
    return images[:120], labels[:120], images[150:], labels[150:]


X, Y, X_TEST, Y_TEST = data()


class TestAccuracy(keras.callbacks.Callback):
    def __init__(self, into: list[float]):
        super().__init__()
        self.into = into

    def on_epoch_end(self, epoch, logs=None):
        predicted = np.argmax(self.model.predict(X_TEST, verbose=0, batch_size=256), axis=1)
        self.into.append(float(np.mean(predicted == Y_TEST)))


def model_on(base: keras.Model) -> keras.Model:
    inputs = keras.Input((8, 8, 1))
    return keras.Model(inputs, layers.Dense(5, activation="softmax")(base(inputs)))


def set_base(base: keras.Model, trainable: bool, freeze_batch_norm: bool = True) -> None:
    """Every layer set explicitly: on the TensorFlow backend `base.trainable = True` does
    nothing to the layers of a base that is already trainable (see the lesson)."""
    base.trainable = trainable
    for layer in base.layers:
        layer.trainable = trainable and not (freeze_batch_norm and isinstance(layer, layers.BatchNormalization))


def train(model: keras.Model, learning_rate: float, epochs: int, into: list[float], initial_epoch: int = 0) -> None:
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy")
    model.fit(X, Y, batch_size=16, epochs=initial_epoch + epochs, initial_epoch=initial_epoch, verbose=0, callbacks=[TestAccuracy(into)])


def one_seed(seed: int) -> dict[str, list[float]]:
    curves: dict[str, list[float]] = {}
    keras.utils.set_random_seed(seed)
    base = keras.saving.load_model(BASES / "digits_features.keras")
    model = model_on(base)
    set_base(base, False)
    frozen: list[float] = []
    train(model, 0.01, 20, frozen)
    start = model.get_weights()
    for name, trainable, freeze_batch_norm in (("head", False, True), ("tuned", True, True), ("tuned_bn", True, False)):
        model.set_weights(start)
        set_base(base, trainable, freeze_batch_norm)
        curves[name] = list(frozen)
        train(model, 0.001, 10, curves[name], initial_epoch=20)
    keras.utils.set_random_seed(seed)
    base = keras.saving.load_model(BASES / "digits_features.keras")
    set_base(base, True)
    curves["all"] = []
    train(model_on(base), 0.01, 30, curves["all"])
    for name, momentum in (("scratch", 0.99), ("scratch_09", 0.9)):
        keras.utils.set_random_seed(seed)
        base = features()
        for layer in base.layers:
            if isinstance(layer, layers.BatchNormalization):
                layer.momentum = momentum
        curves[name] = []
        train(model_on(base), 0.01, 30, curves[name])
    return curves


# name: colour, dash, marker every 5 epochs (so that no line depends on its colour alone)
STYLE = {
    "tuned": (kit.BLUE, "", "circle"),
    "tuned_bn": (kit.VERMILLION, "7 4", "square"),
    "head": (GREY, "2 3", "none"),
    "all": (kit.GREEN, "", "triangle"),
    "scratch": (kit.PINK, "9 3 2 3", "diamond"),
    "scratch_09": (kit.ORANGE, "4 3", "cross"),
}
LABELS = {
    "en": dict(
        title="Accuracy on the 746 test images after each epoch (mean of three runs)",
        x="epoch", y="test accuracy",
        phase="blue, epochs 1–20: a head on the frozen base", tune="then 10 epochs at 0.001, three ways",
        names={"tuned": "then fine-tuned, batch normalization frozen", "tuned_bn": "then fine-tuned, batch normalization trainable",
               "head": "then the head alone", "all": "pretrained base trainable from the start",
               "scratch": "from scratch (momentum 0.99)", "scratch_09": "from scratch, momentum 0.9"},
        chance="chance: 0.2",
    ),
    "zh": dict(
        title="每轮之后在 746 张测试图片上的准确率（三次训练的平均）",
        x="轮", y="测试准确率",
        phase="蓝线第 1–20 轮：在冻结的基础模型上训练分类头", tune="接着以 0.001 训练 10 轮，三种方式",
        names={"tuned": "接着微调，批量归一化冻结", "tuned_bn": "接着微调，批量归一化可训练",
               "head": "接着只训练分类头", "all": "预训练的基础模型，从一开始就可训练",
               "scratch": "从零训练（momentum 0.99）", "scratch_09": "从零训练，momentum 0.9"},
        chance="随机猜测：0.2",
    ),
}


def marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.6" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{x - 3.4:.1f}" y="{y - 3.4:.1f}" width="6.8" height="6.8" fill="{colour}"/>'
    if kind == "triangle":
        return f'<path d="M{x:.1f},{y - 4.5:.1f} L{x + 4.2:.1f},{y + 3:.1f} L{x - 4.2:.1f},{y + 3:.1f} z" fill="{colour}"/>'
    if kind == "diamond":
        return f'<path d="M{x:.1f},{y - 4.8:.1f} L{x + 4.2:.1f},{y:.1f} L{x:.1f},{y + 4.8:.1f} L{x - 4.2:.1f},{y:.1f} z" fill="{colour}"/>'
    if kind == "cross":
        return f'<path d="M{x - 3.8:.1f},{y - 3.8:.1f} L{x + 3.8:.1f},{y + 3.8:.1f} M{x - 3.8:.1f},{y + 3.8:.1f} L{x + 3.8:.1f},{y - 3.8:.1f}" stroke="{colour}" stroke-width="2"/>'
    return ""


def figure(lang: str, curves: dict[str, list[float]]) -> str:
    lab = LABELS[lang]
    W, H = 900, 560
    x0, y0, w, h = 80, 70, 500, 400
    sx = lambda e: x0 + (e - 1) / 29 * w  # noqa: E731 - epoch e from 1 to 30
    sy = lambda v: y0 + h - v * h  # noqa: E731
    out = [kit.text(W / 2, 30, lab["title"], 16, "middle", "600")]
    # the feature-extraction phase, shaded
    out.append(f'<rect x="{x0}" y="{y0}" width="{sx(20.5) - x0:.1f}" height="{h}" fill="#f3f3f3"/>')
    out.append(kit.text((x0 + sx(20.5)) / 2, y0 + h - 12, lab["phase"], 12, "middle", fill=GREY))
    for j, line in enumerate(kit.wrap(lab["tune"], 22)):
        out.append(kit.text((sx(20.5) + x0 + w) / 2, y0 + h - 28 + j * 16, line, 12, "middle", fill=GREY))
    out.append(f'<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="none" stroke="#999"/>')
    for k in range(0, 11, 2):
        v = k / 10
        out.append(f'<line x1="{x0}" y1="{sy(v):.1f}" x2="{x0 + w}" y2="{sy(v):.1f}" stroke="#e3e3e3"/>')
        out.append(kit.text(x0 - 8, sy(v) + 4, f"{v:.1f}", 12, "end"))
    for e in (1, 5, 10, 15, 20, 25, 30):
        out.append(kit.text(sx(e), y0 + h + 18, e, 12, "middle"))
    out.append(kit.text(x0 + w / 2, y0 + h + 40, lab["x"], 13, "middle"))
    out.append(f'<text x="{x0 - 50}" y="{y0 + h / 2}" font-size="13" text-anchor="middle" transform="rotate(-90 {x0 - 50} {y0 + h / 2})">{lab["y"]}</text>')
    out.append(f'<line x1="{x0}" y1="{sy(0.2):.1f}" x2="{x0 + w}" y2="{sy(0.2):.1f}" stroke="{GREY}" stroke-dasharray="1 3"/>')
    out.append(kit.text(sx(7), sy(0.2) + 15, lab["chance"], 11, fill=GREY))
    for name, (colour, dash, kind) in STYLE.items():
        values = curves[name]
        first = 21 if name in ("head", "tuned", "tuned_bn") else 1
        points = [(e, values[e - 1]) for e in range(max(1, first - 1), 31)]
        if name == "tuned":  # the feature-extraction epochs, once, under the three ways on
            points = [(e, values[e - 1]) for e in range(1, 31)]
        path = " ".join(f"{sx(e):.1f},{sy(v):.1f}" for e, v in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.2"{kit.dashes(dash)}/>')
        for e, v in points:
            if e % 5 == 0 and e >= first:
                out.append(marker(kind, sx(e), sy(v), colour))
    # legend, on the right, in the order the lines end from top to bottom
    lx, y = x0 + w + 24, y0 + 10
    for name in sorted(STYLE, key=lambda n: -curves[n][-1]):
        colour, dash, kind = STYLE[name]
        out.append(f'<line x1="{lx}" y1="{y}" x2="{lx + 34}" y2="{y}" stroke="{colour}" stroke-width="2.2"{kit.dashes(dash)}/>')
        out.append(marker(kind, lx + 17, y, colour))
        lines = kit.wrap(f"{lab['names'][name]}: {curves[name][-1]:.2f}", 28)
        for j, line in enumerate(lines):
            out.append(kit.text(lx + 42, y + 5 + j * 17, line, 13.5))
        y += 17 * len(lines) + 16
    return kit.document(W, H, out, title=lab["title"], font_size=13)


if __name__ == "__main__":
    runs = [one_seed(seed) for seed in SEEDS]
    curves = {name: [float(np.mean(values)) for values in zip(*(run[name] for run in runs), strict=True)] for name in runs[0]}
    for name, values in curves.items():
        print(f"{name:10}", " ".join(f"{v:.2f}" for v in values))
    kit.write_langs(HERE, "test-accuracy", lambda lang: figure(lang, curves))
