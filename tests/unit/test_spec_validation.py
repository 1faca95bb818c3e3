"""The spec: good specs pass, bad ones fail at the field with a message that
says what was expected and what was received."""

from __future__ import annotations

import copy

import pytest

from app.spec.errors import SpecError
from app.spec.validate import validate_spec
from tests.fixtures.specs import ATTENTION_SPEC
from tests.helpers import PRESET


def good() -> dict:
    return copy.deepcopy(PRESET)


def errors(raw, lang="en", for_run=True) -> list[dict]:
    with pytest.raises(SpecError) as info:
        validate_spec(raw, for_run=for_run)
    return info.value.detail(lang)


def only(raw, **kw) -> dict:
    found = errors(raw, **kw)
    assert len(found) == 1, found
    return found[0]


def test_the_lesson_preset_is_valid():
    spec = validate_spec(good(), for_run=True)
    assert spec.model.layers[0].config == {"units": 64, "activation": "relu"}
    assert spec.compile.loss == "binary_crossentropy"


def test_defaults_fill_fit_and_optional_parts():
    raw = {"model": {"input": {"shape": [4]}, "layers": [{"class_name": "Dense", "config": {"units": 2}}]}}
    spec = validate_spec(raw)
    assert spec.fit.epochs == 10 and spec.fit.batch_size == 32 and spec.fit.shuffle is True
    assert spec.model.kind == "sequential" and spec.model.input.dtype == "float32"
    assert spec.dataset is None and spec.callbacks == []


def test_a_run_needs_data_and_compile():
    raw = good()
    del raw["dataset"], raw["compile"]
    found = errors(raw)
    assert [e["loc"] for e in found] == [["body", "dataset"], ["body", "compile"]]
    assert all(e["msg"] == "this field is required; received nothing" for e in found)


@pytest.mark.parametrize(
    ("path", "value", "msg"),
    [
        (("model", "layers", 0, "config", "units"), 0, "expected an integer from 1 to 4096; received 0"),
        (("model", "layers", 0, "config", "units"), 5000, "expected an integer from 1 to 4096; received 5000"),
        (("model", "layers", 0, "config", "units"), "64", 'expected an integer from 1 to 4096; received "64"'),
        (("model", "layers", 0, "config", "units"), 6.5, "expected an integer from 1 to 4096; received 6.5"),
        (("model", "layers", 0, "config", "units"), True, "expected an integer from 1 to 4096; received true"),
        (("model", "layers", 1, "config", "rate"), 1.0, "expected a number from 0 to 1 (excluded); received 1.0"),
        (("model", "layers", 1, "config", "rate"), -0.1, "expected a number from 0 to 1 (excluded); received -0.1"),
        (("model", "layers", 0, "config", "activation"), "rleu", "expected one of linear, relu, relu6"),
        (("model", "layers", 0, "config", "use_bias"), "yes", 'expected true or false; received "yes"'),
        (("fit", "epochs"), 0, "expected an integer from 1 to 1000; received 0"),
        (("fit", "batch_size"), 100000, "expected an integer from 1 to 8192; received 100000"),
        (("fit", "validation_split"), 0.95, "expected a number from 0 to 0.9; received 0.95"),
        (("model", "input", "shape"), [20, 0], "expected a list of 1 to 4 integers from 1 to 4096 or nulls (null: any size); received [20, 0]"),
        (("model", "input", "shape"), [], "expected a list of 1 to 4 integers from 1 to 4096 or nulls (null: any size); received []"),
        (("model", "input", "shape"), [None, "2"], 'expected a list of 1 to 4 integers from 1 to 4096 or nulls (null: any size); received [null, "2"]'),
        (("model", "input", "shape"), [None, -2], "expected a list of 1 to 4 integers from 1 to 4096 or nulls (null: any size); received [null, -2]"),
        (("model", "input", "shape"), [None, 0], "expected a list of 1 to 4 integers from 1 to 4096 or nulls (null: any size); received [null, 0]"),
        (("model", "input", "shape"), ["None", 20], 'expected a list of 1 to 4 integers from 1 to 4096 or nulls (null: any size); received ["None", 20]'),
        (("model", "input", "shape"), [None] * 5, "expected a list of 1 to 4 integers from 1 to 4096 or nulls (null: any size); received [null, null, null, null, null]"),
        (("model", "input", "shape"), None, "expected a value; received null"),
        (("dataset", "options", "n_samples"), 10, "expected an integer from 20 to 20000; received 10"),
        (("dataset", "options", "labels"), "some", 'expected one of rule, random; received "some"'),
    ],
)
def test_out_of_bounds_and_wrong_types_fail_at_the_field(path, value, msg):
    raw = good()
    target = raw
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    error = only(raw)
    assert error["loc"] == ["body", *path]
    assert error["msg"].startswith(msg), error["msg"]


