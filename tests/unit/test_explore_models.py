"""The calculators' requests: good ones become the worker's payload, bad ones
fail at the field with a message (English and Chinese) that says what was
expected and what was received. No TensorFlow here."""

from __future__ import annotations

import re

import pytest

from app.catalog import LOSSES, METRICS, OPTIMIZERS
from app.explore import limits, service
from app.explore.models import check_array, validate_loss, validate_metric, validate_optimizer
from app.i18n.messages import MESSAGES
from app.jobs.backend import InspectTimeout, InspectUnavailable
from app.spec.errors import SpecError

VALIDATE = {"loss": validate_loss, "metric": validate_metric, "optimizer": validate_optimizer}


def loss_request(**changes) -> dict:
    return {"loss": "mse", "y_true": [[0, 1], [0, 0]], "y_pred": [[1, 1], [1, 0]]} | changes


def metric_request(**changes) -> dict:
    return {"metric": "accuracy", "updates": [{"y_true": [[1], [2]], "y_pred": [[0], [2]]}]} | changes


def optimizer_request(**changes) -> dict:
    return {"optimizer": "sgd", "function": "quadratic", "start": [1.0], "steps": 10} | changes


def errors(kind: str, raw, lang: str = "en") -> list[dict]:
    with pytest.raises(SpecError) as info:
        VALIDATE[kind](raw)
    return info.value.detail(lang)


def only(kind: str, raw, lang: str = "en") -> dict:
    found = errors(kind, raw, lang)
    assert len(found) == 1, found
    return found[0]


# --- good requests -----------------------------------------------------------------


def test_an_alias_becomes_its_catalog_class_with_keras_defaults():
    assert validate_loss(loss_request())["loss"] == {"class_name": "MeanSquaredError", "config": {}}
    assert validate_metric(metric_request())["metric"] == {"class_name": "Accuracy", "config": {}}  # not compile's auto-accuracy
    assert validate_optimizer(optimizer_request())["optimizer"] == {"class_name": "SGD", "config": {}}


def test_class_names_and_objects_are_checked_against_the_catalog():
    payload = validate_loss(loss_request(loss={"class_name": "BinaryCrossentropy", "config": {"label_smoothing": 0.1}}))
    assert payload == {"loss": {"class_name": "BinaryCrossentropy", "config": {"label_smoothing": 0.1}}, "y_true": [[0, 1], [0, 0]], "y_pred": [[1, 1], [1, 0]]}
    assert validate_loss(loss_request(loss="Huber" if LOSSES.get("Huber") else "MeanAbsoluteError"))["loss"]["config"] == {}
    metric = validate_metric(metric_request(metric={"class_name": "TopKCategoricalAccuracy", "config": {"k": 1}}))["metric"]
    assert metric == {"class_name": "TopKCategoricalAccuracy", "config": {"k": 1}}


@pytest.mark.parametrize(
    ("registry", "kind", "field"),
    [(LOSSES, "loss", "loss"), (METRICS, "metric", "metric"), (OPTIMIZERS, "optimizer", "optimizer")],
)
def test_every_alias_and_class_of_the_catalog_is_accepted(registry, kind, field):
    make = {"loss": loss_request, "metric": metric_request, "optimizer": optimizer_request}[kind]
    for entry in registry:
        if any(p.required for p in entry.params):
            continue  # needs its arguments: covered by the object form
        for name in (entry.class_name, *entry.aliases):
            assert VALIDATE[kind](make(**{field: name}))[field] == {"class_name": entry.class_name, "config": {}}, name


def test_metric_updates_keep_their_weights_and_drop_a_null():
    updates = [
        {"y_true": [1, 0], "y_pred": [0.9, 0.2], "sample_weight": [0.5, 1]},
        {"y_true": [1], "y_pred": [0.4], "sample_weight": None},
    ]
    assert validate_metric(metric_request(updates=updates))["updates"] == [updates[0], {"y_true": [1], "y_pred": [0.4]}]


