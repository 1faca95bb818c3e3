"""grid-vs-random.<en|zh>.svg: twelve trials of grid search and twelve of random
search on the lesson's search space (learning rate from 1e-4 to 1e-1 on a log
scale, 16, 32 or 64 units), each trial a real training of the lesson's model on
its digits split, scored as KerasTuner scores a trial: the best validation
accuracy of its epochs.

The trials are the ones KerasTuner itself proposes (keras_tuner.GridSearch with
a step of 10 on the learning rate, keras_tuner.RandomSearch with seed=1, as in
the lesson's last example). Behind them, one curve per number of units: the
same training at 13 learning rates, a quarter of a decade apart.

Run from the repository root (a few minutes on a laptop):
    .venv/bin/python app/lessons/50-hyperparameter-search/figures/make_grid-vs-random.py
"""

from app.lessons import figure_kit as kit

# isort: split
import math
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import keras
import keras_tuner
import numpy as np
from keras import layers
from sklearn.datasets import load_digits

HERE = Path(__file__).parent
UNITS = (16, 32, 64)
CURVE = [1e-4 * 10 ** (k / 4) for k in range(13)]  # 1e-4 to 1e-1, a quarter decade apart
LO, HI = -4, -1  # log10 of the learning rate axis
# the units' curves: grey and two of the kit's colours, each with its own dashes; then the two searches
UNIT_STYLES = {16: ("#999999", "5 3"), 32: (kit.PINK, "2 3"), 64: (kit.GREEN, "9 4")}
GRID, RANDOM = kit.VERMILLION, kit.BLUE
LABELS = {
    "en": dict(
        title="Twelve trials each: where grid search and random search look",
        x="learning rate (log scale)",
        y="best validation accuracy",
        curve="{units} units",
        grid="grid search (keras_tuner.GridSearch)",
        random="random search (keras_tuner.RandomSearch, seed=1)",
        rug_grid="grid: {n} learning rates",
        rug_random="random: {n} learning rates",
        best="best trial: {score} (learning rate {rate}, {units} units)",
        sep="; ",
    ),
    "zh": dict(
        title="各 12 次试验：网格搜索和随机搜索各自试了哪里",
        x="学习率（对数刻度）",
        y="最好的验证准确率",
        curve="{units} 个单元",
        grid="网格搜索（keras_tuner.GridSearch）",
        random="随机搜索（keras_tuner.RandomSearch，seed=1）",
        rug_grid="网格：{n} 个学习率",
        rug_random="随机：{n} 个学习率",
        best="最好的试验：{score}（学习率 {rate}，{units} 个单元）",
        sep="；",
    ),
}


def data():
    """The lesson's split of the digits: 1,000 images to train on, 400 to compare trials."""
    digits = load_digits()
    x = (digits.data / 16.0).astype("float32")
    order = np.random.default_rng(0).permutation(len(x))
    x, y = x[order], digits.target[order]
    return (x[:1000], y[:1000]), (x[1000:1400], y[1000:1400])