def test_unknown_layer_class_suggests_the_close_name():
    raw = good()
    raw["model"]["layers"][0]["class_name"] = "Dense2"
    error = only(raw)
    assert error["loc"] == ["body", "model", "layers", 0, "class_name"]
    assert error["msg"] == "expected one of the layers in the catalog (did you mean 'Dense'?); received \"Dense2\""


def test_unknown_argument_lists_the_arguments_that_exist():
    raw = good()
    raw["model"]["layers"][0]["config"]["unit"] = 3
    error = only(raw)
    assert error["loc"] == ["body", "model", "layers", 0, "config", "unit"]
    assert error["msg"].startswith('Dense takes no argument "unit" here; expected one of: units, activation, use_bias')


def test_unknown_top_level_field():
    raw = good()
    raw["fitt"] = {}
    error = only(raw)
    assert error["loc"] == ["body", "fitt"]
    assert error["msg"] == 'expected one of the fields dataset, model, compile, fit, callbacks, views, resume; received an unknown field "fitt"'


def test_reshape_and_permute_arguments_are_checked():
    raw = good()
    raw["model"]["layers"] = [
        {"class_name": "Reshape", "config": {"target_shape": [-1, -1]}},
        {"class_name": "Permute", "config": {"dims": [1, 1]}},
    ]
    found = errors(raw)
    assert found[0]["loc"][-1] == "target_shape" and "one of which may be -1" in found[0]["msg"]
    assert found[1]["msg"] == "expected each axis from 1 to 2 exactly once, e.g. [2, 1]; received [1, 1]"


def test_loss_optimizer_and_metrics_accept_aliases_and_objects():
    raw = good()
    raw["compile"] = {
        "optimizer": {"class_name": "Adam", "config": {"learning_rate": 0.01, "amsgrad": True}},
        "loss": {"class_name": "BinaryCrossentropy", "config": {"label_smoothing": 0.1}},
        "metrics": ["accuracy", "AUC", {"class_name": "Precision", "config": {"thresholds": 0.4}}],
    }
    spec = validate_spec(raw, for_run=True)
    assert spec.compile.metrics[1] == {"class_name": "AUC", "config": {}}  # a bare class name becomes an object


def test_compile_errors_are_located():
    raw = good()
    raw["compile"] = {"optimizer": {"class_name": "Adam", "config": {"learning_rate": 0}}, "loss": "msee", "metrics": [3]}
    found = errors(raw)
    assert found[-1]["loc"] == ["body", "compile", "metrics", 0]
    assert found[-1]["msg"] == "expected a name or an object {\"class_name\": ..., \"config\": {...}}; received 3"
    raw["compile"]["metrics"] = ["acuracy"]
    found = errors(raw)
    assert [e["loc"] for e in found] == [
        ["body", "compile", "optimizer", "config", "learning_rate"],
        ["body", "compile", "loss"],
        ["body", "compile", "metrics", 0],
    ]
    assert found[0]["msg"] == "expected a number from 0 (excluded) to 10; received 0"
    assert "did you mean 'mse'?" in found[1]["msg"]
    assert "did you mean 'accuracy'?" in found[2]["msg"]


def test_input_shape_must_match_the_dataset():
    raw = good()
    raw["model"]["input"]["shape"] = [21]
    error = only(raw)
    assert error["loc"] == ["body", "model", "input", "shape"]
    assert error["msg"] == 'the dataset “20 random features, binary labels” gives samples of shape [20], so the model\'s input shape must be [20]; received [21]'


