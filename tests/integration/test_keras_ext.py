"""app.keras_ext against real Keras: the classes Keras 3 removed behave like Keras 2's,
train, and survive a `.keras` save/load under the default safe_mode."""

from __future__ import annotations

import inspect
import math
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from app.keras_ext import (  # noqa: E402
    EPOCH_SCHEDULES,
    LAMBDA_ARGUMENTS,
    LAMBDA_FUNCTIONS,
    GradientNormModel,
    LocallyConnected1D,
    LocallyConnected2D,
    MinimalRNNCell,
    ThresholdedReLU,
)

ROOT = Path(__file__).resolve().parents[2]
RNG = np.random.default_rng(0)


def rand(*shape):
    return RNG.normal(size=shape).astype("float32")


def predict(model, x):
    return np.asarray(model.predict(x, verbose=0))


def save_and_load(model, tmp_path, name="m.keras"):
    path = tmp_path / name
    model.save(path)
    return keras.saving.load_model(path, safe_mode=True)


# --- NumPy references, written from the definition (loop over output positions) ---


def lc1d_reference(x, kernel, bias, size, stride):
    batch, steps, channels = x.shape
    out_steps = (steps - size) // stride + 1
    out = np.zeros((batch, out_steps, kernel.shape[-1]), "float64")
    for p in range(out_steps):
        patch = x[:, p * stride : p * stride + size, :].reshape(batch, size * channels)
        out[:, p] = patch @ kernel[p] + bias[p]
    return out


def lc2d_reference(x, kernel, bias, size, stride):
    batch, rows, cols, channels = x.shape
    (kh, kw), (sh, sw) = size, stride
    out_rows, out_cols = (rows - kh) // sh + 1, (cols - kw) // sw + 1
    out = np.zeros((batch, out_rows, out_cols, kernel.shape[-1]), "float64")
    for i in range(out_rows):
        for j in range(out_cols):
            patch = x[:, i * sh : i * sh + kh, j * sw : j * sw + kw, :].reshape(batch, -1)
            out[:, i, j] = patch @ kernel[i * out_cols + j] + bias[i, j]
    return out


def randomize(layer):
    """Random kernel and bias (the default zero bias would hide bias bugs)."""
    layer.set_weights([rand(*w.shape) for w in layer.get_weights()])
    return [w.copy() for w in layer.get_weights()]


# --- LocallyConnected1D / 2D ---


def test_locally_connected1d_shapes_and_parameter_counts():
    model = keras.Sequential(
        [keras.Input((10, 32)), LocallyConnected1D(64, 3), LocallyConnected1D(32, 3)]
    )
    first, second = model.layers
    assert first.output.shape == (None, 8, 64)
    assert second.output.shape == (None, 6, 32)
    assert [tuple(w.shape) for w in first.weights] == [(8, 3 * 32, 64), (8, 64)]
    assert first.count_params() == 8 * 3 * 32 * 64 + 8 * 64 == 49_664
    assert second.count_params() == 6 * 3 * 64 * 32 + 6 * 32 == 37_056
    assert predict(model, rand(2, 10, 32)).shape == (2, 6, 32)


def test_locally_connected2d_shapes_and_parameter_counts():
    layer = LocallyConnected2D(4, 3)
    model = keras.Sequential([keras.Input((6, 6, 2)), layer])
    assert layer.output.shape == (None, 4, 4, 4)
    assert [tuple(w.shape) for w in layer.weights] == [(16, 18, 4), (4, 4, 4)]
    assert layer.count_params() == 16 * 18 * 4 + 16 * 4 == 1_216
    assert predict(model, rand(2, 6, 6, 2)).shape == (2, 4, 4, 4)
    strided = LocallyConnected2D(3, (2, 3), strides=(2, 1), use_bias=False)
    keras.Sequential([keras.Input((7, 5, 2)), strided])
    assert strided.output.shape == (None, 3, 3, 3)
    assert strided.count_params() == 9 * 2 * 3 * 2 * 3