def test_optimizer_payload():
    raw = {"optimizer": {"class_name": "Adam", "config": {"learning_rate": 0.1}}, "function": "beale", "start": [1, -2.5], "steps": 1000}
    assert validate_optimizer(raw) == {"optimizer": {"class_name": "Adam", "config": {"learning_rate": 0.1}}, "function": "beale", "start": [1.0, -2.5], "steps": 1000}
    assert validate_optimizer(optimizer_request(start=[1e4] * 10, steps=1))["start"] == [1e4] * 10


@pytest.mark.parametrize("value", [[1.5], [[1, 2], [3, 4]], [[[0.5]] * 2] * 3, [[0] * 100] * 100])
def test_arrays_up_to_the_bounds_are_accepted(value):
    assert validate_loss(loss_request(y_true=value, y_pred=value))["y_pred"] == value


# --- arrays ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "loc", "msg"),
    [
        (3, [], "expected a list of numbers, or a list of such lists (at most 3 levels deep); received 3"),
        ("0 1", [], 'expected a list of numbers, or a list of such lists (at most 3 levels deep); received "0 1"'),
        ([], [], "expected at least one item in every list; received an empty list"),
        ([[1, 2], []], [1], "expected 2 items here, as many as the first list at this level (the array must be rectangular); received []"),
        ([[1, 2], [3]], [1], "expected 2 items here, as many as the first list at this level (the array must be rectangular); received [3]"),
        ([[1, 2], 3], [1], "expected 2 items here, as many as the first list at this level (the array must be rectangular); received 3"),
        ([[1, 2], [3, "4"]], [1, 1], 'expected a number from -1e+09 to 1e+09; received "4"'),
        ([[1, 2], [3, [4]]], [1, 1], "expected a number from -1e+09 to 1e+09; received [4]"),
        ([1, True], [1], "expected a number from -1e+09 to 1e+09; received true"),
        ([1, None], [1], "expected a value; received null"),
        ([float("nan")], [0], "expected a number from -1e+09 to 1e+09; received nan"),
        ([1, float("inf")], [1], "expected a number from -1e+09 to 1e+09; received inf"),
        ([2e9], [0], "expected a number from -1e+09 to 1e+09; received 2000000000.0"),
        ([[[[1]]]], [], "expected lists nested at most 3 levels deep; received 4 levels"),
        ([0] * 10_001, [], "expected at most 10,000 numbers; received 10,001"),
        ([[0] * 101] * 100, [], "expected at most 10,000 numbers; received 10,100"),
    ],
)
def test_bad_arrays_fail_at_the_item(value, loc, msg):
    error = only("loss", loss_request(y_pred=value))
    assert error["loc"] == ["body", "y_pred", *loc]
    assert error["msg"] == msg
    assert error["type"] in MESSAGES


def test_check_array_gives_the_shape():
    assert check_array([[1, 2, 3], [4, 5, 6]], ("y",)) == ([2, 3], [])
    assert check_array([7], ("y",)) == ([1], [])


def test_both_arrays_are_reported():
    found = errors("loss", loss_request(y_true=[[1], 2], y_pred="x"))
    assert [e["loc"] for e in found] == [["body", "y_true", 1], ["body", "y_pred"]]


def test_array_fields_are_required():
    found = errors("loss", {"loss": "mse", "y_true": [1]})
    assert [(e["loc"], e["msg"]) for e in found] == [(["body", "y_pred"], "this field is required; received nothing")]


# --- Keras identifiers -------------------------------------------------------------


def test_unknown_alias_suggests_the_close_one():
    error = only("loss", loss_request(loss="msee"))
    assert error["loc"] == ["body", "loss"]
    assert error["msg"] == "expected one of the losses in the catalog (did you mean 'mse'?); received \"msee\""
    assert only("loss", loss_request(loss="msee"), "zh")["msg"] == "应为目录中的某个损失函数（是不是想写 'mse'？）；收到的是 \"msee\""