SEQUENCES = {
    "dataset": {"name": "time_series", "options": {"n_samples": 100, "window": 24}},
    "model": {"kind": "sequential", "input": {"shape": [None, 1]}, "layers": [
        {"class_name": "SimpleRNN", "config": {"units": 4}}, {"class_name": "Dense", "config": {"units": 1}}]},
    "compile": {"optimizer": "adam", "loss": "mse"},
}


def test_an_input_axis_may_be_null_and_takes_any_size_of_the_data():
    raw = copy.deepcopy(SEQUENCES)
    assert validate_spec(raw, for_run=True).model.input.shape == [None, 1]  # (None, 1) takes windows of 24
    raw["model"]["input"]["shape"] = [None, None]
    assert validate_spec(raw, for_run=True).model.input.shape == [None, None]
    functional = {"kind": "functional", "inputs": [{"name": "series", "shape": [None, 1]}],
                  "nodes": [{"name": "rnn", "class_name": "SimpleRNN", "config": {"units": 4}, "inputs": ["series"]},
                            {"name": "out", "class_name": "Dense", "config": {"units": 1}, "inputs": ["rnn"]}], "outputs": ["out"]}  # fmt: skip
    assert validate_spec(SEQUENCES | {"model": functional}, for_run=True).model.inputs[0].shape == [None, 1]
    assert validate_spec({"model": SEQUENCES["model"] | {"input": {"shape": [None, 2]}}}).model.input.shape == [None, 2]  # no data set


def test_a_null_axis_still_needs_the_data_sets_other_axes():
    raw = copy.deepcopy(SEQUENCES)
    raw["model"]["input"]["shape"] = [None, 2]
    error = only(raw)
    assert error["loc"] == ["body", "model", "input", "shape"] and error["type"] == "dataset_input"
    assert error["msg"].endswith("gives samples of shape [24, 1], so the model's input shape must be [24, 1]; received [null, 2]")
    raw["model"]["input"]["shape"] = [None]
    assert only(raw)["type"] == "dataset_input"


def test_the_null_in_the_shape_message_in_chinese():
    raw = good()
    raw["model"]["input"]["shape"] = [None, 0]
    error = only(raw, lang="zh")
    assert error["loc"] == ["body", "model", "input", "shape"]
    assert error["msg"] == "应为由 1 到 4 个整数或 null 组成的列表，整数在 1 到 4096 之间（null 表示大小不限）；收到的是 [null, 0]"


def test_early_stopping_on_val_loss_needs_a_validation_split():
    raw = good()
    raw["fit"]["validation_split"] = 0
    raw["callbacks"] = [{"class_name": "EarlyStopping", "config": {"patience": 2}}]
    error = only(raw)
    assert error["loc"] == ["body", "callbacks", 0, "config", "monitor"]
    assert error["msg"].startswith('"val_loss" is only logged with a validation split above 0')


def test_limits_on_list_lengths():
    raw = good()
    raw["model"]["layers"] = [{"class_name": "Dense", "config": {"units": 2}}] * 65
    error = only(raw)
    assert error["loc"] == ["body", "model", "layers"]
    assert error["msg"] == "expected at most 64 items; received 65"


def test_not_an_object():
    assert only([1, 2])["msg"] == "expected an object; received [1, 2]"
    assert only({"model": 3})["msg"] == "expected an object; received 3"


def test_messages_in_chinese():
    raw = good()
    raw["model"]["layers"][0]["config"]["units"] = 0
    assert only(raw, lang="zh")["msg"] == "应为 1 到 4096 之间的整数；收到的是 0"


def test_the_validated_spec_round_trips_as_json():
    spec = validate_spec(good(), for_run=True)
    again = validate_spec(spec.model_dump(mode="json"), for_run=True)
    assert again == spec