@pytest.mark.parametrize(("size", "stride", "steps"), [(3, 1, 10), (3, 2, 11), ((2,), [3], 9)])
def test_locally_connected1d_matches_numpy(size, stride, steps):
    layer = LocallyConnected1D(5, size, strides=stride)
    model = keras.Sequential([keras.Input((steps, 4)), layer])
    kernel, bias = randomize(layer)
    x = rand(3, steps, 4)
    k = size if isinstance(size, int) else size[0]
    s = stride if isinstance(stride, int) else stride[0]
    np.testing.assert_allclose(
        predict(model, x), lc1d_reference(x, kernel, bias, k, s), rtol=1e-4, atol=1e-4
    )


@pytest.mark.parametrize(
    ("size", "stride", "shape"),
    [((3, 3), (1, 1), (6, 6, 2)), ((2, 3), (2, 1), (7, 5, 3)), ((3, 2), (2, 3), (8, 9, 1))],
)
def test_locally_connected2d_matches_numpy(size, stride, shape):
    layer = LocallyConnected2D(4, size, strides=stride, activation="tanh")
    model = keras.Sequential([keras.Input(shape), layer])
    kernel, bias = randomize(layer)
    x = rand(2, *shape)
    expected = np.tanh(lc2d_reference(x, kernel, bias, size, stride))
    np.testing.assert_allclose(predict(model, x), expected, rtol=1e-4, atol=1e-4)


def test_locally_connected1d_does_not_share_weights():
    layer = LocallyConnected1D(3, 2)
    model = keras.Sequential([keras.Input((6, 2)), layer])
    kernel, bias = randomize(layer)
    x = rand(2, 6, 2)
    before = predict(model, x)
    kernel[2] += 1.0
    layer.set_weights([kernel, bias])
    changed = np.any(np.abs(predict(model, x) - before) > 1e-5, axis=(0, 2))
    assert changed.tolist() == [False, False, True, False, False]


def test_locally_connected2d_does_not_share_weights():
    layer = LocallyConnected2D(2, 2)
    model = keras.Sequential([keras.Input((4, 4, 1)), layer])
    kernel, bias = randomize(layer)
    x = rand(2, 4, 4, 1)
    before = predict(model, x)
    kernel[1 * 3 + 2] += 1.0  # output row 1, column 2
    layer.set_weights([kernel, bias])
    changed = np.any(np.abs(predict(model, x) - before) > 1e-5, axis=(0, 3))
    expected = np.zeros((3, 3), bool)
    expected[1, 2] = True
    assert (changed == expected).all()


@pytest.mark.parametrize(
    ("layers", "input_shape", "target_shape"),
    [
        ([LocallyConnected1D(4, 3, activation="relu"), keras.layers.Flatten()], (8, 2), (1,)),
        ([LocallyConnected2D(3, 2, strides=2), keras.layers.Flatten()], (6, 6, 1), (1,)),
    ],
    ids=["1d", "2d"],
)
def test_locally_connected_trains_one_step(layers, input_shape, target_shape):
    model = keras.Sequential([keras.Input(input_shape), *layers, keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    before = layers[0].get_weights()[0].copy()
    loss = model.train_on_batch(rand(4, *input_shape), rand(4, *target_shape))
    assert math.isfinite(float(np.asarray(loss).reshape(-1)[0]))
    assert not np.allclose(layers[0].get_weights()[0], before)


@pytest.mark.parametrize(
    ("layer", "input_shape"),
    [
        (
            LocallyConnected1D(
                4, 3, strides=2, activation="relu", kernel_regularizer="l2",
                bias_initializer="ones", kernel_constraint="non_neg",
            ),
            (9, 3),
        ),
        (LocallyConnected2D(2, (2, 3), strides=(1, 2), use_bias=False), (5, 7, 2)),
    ],
    ids=["1d", "2d"],
)
def test_locally_connected_save_and_load(layer, input_shape, tmp_path):
    model = keras.Sequential([keras.Input(input_shape), layer])
    randomize(layer)
    x = rand(3, *input_shape)
    loaded = save_and_load(model, tmp_path)
    assert type(loaded.layers[0]) is type(layer)
    assert loaded.layers[0].get_config() == layer.get_config()
    np.testing.assert_array_equal(predict(loaded, x), predict(model, x))


def test_locally_connected_config_round_trips():
    layer = LocallyConnected1D(
        7, [2], strides=(2,), activation="sigmoid", use_bias=False,
        kernel_initializer="he_normal", bias_regularizer="l1",
        activity_regularizer="l2", bias_constraint="max_norm",
    )
    config = layer.get_config()
    clone = LocallyConnected1D.from_config(config)
    assert clone.get_config() == config
    assert config["kernel_size"] == (2,) and config["strides"] == (2,)
    assert clone.activation is keras.activations.sigmoid
    assert isinstance(clone.kernel_initializer, keras.initializers.HeNormal)
    assert isinstance(clone.activity_regularizer, keras.regularizers.L2)


@pytest.mark.parametrize("cls", [LocallyConnected1D, LocallyConnected2D])
def test_locally_connected_rejects_other_padding(cls):
    with pytest.raises(ValueError) as error:
        cls(4, 3, padding="same")
    assert str(error.value) == (
        f"{cls.__name__} supports only padding='valid'. Received: padding='same'"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"filters": 0, "kernel_size": 3}, "Received: filters=0"),
        ({"filters": 2, "kernel_size": 0}, "Received: kernel_size=0"),
        ({"filters": 2, "kernel_size": 3, "strides": (1, 1)}, r"Received: strides=\(1, 1\)"),
    ],
)
def test_locally_connected1d_rejects_bad_sizes(kwargs, message):
    with pytest.raises(ValueError, match=message):
        LocallyConnected1D(**kwargs)


