"""train-step.<en|zh>.svg: what fit() does in one epoch, with the body of
GradientNormModel.train_step (app/keras_ext/models.py, the class the playground
trains and the lesson writes out) as the batch loop, one row per step.

The names the figure ends with are not typed from memory: the app's class trains
for one epoch here, with validation data, and the script checks the metrics it
tracks and the names History records before drawing them.

Run from the repository root: .venv/bin/python app/lessons/47-subclassing-train-step/figures/make_train-step.py
"""

from app.lessons import figure_kit as kit

# isort: split
from pathlib import Path

import keras
import numpy as np

from app.keras_ext.models import GradientNormModel

HERE = Path(__file__).parent
GREY = "#6b6b6b"

# what one epoch of the app's class really logs (the curve data of the lesson, 64 rows)
keras.utils.set_random_seed(0)
x = np.linspace(-3, 3, 64, dtype="float32").reshape(-1, 1)
inputs = keras.Input(shape=(1,))
model = GradientNormModel(inputs, keras.layers.Dense(1)(keras.layers.Dense(8, activation="tanh")(inputs)))
model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
HISTORY = sorted(model.fit(x[:48], np.sin(x[:48]), batch_size=16, epochs=1, validation_data=(x[48:], np.sin(x[48:])), verbose=0).history)
METRICS = [m.name for m in model.metrics]
assert METRICS == ["loss", "compile_metrics", "grad_norm"], METRICS
assert HISTORY == ["grad_norm", "loss", "mae", "val_loss", "val_mae"], HISTORY

# one row per step of train_step: the code, and what it does (the app's own step in vermillion)
STEPS = [
    (["x, y, sample_weight = keras.utils.unpack_x_y_sample_weight(data)"], "unpack", kit.BLUE),
    (["with tf.GradientTape() as tape:", "    y_pred = self(x, training=True)"], "forward", kit.BLUE),
    (["    loss = self.compute_loss(x=x, y=y, y_pred=y_pred, ...)"], "loss", kit.BLUE),
    (["gradients = tape.gradient(loss, variables)"], "gradient", kit.BLUE),
    (["norm = tf.linalg.global_norm(gradients)", "gradients, _ = tf.clip_by_global_norm(gradients, clip_norm)"], "clip", kit.VERMILLION),
    (["self.optimizer.apply(gradients, variables)"], "apply", kit.BLUE),
    (["loss tracker and grad_norm: update_state(...)", "logs = self.compute_metrics(x, y, y_pred, sample_weight)"], "metrics", kit.BLUE),
    (["return logs"], "return", kit.BLUE),
]
LABELS = {
    "en": dict(
        title="One epoch of fit(), and train_step for each batch",
        fit="model.fit(x, y, epochs=..., batch_size=32, validation_data=(x_val, y_val))", epoch="for each epoch",
        reset="reset_metrics(): every metric in model.metrics starts again from zero: " + ", ".join(METRICS),
        batch="for each batch: train_step(data), traced once into a tf.function",
        unpack="Split the batch that fit() hands over.",
        forward="Forward pass in training mode (Dropout drops); the tape records every operation.",
        loss="The loss given to compile(), plus any regularization penalties.",
        gradient="Backpropagation: one gradient per trainable variable.",
        clip="GradientNormModel only: measure the global norm; with clip_norm, scale every gradient down by the same factor.",
        apply="One optimizer step: the weights change.",
        metrics="Update the running means of this epoch and compile()'s metrics.",
        ret="The dict becomes the batch's logs: callbacks and the progress bar get it.",
        validate="After the last batch: evaluate() runs test_step on each batch of validation_data and adds val_loss and val_mae (GradientNormModel's test_step leaves grad_norm out).",
        history="End of the epoch: History keeps one number per name: " + ", ".join(HISTORY),
        app="the app's own step",
    ),
    "zh": dict(
        title="fit() 的一轮，以及每个批次上的 train_step", epoch="每一轮",
        fit="model.fit(x, y, epochs=..., batch_size=32, validation_data=(x_val, y_val))",
        reset="reset_metrics()：model.metrics 里的每个指标都从零开始：" + "、".join(METRICS),
        batch="每个批次：train_step(data)，只追踪一次，编译成 tf.function", unpack="拆开 fit() 交来的批次。",
        forward="以训练模式做前向传播（Dropout 会丢弃）；梯度带记下每个运算。",
        loss="传给 compile() 的损失，加上正则化惩罚项（如果有）。", gradient="反向传播：每个可训练变量得到一个梯度。",
        clip="仅 GradientNormModel：测量全局范数；设了 clip_norm 时，把所有梯度按同一个比例缩小。",
        apply="优化器走一步：权重改变。", metrics="更新本轮的累计平均值和 compile() 给的指标。",
        ret="这个字典就是该批次的日志：回调函数和进度条拿到的就是它。",
        validate="最后一个批次之后：evaluate() 在 validation_data 的每个批次上运行 test_step，加上 val_loss 和 val_mae（GradientNormModel 的 test_step 不报告 grad_norm）。",
        history="一轮结束：History 为每个名字记下一个数：" + "、".join(HISTORY), app="本应用自己加的一步",
    ),
}