def test_unknown_class_and_bad_config_are_located():
    error = only("loss", loss_request(loss={"class_name": "MeanSquaredErr", "config": {}}))
    assert error["loc"] == ["body", "loss", "class_name"]
    error = only("metric", metric_request(metric={"class_name": "TopKCategoricalAccuracy", "config": {"k": 0}}))
    assert error["loc"] == ["body", "metric", "config", "k"]
    assert error["msg"] == "expected an integer from 1 to 1000; received 0"
    error = only("optimizer", optimizer_request(optimizer={"class_name": "SGD", "config": {"lr": 0.1}}))
    assert error["loc"] == ["body", "optimizer", "config", "lr"]
    assert error["msg"].startswith('SGD takes no argument "lr" here; expected one of: learning_rate')


def test_a_ref_that_is_neither_a_name_nor_an_object():
    error = only("metric", metric_request(metric=3))
    assert error["loc"] == ["body", "metric"]
    assert error["msg"].startswith("expected a name or an object")


def test_a_loss_is_not_a_metric():
    error = only("metric", metric_request(metric="binary_crossentropy"))
    assert error["loc"] == ["body", "metric"] and "one of the metrics in the catalog" in error["msg"]


# --- metric updates ----------------------------------------------------------------


def test_update_problems_are_located_in_their_update():
    updates = [{"y_true": [1], "y_pred": [1]}, {"y_true": [1], "y_pred": [1, 2], "sample_weight": ["a"]}, {"y_true": [1]}]
    found = errors("metric", metric_request(updates=updates))
    assert [e["loc"] for e in found] == [["body", "updates", 2, "y_pred"]]  # structure first
    updates[2]["y_pred"] = [[0.5]] * 2 + [[0.5, 0.5]]
    found = errors("metric", metric_request(updates=updates))
    assert [e["loc"] for e in found] == [["body", "updates", 1, "sample_weight", 0], ["body", "updates", 2, "y_pred", 2]]


def test_update_count_is_bounded():
    assert only("metric", metric_request(updates=[]))["msg"] == "expected at least 1 item; received 0"
    error = only("metric", metric_request(updates=[{"y_true": [1], "y_pred": [1]}] * 101))
    assert error["loc"] == ["body", "updates"]
    assert error["msg"] == "expected at most 100 items; received 101"
    assert len(validate_metric(metric_request(updates=[{"y_true": [1], "y_pred": [1]}] * 100))["updates"]) == 100


def test_all_the_updates_together_are_bounded():
    big = [0.5] * limits.MAX_NUMBERS
    updates = [{"y_true": big, "y_pred": big}] * 5
    assert len(validate_metric(metric_request(updates=updates))["updates"]) == 5
    error = only("metric", metric_request(updates=[*updates, {"y_true": [1], "y_pred": [1]}]))
    assert error["loc"] == ["body", "updates"]
    assert error["msg"] == "expected at most 100,000 numbers in all the updates together; received 100,002"
    assert only("metric", metric_request(updates=[*updates, {"y_true": [1], "y_pred": [1]}]), "zh")["msg"] == "所有更新加起来最多应有 100,000 个数；收到了 100,002 个"


def test_unknown_fields_name_the_ones_that_exist():
    error = only("metric", metric_request(updates=[{"y_true": [1], "y_pred": [1], "weights": [1]}]))
    assert error["loc"] == ["body", "updates", 0, "weights"]
    assert error["msg"] == 'expected one of the fields y_true, y_pred, sample_weight; received an unknown field "weights"'
    error = only("loss", loss_request(reduction="sum"))
    assert error["msg"] == 'expected one of the fields loss, y_true, y_pred; received an unknown field "reduction"'