def test_locally_connected_rejects_inputs_smaller_than_the_kernel():
    with pytest.raises(ValueError, match=r"at least the kernel_size \(5,\)"):
        keras.Sequential([keras.Input((4, 2)), LocallyConnected1D(2, 5)])
    with pytest.raises(ValueError, match=r"Received: input_shape=\(None, 2, 6, 1\)"):
        keras.Sequential([keras.Input((2, 6, 1)), LocallyConnected2D(2, 3)])


# --- ThresholdedReLU ---


def test_thresholded_relu_values():
    x = np.array([[-2.0, 0.0, 0.5, 1.0, 1.25, 3.0]], "float32")
    np.testing.assert_array_equal(
        np.asarray(ThresholdedReLU()(x)), [[0.0, 0.0, 0.0, 0.0, 1.25, 3.0]]
    )
    np.testing.assert_array_equal(
        np.asarray(ThresholdedReLU(theta=0.5)(x)), [[0.0, 0.0, 0.0, 1.0, 1.25, 3.0]]
    )


def test_keras3_relu_threshold_computes_the_same_as_thresholded_relu():
    # Documented fact (Keras 3.15): ReLU(threshold=t) returns x where x > t, else 0 --
    # strictly greater, so at x == t it gives 0 like Keras 2's ThresholdedReLU, although
    # the ReLU docstring says "f(x) = x if threshold <= x". With the default
    # negative_slope=0 and max_value=None the two layers agree everywhere.
    x = np.array([-3.0, -1.0, 0.0, 0.5, 0.999, 1.0, 1.001, 2.0, 5.0], "float32")
    for theta in (0.0, 0.5, 1.0, 2.0):
        relu = np.asarray(keras.layers.ReLU(threshold=theta)(x))
        ours = np.asarray(ThresholdedReLU(theta=theta)(x))
        np.testing.assert_array_equal(relu, ours)
        np.testing.assert_array_equal(ours, np.where(x > theta, x, 0.0))
    at_threshold = np.array([1.0], "float32")
    assert float(np.asarray(keras.layers.ReLU(threshold=1.0)(at_threshold))[0]) == 0.0


def test_thresholded_relu_round_trips(tmp_path):
    layer = ThresholdedReLU(theta=0.25)
    assert ThresholdedReLU.from_config(layer.get_config()).theta == 0.25
    model = keras.Sequential([keras.Input((5,)), layer])
    loaded = save_and_load(model, tmp_path)
    assert isinstance(loaded.layers[0], ThresholdedReLU) and loaded.layers[0].theta == 0.25
    x = rand(4, 5)
    np.testing.assert_array_equal(predict(loaded, x), np.where(x > 0.25, x, 0.0))