def test_arguments_keras_requires_must_be_given():
    raw = good()
    raw["model"]["layers"] = [{"class_name": "Dense", "config": {"activation": "relu"}}, {"class_name": "Dropout"}]
    found = errors(raw)
    assert [e["loc"] for e in found] == [["body", "model", "layers", 0, "config", "units"], ["body", "model", "layers", 1, "config", "rate"]]
    assert found[0]["msg"] == "this field is required; received nothing"


def test_every_problem_is_reported_at_once_not_one_stage_at_a_time():
    # a wrong type (fit.epochs) used to hide what the catalog finds in the layers
    raw = good()
    raw["fit"]["epochs"] = "abc"
    raw["model"]["layers"][0]["config"]["units"] = 0
    with pytest.raises(SpecError) as caught:
        validate_spec(raw)
    found = {tuple(d["loc"][1:]): d["msg"] for d in caught.value.detail()}
    assert found == {
        ("fit", "epochs"): 'expected an integer from 1 to 1000; received "abc"',
        ("model", "layers", 0, "config", "units"): "expected an integer from 1 to 4096; received 0",
    }


def attention_model(inputs: list[str]) -> dict:
    raw = copy.deepcopy(ATTENTION_SPEC)
    raw["model"]["nodes"][0]["inputs"] = inputs
    return raw


def test_attention_takes_one_to_three_tensors_in_a_functional_model():
    for inputs in (["tweet_a"], ["tweet_a", "tweet_b"], ["tweet_a", "tweet_b", "tweet_a"]):
        assert validate_spec(attention_model(inputs), for_run=True).model.nodes[0].inputs == inputs
    found = only(attention_model(["tweet_a", "tweet_b", "tweet_a", "tweet_b"]))
    assert found["loc"] == ["body", "model", "nodes", 0, "inputs"]
    assert "expected 1 to 3 inputs" in found["msg"] and "received 4" in found["msg"]
    zh = only(attention_model(["tweet_a", "tweet_b", "tweet_a", "tweet_b"]), lang="zh")
    assert "应有 1 到 3 个输入" in zh["msg"] and "收到了 4 个" in zh["msg"]


def test_a_sequential_model_refuses_layers_that_need_several_tensors():
    for cls in ("MultiHeadAttention", "Add"):
        raw = good()
        raw["model"]["layers"].insert(1, {"class_name": cls, "config": {"num_heads": 2, "key_dim": 4} if cls == "MultiHeadAttention" else {}})
        found = only(raw)
        assert found["loc"] == ["body", "model", "layers", 1, "class_name"]
        assert f"{cls} is called on several tensors" in found["msg"] and "a functional model" in found["msg"]


def test_a_model_class_and_a_dtype_policy_are_checked_at_their_fields():
    raw = good()
    raw["model"]["subclass"] = {"class_name": "GradientNormModel", "config": {"clip_norm": 1.5}}
    raw["model"]["dtype_policy"] = "mixed_bfloat16"
    checked = validate_spec(raw, for_run=True).model
    assert (checked.subclass.config, checked.dtype_policy) == ({"clip_norm": 1.5}, "mixed_bfloat16")
    raw["model"]["subclass"]["class_name"] = "GradNormModel"
    found = only(raw)
    assert found["loc"] == ["body", "model", "subclass", "class_name"] and "did you mean 'GradientNormModel'?" in found["msg"]
    raw["model"]["subclass"] = {"class_name": "GradientNormModel", "config": {"clip_norm": 0}}
    assert only(raw)["loc"] == ["body", "model", "subclass", "config", "clip_norm"]
    raw["model"]["subclass"]["config"] = {}
    raw["model"]["dtype_policy"] = "float8"
    found = only(raw)
    assert found["loc"] == ["body", "model", "dtype_policy"] and '"float8"' in found["msg"]
    # this train_step does not scale the loss, which mixed_float16 needs
    raw["model"]["dtype_policy"] = "mixed_float16"
    en, zh = only(raw), only(raw, lang="zh")
    assert en["loc"] == ["body", "model", "dtype_policy"] and "needs loss scaling" in en["msg"] and "需要损失缩放" in zh["msg"]
    del raw["model"]["subclass"]
    assert validate_spec(raw, for_run=True).model.dtype_policy == "mixed_float16"