W = 960
ROW_H, ROW_GAP = 50, 12
CODE_X, CODE_W, NOTE_X = 70, 500, 592
TOP = 176  # the first row


def box(y: float, lines: list[str], width: int, size: float = 13.5, fill: str = "#f3f3f3", stroke: str = kit.INK, dashed: bool = False) -> tuple[list[str], float]:
    """A full-width box of wrapped text at y; its elements and its bottom edge."""
    said = [part for line in lines for part in kit.wrap(line, width)]
    height = 14 + 19 * len(said)
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    out = [f'<rect x="60" y="{y}" width="{W - 120}" height="{height}" rx="8" fill="{fill}" stroke="{stroke}" stroke-width="1.4"{dash}/>']
    out += [kit.text(76, y + 22 + 19 * k, line, size=size) for k, line in enumerate(said)]
    return out, y + height


def down(x: float, y1: float, y2: float) -> str:
    """An arrow straight down from y1 to (just above) y2."""
    return kit.arrow(f"M{x},{y1} V{y2 - 2}")


def figure(lang: str) -> str:
    lab = LABELS[lang]
    out = [
        kit.defs(kit.arrowhead("a", kit.INK, 10, fixed=True, orient="auto-start-reverse"), lines=True),
        kit.text(W / 2, 30, lab["title"], size=18, anchor="middle", weight="bold"),
        f'<rect x="{W / 2 - 330}" y="46" width="660" height="34" rx="8" fill="#ffffff" stroke="{kit.INK}" stroke-width="1.6"/>',
        kit.text(W / 2, 68, lab["fit"], size=13.5, anchor="middle", mono=True, keep_spaces=True),
        down(W / 2, 80, 100),
    ]
    # the epoch loop: reset, the batches, validation, History
    epoch_top = 100
    reset, y = box(epoch_top + 30, [lab["reset"]], 108)
    batch_top = y + 18
    rows_top = batch_top + 34
    rows = []
    yy = rows_top
    for code, key, colour in STEPS:
        rows.append((yy, code, key, colour))
        yy += ROW_H + ROW_GAP
    batch_bottom = yy + 4
    validate, y = box(batch_bottom + 18, [lab["validate"]], 108)
    history, y = box(y + 16, [lab["history"]], 108, fill="#eef5fb", stroke=kit.BLUE)
    epoch_bottom = y + 14
    out.append(f'<rect x="24" y="{epoch_top}" width="{W - 48}" height="{epoch_bottom - epoch_top}" rx="14" fill="none" stroke="{GREY}" stroke-width="1.4" stroke-dasharray="8 5"/>')
    out.append(kit.text(40, epoch_top + 20, lab["epoch"], size=14, weight="bold", fill=GREY))
    out += reset
    out.append(f'<rect x="44" y="{batch_top}" width="{W - 88}" height="{batch_bottom - batch_top}" rx="12" fill="#fafafa" stroke="{kit.BLUE}" stroke-width="1.6"/>')
    out.append(kit.text(60, batch_top + 22, lab["batch"], size=14, weight="bold", fill=kit.BLUE))
    for k, (top, code, key, colour) in enumerate(rows):
        dash = ' stroke-dasharray="5 3"' if colour == kit.VERMILLION else ""
        fill = "#fdf1e8" if colour == kit.VERMILLION else "#ffffff"
        out.append(f'<rect x="{CODE_X - 10}" y="{top}" width="{CODE_W + 10}" height="{ROW_H}" rx="6" fill="{fill}" stroke="{colour}" stroke-width="1.4"{dash}/>')
        first = top + (ROW_H / 2 + 5 if len(code) == 1 else ROW_H / 2 - 4)
        for j, line in enumerate(code):
            out.append(kit.text(CODE_X, first + 17 * j, line, size=12, mono=True, keep_spaces=True))
        note = kit.wrap(lab[key if key != "return" else "ret"], 46)
        assert len(note) <= 3, note
        start = top + ROW_H / 2 + 5 - 8.5 * (len(note) - 1)
        out += [kit.text(NOTE_X, start + 17 * j, line, size=12.5, fill=kit.VERMILLION if colour == kit.VERMILLION else kit.INK) for j, line in enumerate(note)]
        if k + 1 < len(rows):
            out.append(down(CODE_X + 20, top + ROW_H, top + ROW_H + ROW_GAP))
    # back to the next batch, then on to validation
    last_top = rows[-1][0]
    loop = f"M{CODE_X - 10},{last_top + ROW_H / 2} H{CODE_X - 20} V{rows_top + ROW_H / 2} H{CODE_X - 12}"
    out.append(kit.arrow(loop, kit.BLUE, 1.4, fill="none"))
    out += validate + history
    out.append(down(W / 2, batch_bottom, batch_bottom + 18))
    height = f"{epoch_bottom + 20:.0f}"
    return kit.document(W, height, out, title=lab["title"], font_size=14, sized=True)


kit.write_langs(HERE, "train-step", figure)