def test_thresholded_relu_rejects_negative_theta():
    with pytest.raises(ValueError, match=r"theta.*>= 0\. Received: theta=-0\.1"):
        ThresholdedReLU(theta=-0.1)


# --- MinimalRNNCell ---


def rnn_reference(x, kernel, recurrent):
    state = np.zeros((x.shape[0], kernel.shape[1]))
    outputs = []
    for t in range(x.shape[1]):
        state = x[:, t] @ kernel + state @ recurrent
        outputs.append(state)
    return np.stack(outputs, axis=1)


def test_minimal_rnn_cell_matches_numpy_recurrence():
    cell = MinimalRNNCell(6)
    model = keras.Sequential(
        [keras.Input((5, 3)), keras.layers.RNN(cell, return_sequences=True)]
    )
    kernel, recurrent = cell.get_weights()
    assert kernel.shape == (3, 6) and recurrent.shape == (6, 6)
    # orthogonal initializer for the recurrent kernel, as the guide's cell uses
    np.testing.assert_allclose(recurrent @ recurrent.T, np.eye(6), atol=1e-5)
    x = rand(4, 5, 3)
    out = predict(model, x)
    assert out.shape == (4, 5, 6)
    np.testing.assert_allclose(out, rnn_reference(x, kernel, recurrent), rtol=1e-4, atol=1e-4)


def test_stacked_minimal_rnn_cells():
    cells = [MinimalRNNCell(8), MinimalRNNCell(4)]
    model = keras.Sequential([keras.Input((7, 3)), keras.layers.RNN(cells)])
    x = rand(2, 7, 3)
    out = predict(model, x)
    assert out.shape == (2, 4)
    first = rnn_reference(x, *cells[0].get_weights())
    second = rnn_reference(first, *cells[1].get_weights())
    np.testing.assert_allclose(out, second[:, -1], rtol=1e-4, atol=1e-4)
    sequences = keras.Sequential(
        [keras.Input((7, 3)), keras.layers.RNN([MinimalRNNCell(8), MinimalRNNCell(4)],
                                               return_sequences=True)]
    )
    assert predict(sequences, x).shape == (2, 7, 4)


def test_minimal_rnn_cell_round_trips(tmp_path):
    assert MinimalRNNCell.from_config(MinimalRNNCell(5).get_config()).units == 5
    model = keras.Sequential(
        [
            keras.Input((6, 2)),
            keras.layers.RNN(MinimalRNNCell(5), return_sequences=True),
            keras.layers.RNN([MinimalRNNCell(4), MinimalRNNCell(3)]),
        ]
    )
    model.compile(optimizer="sgd", loss="mse")
    assert math.isfinite(float(np.asarray(model.train_on_batch(rand(2, 6, 2), rand(2, 3)))))
    loaded = save_and_load(model, tmp_path)
    assert isinstance(loaded.layers[0].cell, MinimalRNNCell)
    x = rand(3, 6, 2)
    np.testing.assert_allclose(predict(loaded, x), predict(model, x), rtol=1e-6)


# --- Lambda functions ---

LAMBDA_CASES = {
    "square": ({}, lambda x: x**2),
    "abs": ({}, np.abs),
    "negate": ({}, np.negative),
    "scale": ({"factor": 2.5}, lambda x: x * 2.5),
    "shift": ({"offset": -1.5}, lambda x: x - 1.5),
    "clip": ({"min_value": -0.5, "max_value": 0.25}, lambda x: np.clip(x, -0.5, 0.25)),
    "l2_normalize": (
        {},
        lambda x: x / np.sqrt(np.maximum((x**2).sum(-1, keepdims=True), 1e-12)),
    ),
    "mean_over_axis1": ({}, lambda x: x.mean(axis=1)),
    "sum_over_axis1": ({}, lambda x: x.sum(axis=1)),
}


def lambda_model(name):
    arguments, _ = LAMBDA_CASES[name]
    layer = keras.layers.Lambda(LAMBDA_FUNCTIONS[name], arguments=arguments)
    return keras.Sequential([keras.Input((3, 4)), layer])