# --- optimizer ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "loc", "msg"),
    [
        ({"steps": 0}, ["steps"], "expected an integer from 1 to 1000; received 0"),
        ({"steps": 1001}, ["steps"], "expected an integer from 1 to 1000; received 1001"),
        ({"steps": 2.5}, ["steps"], "expected an integer from 1 to 1000; received 2.5"),
        ({"steps": "10"}, ["steps"], 'expected an integer from 1 to 1000; received "10"'),
        ({"function": "himmelblau"}, ["function"], 'expected one of quadratic, rosenbrock, beale, saddle, line_fit, line_fit_mse; received "himmelblau"'),
        ({"start": []}, ["start"], "expected at least 1 item; received 0"),
        ({"start": [0.5] * 11}, ["start"], "expected at most 10 items; received 11"),
        ({"start": 1.0}, ["start"], "expected a list; received 1.0"),
        ({"start": [1, 10001]}, ["start", 1], "expected a number from -10000 to 10000; received 10001"),
        ({"start": [float("nan")]}, ["start", 0], "expected a number from -10000 to 10000; received nan"),
        ({"start": [float("-inf")]}, ["start", 0], "expected a number from -10000 to 10000; received -inf"),
        ({"start": [None]}, ["start", 0], "expected a value; received null"),
        ({"function": "rosenbrock", "start": [1.0]}, ["start"], "expected exactly 2 coordinates [x, y] for the function rosenbrock; received 1"),
        ({"function": "saddle", "start": [1.0, 2.0, 3.0]}, ["start"], "expected exactly 2 coordinates [x, y] for the function saddle; received 3"),
    ],
)
def test_optimizer_bounds(change, loc, msg):
    error = only("optimizer", optimizer_request(**change))
    assert error["loc"] == ["body", *loc]
    assert error["msg"] == msg


def test_optimizer_fields_are_required():
    found = errors("optimizer", {"optimizer": "adam"})
    assert [e["loc"][-1] for e in found] == ["function", "start", "steps"]


@pytest.mark.parametrize("kind", list(VALIDATE))
def test_a_body_that_is_not_an_object(kind):
    assert only(kind, [1, 2])["msg"] == "expected an object; received [1, 2]"


# --- both languages ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "raw", "zh"),
    [
        ("loss", loss_request(y_pred=[[1, 2], [3]]), "这里应有 2 项，与这一层的第一个列表一样多（数组必须是规整的矩形）；收到的是 [3]"),
        ("loss", loss_request(y_pred=[[[[1]]]]), "列表最多应嵌套 3 层；收到的是 4 层"),
        ("loss", loss_request(y_pred=[]), "每个列表至少应有一项；收到的是空列表"),
        ("loss", loss_request(y_pred=[0] * 10_001), "最多应有 10,000 个数；收到了 10,001 个"),
        ("loss", loss_request(y_pred={"a": 1}), '应为由数构成的列表，或由这样的列表构成的列表（最多 3 层）；收到的是 {"a": 1}'),
        ("loss", loss_request(y_pred=[1, "x"]), '应为 -1e+09 到 1e+09 之间的数；收到的是 "x"'),
        ("optimizer", optimizer_request(function="beale", start=[1]), "函数 beale 的起点应恰好有 2 个坐标 [x, y]；收到了 1 个"),
        ("optimizer", optimizer_request(steps=0), "应为 1 到 1000 之间的整数；收到的是 0"),
    ],
)
def test_messages_in_chinese(kind, raw, zh):
    assert only(kind, raw, "zh")["msg"] == zh


def test_the_new_messages_have_both_languages_and_the_same_placeholders():
    codes = [c for c in MESSAGES if c.startswith("explore_")]
    assert len(codes) >= 10
    for code in codes:
        text = MESSAGES[code]
        assert text.en.strip() and text.zh.strip() and text.en != text.zh, code
        assert set(re.findall(r"\{(\w+)\}", text.en)) == set(re.findall(r"\{(\w+)\}", text.zh)), code
        assert "expected" in text.en, code  # every message says what was expected ...
        assert "received" in text.en or "has shape" in text.en or "took longer" in text.en, code  # ... and what came


# --- the service: the worker's answers become results or located errors --------------


