"""The lesson widgets' questions, answered by Keras in the fast lane. Each
takes a request checked by app/explore/widgets.py and returns plain JSON."""

from __future__ import annotations

import base64
import io
import math
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from app import keras_ext
from app.worker.build import BuildError, build_model


def _ok(result: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "result": result}


def _num(x) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None


def _list(a) -> Any:
    a = np.asarray(a, dtype="float64")
    return _num(a) if a.ndim == 0 else [_list(v) for v in a]


def network(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """One forward and backward pass of a 2-3-1 network with the given weights, every number kept."""
    hidden = keras.activations.get(m["hidden_activation"])
    output = keras.activations.get(m["output_activation"])
    w1 = keras.Variable(np.asarray(m["W1"], "float32").reshape(2, 3), name="W1")
    b1 = keras.Variable(np.asarray(m["b1"], "float32"), name="b1")
    w2 = keras.Variable(np.asarray(m["W2"], "float32").reshape(3, 1), name="W2")
    b2 = keras.Variable(np.asarray(m["b2"], "float32"), name="b2")
    before = {"W1": _list(w1.numpy()), "b1": _list(b1.numpy()), "W2": _list(w2.numpy()), "b2": _list(b2.numpy())}
    x = tf.constant([m["x"]], dtype="float32")
    y = tf.constant([[m["y"]]], dtype="float32")
    loss_fn = keras.losses.get(m["loss"])
    with tf.GradientTape() as tape:
        z1 = keras.ops.matmul(x, w1) + b1
        tape.watch(z1)
        a1 = hidden(z1)
        tape.watch(a1)
        z2 = keras.ops.matmul(a1, w2) + b2
        tape.watch(z2)
        # a fresh tensor: Keras's losses would otherwise read the logits kept on
        # a sigmoid's output and skip ŷ, leaving no gradient with respect to it
        a2 = tf.identity(output(z2))
        tape.watch(a2)
        loss = keras.ops.mean(loss_fn(y, a2))
    grads = tape.gradient(loss, {"a2": a2, "z2": z2, "a1": a1, "z1": z1, "W2": w2, "b2": b2, "W1": w1, "b1": b1})
    optimizer = keras.optimizers.SGD(learning_rate=m["learning_rate"])
    optimizer.apply_gradients([(grads[k], v) for k, v in (("W1", w1), ("b1", b1), ("W2", w2), ("b2", b2))])
    after = output(keras.ops.matmul(hidden(keras.ops.matmul(x, w1) + b1), w2) + b2)
    return _ok({
        "weights": before,
        "forward": {"z1": _list(z1[0]), "a1": _list(a1[0]), "z2": _list(z2[0]), "a2": _list(a2[0])},
        "loss": _num(loss),
        "backward": {f"dL/d{k}": _list(v[0] if k in ("a2", "z2", "a1", "z1") else v) for k, v in grads.items()},
        "updated": {"W1": _list(w1.numpy()), "b1": _list(b1.numpy()), "W2": _list(w2.numpy()), "b2": _list(b2.numpy())},
        "loss_after": _num(keras.ops.mean(loss_fn(y, after))),
    })


SURFACES = {
    "bowl": (lambda x, y: x * x / 2 + 2 * y * y, (-3, 3)),
    "quadratic": (lambda x, y: (x * x + y * y) / 2, (-3, 3)),
    "saddle": (lambda x, y: x * x - y * y, (-3, 3)),
    "rosenbrock": (lambda x, y: (1 - x) ** 2 + 100 * (y - x * x) ** 2, (-2, 2)),
    "beale": (lambda x, y: (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2, (-4.5, 4.5)),
    "ripples": (lambda x, y: keras.ops.sin(x) * keras.ops.cos(y) + (x * x + y * y) / 10, (-4, 4)),
}


def gradient(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """Value, gradient and Hessian at a point (autodiff), and the surface around it."""
    fn, (lo, hi) = SURFACES[m["function"]]
    p = tf.Variable(np.asarray(m["point"], dtype="float32"))
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            value = fn(p[0], p[1])
        grad = inner.gradient(value, p)
    hessian = outer.jacobian(grad, p)
    axis = np.linspace(lo, hi, m["grid"], dtype="float32")
    xs, ys = np.meshgrid(axis, axis)
    zs = keras.ops.convert_to_numpy(fn(tf.constant(xs), tf.constant(ys)))
    return _ok({"value": _num(value), "gradient": _list(grad), "hessian": _list(hessian), "x": _list(axis), "y": _list(axis), "z": _list(zs)})


def activation(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """An activation (as the layer that has those arguments) and its derivative."""
    name = m["name"]
    if name == "relu":
        fn = keras.layers.ReLU(max_value=m["max_value"], negative_slope=m["negative_slope"], threshold=m["threshold"])
    elif name == "leaky_relu":
        fn = keras.layers.LeakyReLU(negative_slope=m["negative_slope"])
    elif name == "elu":
        fn = keras.layers.ELU(alpha=m["alpha"])
    elif name == "thresholded_relu":
        fn = keras_ext.ThresholdedReLU(theta=m["theta"])
    else:
        fn = keras.activations.get(name)
    x = tf.Variable(np.linspace(m["x_min"], m["x_max"], m["points"], dtype="float32"))
    with tf.GradientTape() as tape:
        y = fn(x)
        total = keras.ops.sum(y)  # elementwise: d(sum)/dx_i = f'(x_i)
    dy = tape.gradient(total, x)
    return _ok({"x": _list(x), "y": _list(y), "dy": _list(dy)})


def windows(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """The windows keras.utils.timeseries_dataset_from_array cuts from 0, 1, 2, ..."""
    data = np.arange(m["length"])
    try:
        dataset = keras.utils.timeseries_dataset_from_array(
            data, None, sequence_length=m["sequence_length"], sequence_stride=m["sequence_stride"], sampling_rate=m["sampling_rate"],
            batch_size=1000, start_index=m["start_index"], end_index=m["end_index"],
        )  # fmt: skip
        found = [w.tolist() for batch in dataset.as_numpy_iterator() for w in batch]
    except (ValueError, tf.errors.InvalidArgumentError) as e:
        return {"ok": False, "issues": [{"loc": ["sequence_length"], "code": "invalid", "ctx": {"detail": str(e)[:300]}}]}
    return _ok({"count": len(found), "windows": found[:500]})


def _png(array: np.ndarray) -> str:
    from PIL import Image

    image = Image.fromarray(np.clip(array * 255, 0, 255).astype("uint8").squeeze())
    image = image.resize((image.width * 4, image.height * 4), Image.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def augment(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
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
    return _ok({"original": _png(image), "augmented": [_png(a) for a in out], "layers": [type(s).__name__ for s in steps]})


def tokenize(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """TextVectorization adapted on the texts: its vocabulary, and each text as tokens and ids."""
    standardize = None if m["standardize"] == "none" else m["standardize"]
    layer = keras.layers.TextVectorization(max_tokens=m["max_tokens"], standardize=standardize, split=m["split"], output_sequence_length=m["output_sequence_length"])
    layer.adapt(tf.constant(m["texts"]))
    vocabulary = [str(v) for v in layer.get_vocabulary()]
    ids = keras.ops.convert_to_numpy(layer(tf.constant(m["texts"]))).tolist()
    return _ok({"vocabulary": vocabulary, "ids": ids, "tokens": [[vocabulary[i] for i in row] for row in ids]})


def callbacks(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """Every hook Keras calls during a tiny fit, in order, with the logs it passes."""
    calls: list[dict[str, Any]] = []

    class Trace(keras.callbacks.Callback):
        pass

    def recorder(hook: str):
        def record(self, *args, logs=None):
            numbers = [int(a) for a in args if isinstance(a, int | np.integer)]
            given = logs if logs is not None else next((a for a in args if isinstance(a, dict)), None)
            calls.append({"hook": hook, "args": numbers, "logs": sorted(given or {})})

        return record

    for hook in ("on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end", "on_train_batch_begin", "on_train_batch_end",
                 "on_test_begin", "on_test_end", "on_test_batch_begin", "on_test_batch_end"):  # fmt: skip
        setattr(Trace, hook, recorder(hook))
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    rng = np.random.default_rng(0)
    n = 4 * m["steps"]
    x, y = rng.random((n, 2), dtype=np.float32), rng.integers(0, 2, (n, 1)).astype("float32")
    validation = (x[:4], y[:4]) if m["validation"] else None
    model.fit(x, y, batch_size=4, epochs=m["epochs"], validation_data=validation, callbacks=[Trace()], verbose=0)
    return _ok({"calls": calls})


def _built(model_spec: dict[str, Any]):
    try:
        return build_model(model_spec), None
    except BuildError as e:
        return None, {"ok": False, "issues": [{**i, "loc": ["spec", *i["loc"]]} for i in e.issues]}


def config_roundtrip(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """get_config → from_config → to_json: the same model again?"""
    model, problem = _built(m["model"])
    if problem:
        return problem
    cfg = model.get_config()
    twin = model.__class__.from_config(cfg)
    text = model.to_json()
    again = keras.models.model_from_json(text, custom_objects=keras.saving.get_custom_objects())
    return _ok({
        "config": keras.saving.serialize_keras_object(model)["config"],
        "json": text,
        "params": int(model.count_params()),
        "from_config_params": int(twin.count_params()),
        "from_json_params": int(again.count_params()),
        "same_config": twin.get_config() == cfg,
    })


def plot(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """The model drawn by Keras itself: model_to_dot, rendered by Graphviz as SVG."""
    model, problem = _built(m["model"])
    if problem:
        return problem
    dot = keras.utils.model_to_dot(
        model, show_shapes=m["show_shapes"], show_dtype=m["show_dtype"], rankdir=m["rankdir"],
        expand_nested=m["expand_nested"], show_layer_activations=m["show_layer_activations"],
    )  # fmt: skip
    svg = dot.create_svg().decode()
    return _ok({"svg": svg[svg.index("<svg") :], "dot": dot.to_string()})


def epsilon(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """What keras.config.epsilon() guards: a log of 0 and a division by (almost) 0."""
    previous = keras.config.epsilon()
    keras.config.set_epsilon(m["epsilon"])
    try:
        eps = keras.config.epsilon()
        bce = keras.losses.BinaryCrossentropy()
        clipped = float(bce(np.array([[1.0]]), np.array([[0.0]])))
        xs = [0.0, 1e-9, 1e-6, 1e-3, 0.1]
        rows = [{"x": x, "naive": _num(np.float32(1.0) / np.float32(x)) if x else None, "guarded": _num(1.0 / (x + eps))} for x in xs]
    finally:
        keras.config.set_epsilon(previous)
    return _ok({"epsilon": eps, "bce_of_1_and_0": clipped, "minus_log_epsilon": -math.log(eps), "divisions": rows})