def test_lambda_registry_is_exactly_the_documented_set():
    assert set(LAMBDA_FUNCTIONS) == set(LAMBDA_ARGUMENTS) == set(LAMBDA_CASES)
    for name, fn in LAMBDA_FUNCTIONS.items():
        params = list(inspect.signature(fn).parameters)
        assert params[0] == "x"
        assert tuple(params[1:]) == LAMBDA_ARGUMENTS[name], name
        assert tuple(LAMBDA_CASES[name][0]) == LAMBDA_ARGUMENTS[name], name
        assert keras.saving.get_registered_name(fn) == f"keras_playground>{name}"


@pytest.mark.parametrize("name", list(LAMBDA_CASES))
def test_lambda_function_matches_numpy(name):
    x = rand(5, 3, 4)
    x[0, 0] = 0.0  # l2_normalize must not divide by zero
    expected = LAMBDA_CASES[name][1](x.astype("float64"))
    np.testing.assert_allclose(predict(lambda_model(name), x), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", list(LAMBDA_CASES))
def test_lambda_function_saves_and_loads_in_safe_mode(name, tmp_path):
    model = lambda_model(name)
    loaded = save_and_load(model, tmp_path)
    layer = loaded.layers[0]
    assert layer.function is LAMBDA_FUNCTIONS[name]
    assert layer.arguments == LAMBDA_CASES[name][0]
    x = rand(2, 3, 4)
    np.testing.assert_array_equal(predict(loaded, x), predict(model, x))


def test_python_lambda_is_refused_in_safe_mode(tmp_path):
    # The contrast that shows the test above really ran under safe_mode.
    model = keras.Sequential([keras.Input((4,)), keras.layers.Lambda(lambda x: x * 2.0)])
    model.save(tmp_path / "unsafe.keras")
    with pytest.raises(ValueError, match="safe_mode"):
        keras.saving.load_model(tmp_path / "unsafe.keras", safe_mode=True)


@pytest.mark.slow
def test_fresh_process_loads_every_extension_after_importing_the_package(tmp_path):
    # Workers load saved models in a new process: importing app.keras_ext must be enough.
    model = keras.Sequential(
        [
            keras.Input((8, 3)),
            LocallyConnected1D(4, 3),
            ThresholdedReLU(0.1),
            keras.layers.RNN(MinimalRNNCell(5), return_sequences=True),
            keras.layers.Reshape((6, 5, 1)),
            LocallyConnected2D(2, 2),
            keras.layers.Lambda(LAMBDA_FUNCTIONS["scale"], arguments={"factor": 3.0}),
        ]
    )
    x = rand(2, 8, 3)
    model.save(tmp_path / "all.keras")
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "expected.npy", predict(model, x))
    script = (
        "import sys, numpy as np, keras, app.keras_ext\n"
        "d = sys.argv[1]\n"
        "m = keras.saving.load_model(d + '/all.keras', safe_mode=True)\n"
        "got = np.asarray(m.predict(np.load(d + '/x.npy'), verbose=0))\n"
        "np.testing.assert_allclose(got, np.load(d + '/expected.npy'), rtol=1e-6)\n"
        "print('ok')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KERAS_BACKEND": "tensorflow"}
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")


# --- GradientNormModel: a keras.Model with its own train_step ---


def _graph(seed: int = 0):
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((4,))
    return inputs, keras.layers.Dense(1, activation="sigmoid")(keras.layers.Dense(6, activation="tanh")(inputs))


def _data():
    x = rand(64, 4)
    return x, (x.sum(axis=1) > 0).astype("float32")


def test_gradient_norm_model_trains_exactly_as_fit_does_and_reports_the_norm():
    x, y = _data()
    histories = []
    for cls in (keras.Model, GradientNormModel):
        model = cls(*_graph())
        model.compile(optimizer=keras.optimizers.SGD(0.5), loss="binary_crossentropy", metrics=["accuracy"])
        histories.append(model.fit(x, y, epochs=3, batch_size=16, shuffle=False, validation_split=0.25, verbose=0).history)
    plain, written = histories
    for key in ("loss", "accuracy", "val_loss", "val_accuracy"):  # equal batches: the same means
        np.testing.assert_allclose(written[key], plain[key], rtol=1e-5, err_msg=key)
    assert "grad_norm" not in plain and "val_grad_norm" not in written
    assert len(written["grad_norm"]) == 3 and all(n > 0 for n in written["grad_norm"])


