"""callback-timeline.<en|zh>.svg: the hooks that fit calls, in the order a recording
callback sees them during a real fit (2 epochs, 3 training and 2 validation batches),
and where the lesson's callbacks act.

Run from the repository root: .venv/bin/python app/lessons/31-callbacks-essentials/figures/make_callback-timeline.py
"""

from app.lessons import figure_kit as kit

# isort: split
from pathlib import Path

import keras
import numpy as np

HERE = Path(__file__).parent
GREY = "#555555"


class Recorder(keras.callbacks.Callback):
    """Writes down every hook fit calls, with its argument and the keys of its logs."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def __getattribute__(self, name):
        if name.startswith("on_"):
            calls = object.__getattribute__(self, "calls")

            def record(*args, logs=None):
                if args and isinstance(args[-1], dict):  # fit passes the logs positionally
                    *args, logs = args
                calls.append((name, args[0] if args else None, sorted(logs or {})))

            return record
        return object.__getattribute__(self, name)


keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
rng = np.random.default_rng(0)
x, y = rng.normal(size=(100, 4)), rng.integers(0, 2, size=100)
recorder = Recorder()
model.fit(x[:60], y[:60], batch_size=20, epochs=2, validation_data=(x[60:], y[60:]), validation_batch_size=20,
          callbacks=[recorder], verbose=0)
calls = recorder.calls
names = [c[0] for c in calls]
first_epoch_end = names.index("on_epoch_end")
epoch_logs = calls[first_epoch_end][2]
assert names[0] == "on_train_begin" and names[-1] == "on_train_end"
assert names.count("on_train_batch_end") == 6 and names.count("on_test_batch_end") == 4 and names.count("on_epoch_end") == 2

# the lines: epoch 0 in full (a batch's begin and end on one line), epoch 1 folded into one line
lines = []  # (indent level, code, kind)
i = 0
while i <= first_epoch_end:
    name, arg, keys = calls[i]
    if name.endswith("_batch_begin"):
        end = calls[i + 1]
        assert end[0] == name.replace("begin", "end") and end[1] == arg
        lines.append((2, f"{name}({arg}) … {end[0]}({arg})", "test" if "test" in name else "batch"))
        i += 2
        continue
    level = {"on_train_begin": 0, "on_epoch_begin": 1, "on_epoch_end": 1, "on_test_begin": 2, "on_test_end": 2}[name]
    code = f"{name}()" if arg is None else f"{name}({arg})"
    if name == "on_epoch_end":
        code = f"{name}({arg}, logs)"
    lines.append((level, code, name))
    i += 1
assert names[i] == "on_epoch_begin" and calls[i][1] == 1
lines.append((1, "epoch", "fold"))
lines.append((0, "on_train_end()", "on_train_end"))

LABELS = {
    "en": dict(title="When fit calls each callback hook", fit="fit", epoch="epoch 1", val="validation",
               fold="epoch 2: the same hooks, on_epoch_begin(1) … on_epoch_end(1, logs)"),
    "zh": dict(title="fit 在什么时候调用回调函数的各个钩子", fit="fit", epoch="第 1 轮", val="验证",
               fold="第 2 轮：同样的钩子，on_epoch_begin(1) … on_epoch_end(1, logs)"),
}
LOGS = "logs = {" + ", ".join(epoch_logs) + "}"
# Where the lesson's callbacks act: at each hook, the callback, its colour, and what it does
# there in English and in Chinese.
ACTS = {
    "on_train_begin": [("EarlyStopping", kit.VERMILLION, "resets its counters", "重置计数")],
    "on_epoch_begin": [("LearningRateScheduler", kit.GREEN, "sets the learning rate", "设置学习率")],
    "batch_last": [("ModelCheckpoint", kit.PINK, "save_freq=N: saves every N batches", "save_freq=N：每 N 个批次保存一次")],
    "on_epoch_end": [("History", GREY, "appends logs", "追加 logs"), ("ModelCheckpoint", kit.PINK, "saves the model", "保存模型"),
                     ("EarlyStopping", kit.VERMILLION, "may set model.stop_training", "可能设置 model.stop_training")],
    "on_train_end": [("EarlyStopping", kit.VERMILLION, "restores the best weights", "恢复最佳权重")],
}


LH, Y0, X0, IND = 30, 40, 60, 26
last_batch = max(k for k, line in enumerate(lines) if line[2] == "batch")


def figure(lang):
    lab = LABELS[lang]
    b = []
    ys = [Y0 + k * LH + (14 if line[2] == "on_epoch_end" else 0) + (28 if k > [m for m, l2 in enumerate(lines) if l2[2] == "on_epoch_end"][0] else 0)
          for k, line in enumerate(lines)]
    # nesting brackets: fit, epoch, validation
    def bracket(k0, k1, x, colour, label, dash=""):
        b.append(f'<path d="M{x + 8},{ys[k0] - 14} H{x} V{ys[k1] + 6} H{x + 8}" fill="none" stroke="{colour}" stroke-width="2.5"{kit.dashes(dash)}/>')
        b.append(f'<text x="{x - 6}" y="{(ys[k0] + ys[k1]) / 2}" font-size="13" font-weight="bold" fill="{colour}" text-anchor="middle" '
                 f'transform="rotate(-90 {x - 6} {(ys[k0] + ys[k1]) / 2})">{label}</text>')
    kinds = [line[2] for line in lines]
    bracket(0, len(lines) - 1, X0 - 30, kit.INK, lab["fit"])
    bracket(kinds.index("on_epoch_begin"), kinds.index("on_epoch_end"), X0 - 4, kit.BLUE, lab["epoch"])
    bracket(kinds.index("on_test_begin"), kinds.index("on_test_end"), X0 + IND - 2, kit.GREEN, lab["val"], "5 3")
    for k, (level, code, kind) in enumerate(lines):
        x, y = X0 + 8 + level * IND, ys[k]
        if kind == "fold":
            b.append(kit.text(x, y, lab["fold"], 13.5, fill="#444"))
            continue
        weight = "bold" if kind in ("on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end") else "normal"
        b.append(kit.text(x, y, code, 13.5, weight=weight, mono=True))
        if kind == "on_epoch_end":
            b.append(kit.text(x + 16, y + 20, LOGS, 12.5, fill="#444", mono=True))
    # where the lesson's callbacks act
    AX = 560
    for key, acts in ACTS.items():
        k = last_batch if key == "batch_last" else kinds.index(key)
        for n, (cb, colour, en, zh) in enumerate(acts):
            what = en if lang == "en" else zh
            y = ys[k] + n * 22 - (len(acts) - 1) * 11
            b.append(f'<path d="M515,{ys[k] - 5} H{AX - 30} L{AX - 14},{y - 5}" fill="none" stroke="{colour}" stroke-width="1.5" stroke-dasharray="2 3"/>')
            b.append(f'<circle cx="{AX - 8}" cy="{y - 5}" r="5" fill="{colour}"/>')
            b.append(kit.text(AX, y, f'<tspan font-weight="bold" fill="{colour}" font-family="{kit.MONO}">{cb}</tspan>  {what}', 13, markup=True))
    return kit.document(950, ys[-1] + 20, b, title=lab["title"], font_size=14)


kit.write_langs(HERE, "callback-timeline", figure)
print(lines, epoch_logs)
