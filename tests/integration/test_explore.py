"""The calculators answer exactly what Keras computes here, in the test, for
the same loss, metric or optimizer; what Keras refuses is a 422 at the field."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from app.catalog import LOSSES, METRICS, OPTIMIZERS

Y2 = [[0, 1], [0, 0]]
P2 = [[0.6, 0.4], [0.4, 0.6]]
Y3 = [[0, 1, 0], [0, 0, 1]]
P3 = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]


def post(server, kind, body, lang=None):
    return server.post(f"/api/explore/{kind}" + (f"?lang={lang}" if lang else ""), json=body)


def ok(server, kind, body):
    reply = post(server, kind, body)
    assert reply.status_code == 200, reply.text
    return reply.json()


def error(server, kind, body, lang=None):
    reply = post(server, kind, body, lang)
    assert reply.status_code == 422, reply.text
    [found] = reply.json()["detail"]
    return found


def keras_object(module, registry, ref, **extra):
    """What the ref means, built here the way a learner would write it."""
    if isinstance(ref, str):
        ref = {"class_name": registry.by_alias(ref).class_name, "config": {}}
    return getattr(module, ref["class_name"])(**ref.get("config", {}), **extra)


def f32(x):
    return np.asarray(x, dtype="float32")


# --- losses ------------------------------------------------------------------------


def test_loss_facts(server):
    assert ok(server, "loss", {"loss": "mse", "y_true": Y2, "y_pred": [[1, 1], [1, 0]]})["value"] == pytest.approx(0.5)
    assert ok(server, "loss", {"loss": "Huber", "y_true": Y2, "y_pred": P2})["value"] == pytest.approx(0.155, abs=1e-6)
    got = ok(server, "loss", {"loss": "binary_crossentropy", "y_true": Y2, "y_pred": P2})
    assert got["per_sample"] == pytest.approx([0.916, 0.714], abs=1e-3)
    cce = ok(server, "loss", {"loss": "CategoricalCrossentropy", "y_true": Y3, "y_pred": P3})
    assert cce["per_sample"] == pytest.approx([0.0513, 2.303], abs=1e-3)
    sparse = ok(server, "loss", {"loss": "sparse_categorical_crossentropy", "y_true": [1, 2], "y_pred": P3})
    assert sparse["per_sample"] == pytest.approx(cce["per_sample"], abs=1e-5)
    assert sparse["value"] == pytest.approx(cce["value"], abs=1e-5)


LOSS_CASES = [
    ("mse", Y2, [[1, 1], [1, 0]]),
    ("mae", Y2, P2),
    ("MeanSquaredError", [[1.5], [2.0], [-3.0]], [[1.0], [2.5], [0.0]]),
    ("huber", Y2, P2),
    ({"class_name": "Huber", "config": {"delta": 0.1}}, Y2, P2),
    ("binary_crossentropy", Y2, P2),
    ({"class_name": "BinaryCrossentropy", "config": {"from_logits": True, "label_smoothing": 0.2}}, Y2, [[2.0, -1.0], [0.5, 3.0]]),
    ("categorical_crossentropy", Y3, P3),
    ({"class_name": "CategoricalCrossentropy", "config": {"label_smoothing": 0.1}}, Y3, P3),
    ("sparse_categorical_crossentropy", [1, 2], P3),
    ({"class_name": "SparseCategoricalCrossentropy", "config": {"from_logits": True}}, [[0], [2]], [[1.0, 2.0, 3.0], [0.5, 0.0, -0.5]]),
    ("kl_divergence", Y3, P3),
    ("poisson", [[1.0, 2.0], [0.0, 3.0]], [[1.5, 1.0], [0.5, 2.0]]),
    ("cosine_similarity", [[0, 1], [1, 1]], [[1, 1], [1, -1]]),
    ("msle", [[1.0, 2.0], [3.0, 4.0]], [[1.5, 1.0], [2.0, 5.0]]),
    ("mape", [[1.0, 2.0], [3.0, 4.0]], [[1.5, 1.0], [2.0, 5.0]]),
    ("mse", [[[1.0, 2.0], [3.0, 4.0]], [[0.0, 0.0], [1.0, 1.0]]], [[[0.0, 2.0], [3.0, 5.0]], [[1.0, 0.0], [1.0, 3.0]]]),
    ("mse", [1.0, 2.0, 3.0], [1.5, 2.0, 2.0]),
]


@pytest.mark.parametrize(("ref", "y_true", "y_pred"), LOSS_CASES, ids=[str(i) for i in range(len(LOSS_CASES))])
def test_losses_equal_keras(server, ref, y_true, y_pred):
    name = ref if isinstance(ref, str) else ref["class_name"]
    if not (LOSSES.by_alias(name) or LOSSES.get(name)):
        pytest.skip(f"{name} is not in the catalog")
    got = ok(server, "loss", {"loss": ref, "y_true": y_true, "y_pred": y_pred})
    ref = ref if isinstance(ref, dict) or LOSSES.by_alias(ref) else {"class_name": ref, "config": {}}
    value = keras_object(keras.losses, LOSSES, ref)(f32(y_true), f32(y_pred))
    per_sample = np.asarray(keras_object(keras.losses, LOSSES, ref, reduction=None)(f32(y_true), f32(y_pred)))
    assert got["value"] == pytest.approx(float(value), rel=1e-5, abs=1e-7)
    if per_sample.ndim == 0:
        per_sample = per_sample.reshape(1)
    per_sample = per_sample.reshape(len(per_sample), -1).mean(axis=1)
    assert got["per_sample"] == pytest.approx(per_sample.tolist(), rel=1e-5, abs=1e-7)
    # with Keras's default reduction, the value is the mean of the per-sample losses
    assert got["value"] == pytest.approx(float(np.mean(got["per_sample"])), rel=1e-5, abs=1e-7)


def test_a_nan_loss_comes_back_as_null(server):
    got = ok(server, "loss", {"loss": "poisson", "y_true": [[1.0], [1.0]], "y_pred": [[-1.0], [1.0]]})
    assert got["value"] is None
    assert got["per_sample"][0] is None and got["per_sample"][1] == pytest.approx(1.0)


def test_shapes_keras_refuses_are_named(server):
    found = error(server, "loss", {"loss": "mse", "y_true": Y2, "y_pred": [[1, 1, 1], [1, 0, 0]]})
    assert found["loc"] == ["body", "y_pred"]
    assert found["msg"].startswith("y_true has shape (2, 2) and y_pred has shape (2, 3); MeanSquaredError expected shapes that fit together")
    assert "Incompatible shapes" in found["msg"] and "{{" not in found["msg"] and "[Op:" not in found["msg"]
    found = error(server, "loss", {"loss": "categorical_crossentropy", "y_true": Y2, "y_pred": P3})
    assert found["loc"] == ["body", "y_pred"]
    assert found["msg"].startswith("y_true has shape (2, 2) and y_pred has shape (2, 3); CategoricalCrossentropy")
    assert "must have the same shape" in found["msg"]  # Keras's own words
    found = error(server, "loss", {"loss": "mse", "y_true": Y2, "y_pred": P3}, lang="zh")
    assert found["msg"].startswith("y_true 的形状是 (2, 2)，y_pred 的形状是 (2, 3)；MeanSquaredError 需要两者的形状相互匹配")


def test_class_numbers_outside_the_predictions_are_located_at_y_true(server):
    found = error(server, "loss", {"loss": "sparse_categorical_crossentropy", "y_true": [5, 1], "y_pred": P3})
    assert found["loc"] == ["body", "y_true"]
    assert found["msg"].startswith("SparseCategoricalCrossentropy expected class numbers that fit y_pred of shape (2, 3); received y_true of shape (2,)")
    assert "label value of 5" in found["msg"]


def test_loss_requests_are_checked_before_keras(server):
    found = error(server, "loss", {"loss": {"class_name": "Huber", "config": {"delta": "big"}}, "y_true": Y2, "y_pred": P2})
    assert found["loc"] == ["body", "loss", "config", "delta"]
    found = error(server, "loss", {"loss": "mse", "y_true": Y2, "y_pred": [[1, 2], [3]]})
    assert found["loc"] == ["body", "y_pred", 1]
    assert found["msg"].startswith("expected 2 items here")
    found = error(server, "loss", {"loss": "mse", "y_true": Y2, "y_pred": [[1, 2], [3]]}, lang="zh")
    assert found["msg"] == "这里应有 2 项，与这一层的第一个列表一样多（数组必须是规整的矩形）；收到的是 [3]"


# --- metrics -----------------------------------------------------------------------


def test_metric_facts(server):
    one = {"y_true": [[1], [2], [3], [4]], "y_pred": [[0], [2], [3], [4]], "sample_weight": [1, 1, 0, 0]}
    assert ok(server, "metric", {"metric": "accuracy", "updates": [one]})["results"] == pytest.approx([0.5])
    binary = {"y_true": [[1], [1], [0], [0]], "y_pred": [[0.98], [1], [0], [0.6]]}
    assert ok(server, "metric", {"metric": "BinaryAccuracy", "updates": [binary]})["results"] == pytest.approx([0.75])
    cat = {"y_true": [[0, 0, 1], [0, 1, 0]], "y_pred": [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]}
    weighted = cat | {"sample_weight": [0.7, 0.3]}
    assert ok(server, "metric", {"metric": "categorical_accuracy", "updates": [weighted]})["results"] == pytest.approx([0.3])
    top1 = {"class_name": "TopKCategoricalAccuracy", "config": {"k": 1}}
    assert ok(server, "metric", {"metric": top1, "updates": [cat]})["results"] == pytest.approx([0.5])
    sparse_top1 = {"class_name": "SparseTopKCategoricalAccuracy", "config": {"k": 1}}
    sparse = {"y_true": [2, 1], "y_pred": cat["y_pred"]}
    assert ok(server, "metric", {"metric": sparse_top1, "updates": [sparse]})["results"] == pytest.approx([0.5])


BINARY_UPDATES = [
    {"y_true": [[1], [0], [1], [1]], "y_pred": [[0.9], [0.3], [0.4], [0.8]]},
    {"y_true": [[0], [0], [1]], "y_pred": [[0.6], [0.1], [0.7]], "sample_weight": [1.0, 2.0, 0.5]},
    {"y_true": [[1], [0]], "y_pred": [[0.2], [0.9]]},
]
REGRESSION_UPDATES = [
    {"y_true": [[1.0, 2.0], [3.0, 4.0]], "y_pred": [[1.5, 2.0], [2.0, 5.0]]},
    {"y_true": [[0.0, 1.0]], "y_pred": [[0.5, -1.0]], "sample_weight": [2.0]},
]
CATEGORICAL_UPDATES = [
    {"y_true": Y3, "y_pred": P3},
    {"y_true": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "y_pred": [[0.5, 0.3, 0.2], [0.6, 0.3, 0.1], [0.2, 0.3, 0.5]]},
]
METRIC_CASES = [
    ("binary_accuracy", BINARY_UPDATES),
    ({"class_name": "BinaryAccuracy", "config": {"threshold": 0.35}}, BINARY_UPDATES),
    ("auc", BINARY_UPDATES),
    ({"class_name": "AUC", "config": {"curve": "PR", "num_thresholds": 50}}, BINARY_UPDATES),
    ("precision", BINARY_UPDATES),
    ({"class_name": "Recall", "config": {"thresholds": 0.5}}, BINARY_UPDATES),
    ("mse", REGRESSION_UPDATES),
    ("mae", REGRESSION_UPDATES),
    ("root_mean_squared_error", REGRESSION_UPDATES),
    ("categorical_accuracy", CATEGORICAL_UPDATES),
    ({"class_name": "TopKCategoricalAccuracy", "config": {"k": 2}}, CATEGORICAL_UPDATES),
    ("accuracy", [{"y_true": [1, 2, 3], "y_pred": [1, 2, 4]}, {"y_true": [5], "y_pred": [5]}]),
]


@pytest.mark.parametrize(("ref", "updates"), METRIC_CASES, ids=[str(i) for i in range(len(METRIC_CASES))])
def test_metrics_equal_keras(server, ref, updates):
    got = ok(server, "metric", {"metric": ref, "updates": updates})["results"]
    metric = keras_object(keras.metrics, METRICS, ref)
    expected = []
    for u in updates:
        weights = f32(u["sample_weight"]) if "sample_weight" in u else None
        metric.update_state(f32(u["y_true"]), f32(u["y_pred"]), sample_weight=weights)
        expected.append(float(metric.result()))
    assert got == pytest.approx(expected, rel=1e-5, abs=1e-7)
    assert len(got) == len(updates)


def test_a_metric_update_keras_refuses_is_located(server):
    good = {"y_true": [[1.0], [2.0]], "y_pred": [[1.0], [3.0]]}
    found = error(server, "metric", {"metric": "mse", "updates": [good, {"y_true": [[1.0, 2.0]], "y_pred": [[1.0, 2.0, 3.0]]}]})
    assert found["loc"] == ["body", "updates", 1, "y_pred"]
    assert found["msg"].startswith("y_true has shape (1, 2) and y_pred has shape (1, 3); MeanSquaredError")
    weights = {"y_true": [[1], [2], [3], [4]], "y_pred": [[0], [2], [3], [4]], "sample_weight": [1, 1, 0]}
    found = error(server, "metric", {"metric": "accuracy", "updates": [weights]})
    assert found["loc"] == ["body", "updates", 0, "sample_weight"]
    assert found["msg"].startswith("sample_weight has shape (3,) while y_true has shape (4, 1) and y_pred has shape (4, 1); Accuracy")
    found = error(server, "metric", {"metric": "accuracy", "updates": [weights]}, lang="zh")
    assert found["msg"].startswith("sample_weight 的形状是 (3,)，而 y_true 的形状是 (4, 1)、y_pred 的形状是 (4, 1)；Accuracy")


def test_metric_bounds_through_the_server(server):
    found = error(server, "metric", {"metric": "accuracy", "updates": [{"y_true": [1], "y_pred": [1]}] * 101}, lang="zh")
    assert found["loc"] == ["body", "updates"] and found["msg"] == "最多应有 100 项；收到了 101 项"


# --- optimizers --------------------------------------------------------------------


def quadratic(v):
    return tf.reduce_sum(v * v) / 2


def rosenbrock(v):
    return (1 - v[0]) ** 2 + 100 * (v[1] - v[0] ** 2) ** 2


def beale(v):
    x, y = v[0], v[1]
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


def saddle(v):
    return v[0] ** 2 - v[1] ** 2


FUNCTIONS = {"quadratic": quadratic, "rosenbrock": rosenbrock, "beale": beale, "saddle": saddle}


def keras_path(ref, function, start, steps):
    opt = keras_object(keras.optimizers, OPTIMIZERS, ref)
    point = keras.Variable(f32(start))
    fn = FUNCTIONS[function]
    path, losses = [point.numpy().tolist()], []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            value = fn(point)
        opt.apply_gradients([(tape.gradient(value, point.value), point)])
        losses.append(float(value))
        path.append(point.numpy().tolist())
    losses.append(float(fn(point)))
    return path, losses


def test_optimizer_facts(server):
    sgd = {"class_name": "SGD", "config": {"learning_rate": 0.1}}
    got = ok(server, "optimizer", {"optimizer": sgd, "function": "quadratic", "start": [1.0], "steps": 1})
    assert [p[0] for p in got["trajectory"]] == pytest.approx([1.0, 0.9])
    assert got["losses"] == pytest.approx([0.5, 0.405])
    for name, after in (("RMSprop", 9.683772), ("Adam", 9.9)):
        ref = {"class_name": name, "config": {"learning_rate": 0.1}}
        got = ok(server, "optimizer", {"optimizer": ref, "function": "quadratic", "start": [10.0], "steps": 1})
        assert got["trajectory"][1][0] == pytest.approx(after, abs=1e-5), name


OPTIMIZER_CASES = [
    ("sgd", "quadratic", [3.0, -2.0, 1.0], 20),
    ({"class_name": "SGD", "config": {"learning_rate": 0.001, "momentum": 0.9, "nesterov": True}}, "rosenbrock", [-1.5, 2.0], 200),
    ({"class_name": "RMSprop", "config": {"learning_rate": 0.01, "centered": True}}, "beale", [1.0, 1.0], 100),
    ({"class_name": "Adam", "config": {"learning_rate": 0.05, "amsgrad": True}}, "saddle", [0.5, 0.01], 50),
    ({"class_name": "Adagrad", "config": {"learning_rate": 0.5}}, "quadratic", [2.0, -4.0], 30),
    ({"class_name": "Nadam", "config": {"learning_rate": 0.02}}, "rosenbrock", [0.0, 0.0], 40),  # longer: float32 round-off grows
    ("adamax", "beale", [2.0, 0.0], 40),
    ({"class_name": "SGD", "config": {"learning_rate": 0.1, "clipnorm": 0.5}}, "quadratic", [10.0, 10.0], 10),
]


@pytest.mark.parametrize(("ref", "function", "start", "steps"), OPTIMIZER_CASES, ids=[str(i) for i in range(len(OPTIMIZER_CASES))])
def test_optimizers_equal_keras(server, ref, function, start, steps):
    name = ref if isinstance(ref, str) else ref["class_name"]
    if not (OPTIMIZERS.by_alias(name) or OPTIMIZERS.get(name)):
        pytest.skip(f"{name} is not in the catalog")
    got = ok(server, "optimizer", {"optimizer": ref, "function": function, "start": start, "steps": steps})
    path, losses = keras_path(ref, function, start, steps)
    assert len(got["trajectory"]) == len(got["losses"]) == steps + 1
    assert got["trajectory"][0] == pytest.approx(start)
    assert np.allclose(got["trajectory"], path, rtol=1e-4, atol=1e-5)
    assert np.allclose(got["losses"], losses, rtol=1e-4, atol=1e-5)
    # each loss is the function at the point beside it
    assert np.allclose(got["losses"], [float(FUNCTIONS[function](f32(p))) for p in got["trajectory"]], rtol=1e-4, atol=1e-5)


def test_a_learning_rate_schedule_of_the_catalog_works(server):
    from app.catalog import REGISTRIES

    if "schedules" not in REGISTRIES or not REGISTRIES["schedules"].get("ExponentialDecay"):
        pytest.skip("no learning-rate schedules in the catalog yet")
    schedule = {"class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 1, "decay_rate": 0.5}}
    sgd = {"class_name": "SGD", "config": {"learning_rate": schedule}}
    got = ok(server, "optimizer", {"optimizer": sgd, "function": "quadratic", "start": [1.0], "steps": 3})
    # x ← x − lr·x with lr = 0.1, 0.05, 0.025
    assert [p[0] for p in got["trajectory"]] == pytest.approx([1.0, 0.9, 0.855, 0.833625], rel=1e-6)


def test_a_diverging_optimizer_gives_nulls_not_a_crash(server):
    sgd = {"class_name": "SGD", "config": {"learning_rate": 1.0}}
    got = ok(server, "optimizer", {"optimizer": sgd, "function": "rosenbrock", "start": [10.0, 3.0], "steps": 1000})
    assert len(got["trajectory"]) == 1001
    assert got["trajectory"][-1] == [None, None] and got["losses"][-1] is None
    assert got["losses"][0] == pytest.approx(81 + 100 * 97**2)


def test_settings_keras_refuses_are_located_at_the_config(server):
    sgd = {"class_name": "SGD", "config": {"learning_rate": 0.1, "clipnorm": 1.0, "global_clipnorm": 1.0}}
    found = error(server, "optimizer", {"optimizer": sgd, "function": "quadratic", "start": [1.0], "steps": 1})
    assert found["loc"] == ["body", "optimizer", "config"]
    assert found["msg"].startswith("expected settings Keras accepts for SGD; received settings Keras refuses: Only one of `clipnorm`")


def test_optimizer_bounds_through_the_server(server):
    found = error(server, "optimizer", {"optimizer": "adam", "function": "rosenbrock", "start": [1.0], "steps": 10})
    assert found["loc"] == ["body", "start"]
    assert found["msg"] == "expected exactly 2 coordinates [x, y] for the function rosenbrock; received 1"
    found = error(server, "optimizer", {"optimizer": "adam", "function": "saddle", "start": [1.0, 2.0], "steps": 1001}, lang="zh")
    assert found["loc"] == ["body", "steps"] and found["msg"] == "应为 1 到 1000 之间的整数；收到的是 1001"


def test_the_longest_run_is_quick(server):
    got = ok(server, "optimizer", {"optimizer": "adam", "function": "beale", "start": [1.0, 1.0], "steps": 1000})
    assert len(got["trajectory"]) == 1001


def test_the_fast_lane_still_inspects_models(server):
    model = {"model": {"input": {"shape": [4]}, "layers": [{"class_name": "Dense", "config": {"units": 3}}]}}
    reply = server.post("/api/inspect", json=model)
    assert reply.status_code == 200 and reply.json()["total_params"] == 15