def test_gradient_norm_is_the_global_norm_of_the_batch_gradients():
    x, y = _data()
    model = GradientNormModel(*_graph(), clip_norm=None)
    model.compile(optimizer=keras.optimizers.SGD(0.0), loss="binary_crossentropy")  # no step: every batch sees the same weights
    import tensorflow as tf

    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(keras.losses.binary_crossentropy(y[:, None], model(x, training=True)))
    expected = float(tf.linalg.global_norm(tape.gradient(loss, model.trainable_variables)))
    logged = model.fit(x, y, epochs=1, batch_size=64, verbose=0).history["grad_norm"][0]
    assert logged == pytest.approx(expected, rel=1e-5)


def test_clip_norm_bounds_each_update():
    x, y = _data()
    for clip, bounded in ((1e-3, True), (None, False)):
        model = GradientNormModel(*_graph(), clip_norm=clip)
        model.compile(optimizer=keras.optimizers.SGD(1.0), loss="binary_crossentropy")
        before = [np.array(v) for v in model.trainable_variables]
        model.fit(x, y, epochs=1, batch_size=64, verbose=0)  # one step of plain SGD: the update is the gradient
        step = np.sqrt(sum(((np.array(v) - b) ** 2).sum() for v, b in zip(model.trainable_variables, before, strict=True)))
        assert (step <= 1e-3 * 1.0001) == bounded, (clip, step)


def test_gradient_norm_model_round_trips_in_safe_mode(tmp_path):
    model = GradientNormModel(*_graph(), clip_norm=2.5)
    model.save(tmp_path / "m.keras")
    back = keras.saving.load_model(tmp_path / "m.keras", safe_mode=True)
    assert type(back) is GradientNormModel and back.clip_norm == 2.5
    x, _ = _data()
    np.testing.assert_allclose(predict(back, x), predict(model, x), rtol=1e-6)


# --- Epoch schedules ---


class RecordLearningRate(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.rates = []

    def on_epoch_end(self, epoch, logs=None):
        self.rates.append(float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate)))


@pytest.mark.parametrize(
    ("name", "kwargs", "expected"),
    [
        ("constant", {}, [0.1, 0.1, 0.1, 0.1]),
        ("step_decay", {"drop": 0.5, "every": 2}, [0.1, 0.1, 0.05, 0.05]),
        ("step_decay", {"drop": 0.1, "every": 1}, [0.1, 0.01, 0.001, 0.0001]),
        ("exponential_decay", {"rate": 0.5}, [0.1 * math.exp(-0.5 * e) for e in range(4)]),
    ],
)
def test_epoch_schedule_in_learning_rate_scheduler(name, kwargs, expected):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    recorder = RecordLearningRate()
    scheduler = keras.callbacks.LearningRateScheduler(EPOCH_SCHEDULES[name](**kwargs))
    model.fit(rand(8, 2), rand(8, 1), epochs=4, batch_size=8, verbose=0,
              callbacks=[scheduler, recorder])
    np.testing.assert_allclose(recorder.rates, expected, rtol=1e-5)


def test_epoch_schedules_return_plain_floats():
    assert set(EPOCH_SCHEDULES) == {"constant", "step_decay", "exponential_decay"}
    for schedule in (
        EPOCH_SCHEDULES["constant"](),
        EPOCH_SCHEDULES["step_decay"](drop=0.5, every=3),
        EPOCH_SCHEDULES["exponential_decay"](rate=0.2),
    ):
        for epoch in range(5):
            assert type(schedule(epoch, np.float32(0.01))) is float
    assert EPOCH_SCHEDULES["step_decay"](drop=0.5, every=3)(3, 0.2) == 0.1
    assert EPOCH_SCHEDULES["step_decay"](drop=0.5, every=3)(4, 0.2) == 0.2
    assert EPOCH_SCHEDULES["exponential_decay"](rate=1.0)(0, 0.2) == 0.2
    with pytest.raises(ValueError, match="Received: every=0"):
        EPOCH_SCHEDULES["step_decay"](drop=0.5, every=0)