def score(rate: float, units: int, train, val) -> float:
    """The lesson's model trained as its search trains a trial; KerasTuner's score."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(64,)), layers.Dense(units, activation="relu"), layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=rate), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(*train, epochs=4, batch_size=64, validation_data=val, verbose=0)
    return max(history.history["val_accuracy"])


def proposals() -> dict[str, list[dict]]:
    """The twelve trials each tuner proposes (nothing is trained to propose them)."""
    grid = keras_tuner.HyperParameters()
    grid.Float("learning_rate", min_value=1e-4, max_value=1e-1, sampling="log", step=10)
    grid.Choice("units", list(UNITS))
    free = keras_tuner.HyperParameters()
    free.Float("learning_rate", min_value=1e-4, max_value=1e-1, sampling="log")
    free.Choice("units", list(UNITS))
    out = {}
    for name, tuner_class, hps in (("grid", keras_tuner.GridSearch, grid), ("random", keras_tuner.RandomSearch, free)):
        class Look(tuner_class):
            def run_trial(self, trial, *args, **kwargs):
                return 0.0

        tuner = Look(hyperparameters=hps, max_trials=12, seed=1, overwrite=True, directory=tempfile.mkdtemp(), project_name=name)
        tuner.search(verbose=0)
        out[name] = [dict(trial.hyperparameters.values) for trial in tuner.oracle.trials.values()]
    return out


def computed():
    train, val = data()
    curves = {units: [score(rate, units, train, val) for rate in CURVE] for units in UNITS}
    trials = proposals()
    for found in trials.values():
        for trial in found:
            trial["score"] = score(trial["learning_rate"], trial["units"], train, val)
    return curves, trials


def rate_text(rate: float) -> str:
    return f"{rate:.2g}" if rate < 0.001 else f"{rate:.3g}"


def figure(lang: str, curves, trials) -> str:
    lab = LABELS[lang]
    W, H = 860, 560
    x0, y0, w, h = 90, 110, 720, 290
    sx = lambda rate: x0 + (math.log10(rate) - LO) / (HI - LO) * w  # noqa: E731
    sy = lambda acc: y0 + h - acc * h  # noqa: E731 - accuracy from 0 to 1
    out = [f'<text x="{W / 2}" y="26" font-size="17" font-weight="600" text-anchor="middle">{escape(lab["title"])}</text>']
    # legend: the two searches, then the curves
    out.append(f'<rect x="{x0 - 40}" y="46" width="11" height="11" fill="{GRID}"/>')
    out.append(f'<text x="{x0 - 22}" y="56">{escape(lab["grid"])}</text>')
    out.append(f'<circle cx="{x0 + 345}" cy="51.5" r="6" fill="{RANDOM}"/>')
    out.append(f'<text x="{x0 + 357}" y="56">{escape(lab["random"])}</text>')
    for k, units in enumerate(UNITS):
        lx = x0 - 40 + k * 150
        colour, dash = UNIT_STYLES[units]
        out.append(f'<line x1="{lx}" y1="78" x2="{lx + 30}" y2="78" stroke="{colour}" stroke-width="2"{kit.dashes(dash)}/>')
        out.append(f'<text x="{lx + 37}" y="82">{escape(lab["curve"].format(units=units))}</text>')
    out.append(f'<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="none" stroke="#999"/>')
    for acc in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        out.append(f'<line x1="{x0}" y1="{sy(acc):.1f}" x2="{x0 + w}" y2="{sy(acc):.1f}" stroke="#e3e3e3"/>')
        out.append(f'<text x="{x0 - 8}" y="{sy(acc) + 4:.1f}" text-anchor="end">{acc:.1f}</text>')
    for k in range(LO, HI + 1):
        out.append(f'<line x1="{sx(10**k):.1f}" y1="{y0}" x2="{sx(10**k):.1f}" y2="{y0 + h}" stroke="#e3e3e3"/>')
        out.append(f'<text x="{sx(10**k):.1f}" y="{y0 + h + 18}" text-anchor="middle">{10**k:g}</text>')
    out.append(f'<text x="{x0 + w / 2}" y="{y0 + h + 40}" text-anchor="middle">{escape(lab["x"])}</text>')
    out.append(f'<text x="{x0 - 52}" y="{y0 + h / 2}" text-anchor="middle" transform="rotate(-90 {x0 - 52} {y0 + h / 2})">{escape(lab["y"])}</text>')
    for units, values in curves.items():
        points = " ".join(f"{sx(r):.1f},{sy(v):.1f}" for r, v in zip(CURVE, values, strict=True))
        colour, dash = UNIT_STYLES[units]
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{kit.dashes(dash)}/>')
    for trial in trials["grid"]:
        cx, cy = sx(trial["learning_rate"]), sy(trial["score"])
        out.append(f'<rect x="{cx - 6:.1f}" y="{cy - 6:.1f}" width="12" height="12" fill="{GRID}" fill-opacity="0.85" stroke="#ffffff"/>')
    for trial in trials["random"]:
        out.append(f'<circle cx="{sx(trial["learning_rate"]):.1f}" cy="{sy(trial["score"]):.1f}" r="6" fill="{RANDOM}" fill-opacity="0.85" stroke="#ffffff"/>')
    # under the axis: the learning rates each search tried, and its best trial
    for row, (name, colour, rug) in enumerate((("grid", GRID, "rug_grid"), ("random", RANDOM, "rug_random"))):
        ry = y0 + h + 72 + row * 46
        rates = sorted({round(t["learning_rate"], 8) for t in trials[name]})
        out.append(f'<line x1="{x0}" y1="{ry}" x2="{x0 + w}" y2="{ry}" stroke="#bbbbbb"/>')
        for rate in rates:
            out.append(f'<line x1="{sx(rate):.1f}" y1="{ry - 9}" x2="{sx(rate):.1f}" y2="{ry + 9}" stroke="{colour}" stroke-width="2.5"/>')
        best = max(trials[name], key=lambda t: t["score"])
        said = lab["best"].format(score=f"{best['score']:.4f}", rate=rate_text(best["learning_rate"]), units=best["units"])
        text = lab[rug].format(n=len(rates)) + lab["sep"] + said
        out.append(f'<text x="{x0}" y="{ry + 26}" fill="{colour}">{escape(text)}</text>')
    return kit.document(W, H, out, title=lab["title"], font_size=13, sized=True)


if __name__ == "__main__":
    curves, trials = computed()
    for units, values in curves.items():
        print(f"{units} units:", " ".join(f"{v:.4f}" for v in values))
    for name, found in trials.items():
        print(name, [(round(t["learning_rate"], 5), t["units"], round(t["score"], 4)) for t in found])
    kit.write_langs(HERE, "grid-vs-random", lambda lang: figure(lang, curves, trials))