class FakeBackend:
    def __init__(self, reply=None, raises=None):
        self.reply, self.raises, self.asked = reply, raises, []

    def ask(self, request):
        self.asked.append(request)
        if self.raises:
            raise self.raises
        return self.reply


def test_the_service_sends_the_validated_payload_and_returns_the_result():
    backend = FakeBackend({"ok": True, "result": {"value": 0.5, "per_sample": [0.5, 0.5]}})
    assert service.loss(backend, loss_request(), 30) == {"value": 0.5, "per_sample": [0.5, 0.5]}
    assert backend.asked == [{"task": "explore_loss", "loss": {"class_name": "MeanSquaredError", "config": {}}, "y_true": [[0, 1], [0, 0]], "y_pred": [[1, 1], [1, 0]]}]
    backend = FakeBackend({"ok": True, "result": {"results": [0.5]}})
    service.metric(backend, metric_request(), 30)
    assert backend.asked[0]["task"] == "explore_metric"
    backend = FakeBackend({"ok": True, "result": {"trajectory": [[1.0]], "losses": [0.5]}})
    service.optimizer(backend, optimizer_request(), 30)
    assert backend.asked[0] == {"task": "explore_optimizer", "optimizer": {"class_name": "SGD", "config": {}}, "function": "quadratic", "start": [1.0], "steps": 10}


def test_an_invalid_request_never_reaches_the_worker():
    backend = FakeBackend()
    with pytest.raises(SpecError):
        service.loss(backend, loss_request(y_pred=[1, "x"]), 30)
    assert backend.asked == []


def test_the_workers_issues_become_a_located_spec_error():
    ctx = {"cls": "MeanSquaredError", "y_true": "(2, 2)", "y_pred": "(2, 3)", "detail": "Incompatible shapes: [2,2] vs. [2,3]"}
    backend = FakeBackend({"ok": False, "issues": [{"loc": ["y_pred"], "code": "explore_shapes", "ctx": ctx}]})
    with pytest.raises(SpecError) as info:
        service.loss(backend, loss_request(), 30)
    [error] = info.value.detail("en")
    assert error["loc"] == ["body", "y_pred"]
    assert error["msg"] == (
        "y_true has shape (2, 2) and y_pred has shape (2, 3); MeanSquaredError expected shapes that fit together, "
        "and Keras says: Incompatible shapes: [2,2] vs. [2,3]"
    )
    assert info.value.detail("zh")[0]["msg"].startswith("y_true 的形状是 (2, 2)，y_pred 的形状是 (2, 3)；MeanSquaredError 需要")


def test_a_timeout_and_an_unexpected_failure_are_422s_at_the_costly_field(caplog):
    with pytest.raises(SpecError) as info:
        service.optimizer(FakeBackend(raises=InspectTimeout("no answer")), optimizer_request(), 30)
    [error] = info.value.detail("en")
    assert error["loc"] == ["body", "steps"]
    assert error["msg"] == "expected Keras to answer within 30 s; it took longer (try a smaller number of steps)"
    assert info.value.detail("zh")[0]["msg"] == "Keras 应在 30 秒内给出结果；实际超时了（请减少步数）"
    with pytest.raises(SpecError) as info:  # the worker is alive: the request, not Keras's availability, is at fault
        service.metric(FakeBackend({"kind": "result", "ok": False, "error": "RuntimeError: boom"}), metric_request(), 30)
    [error] = info.value.detail("en")
    ref = error["msg"].split("look for ")[1].split(" ")[0]
    assert error["loc"] == ["body", "updates"] and error["type"] == "explore_failed" and len(ref) == 12
    assert info.value.detail("zh")[0]["msg"].startswith("应得到 Keras 的计算结果；收到的是一次失败")
    assert f"the inspector could not answer request {ref} (explore_metric): RuntimeError: boom" in caplog.text
    with pytest.raises(InspectUnavailable):  # 503 only when no worker answers
        service.metric(FakeBackend(raises=InspectUnavailable("the inspector worker stopped")), metric_request(), 30)
