"""The cost of a model read from shapes (app/worker/params.py) is what Keras
counts once it builds it, for every layer of the catalog; and a model over the
limits is refused before any weight is allocated."""

from __future__ import annotations

import time

import keras
import numpy as np
import psutil
import pytest

from app.catalog import REGISTRIES
from app.catalog.layers import MERGE
from app.catalog.layers.transfer import BASES_FOLDER
from app.worker import params
from app.worker.build import BuildError, Limits, build_model
from tests.helpers import spec
from tests.integration.test_catalog_keras import (
    ATTENTION,
    SEQUENTIAL_LAYERS,
    attention_spec,
    harness_layer,
    keep_inputs,
    suggested,
)


def keras_layers(model: keras.Model, model_spec: dict) -> list:
    if model_spec.get("kind") == "functional":
        return [model.get_layer(node.get("reuse") or node["name"]) for node in model_spec["nodes"]]
    return [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]


def keras_output_shape(layer, node: int = 0):
    out = layer._inbound_nodes[node].output_tensors
    return params._plain([t.shape for t in out] if len(out) > 1 else out[0].shape)


def assert_estimate_is_keras(model_spec: dict) -> params.Estimate:
    """Every layer's count and output shape, the total and the largest output, as Keras has them built."""
    found = params.estimate(model_spec)
    model = build_model(model_spec, Limits(max_params=10**9, batch_size=1))  # estimated on the layers it then builds
    layers, calls = keras_layers(model, model_spec), {}
    for (count, shape), layer in zip(found.layers, layers, strict=True):
        assert count is not None, f"{type(layer).__name__}: no estimate (add it to params.PARAMS, or to WEIGHTLESS if it has no weights)"
        if id(layer) not in calls:
            assert count == layer.count_params(), f"{type(layer).__name__}: estimated {count:,}, Keras {layer.count_params():,}"
        assert shape == keras_output_shape(layer, calls.get(id(layer), 0)), type(layer).__name__
        calls[id(layer)] = calls.get(id(layer), 0) + 1
    assert found.unknown == []
    assert found.params == model.count_params()
    outputs = [s for _, shape in found.layers for s in (shape if params._several(shape) else [shape])]
    assert found.largest == max(int(np.prod(s[1:])) for s in outputs)
    return found


def sequential(shape, *layers, dtype="float32") -> dict:
    return {"kind": "sequential", "input": {"shape": shape, "dtype": dtype}, "layers": [{"class_name": c, "config": cfg} for c, cfg in layers]}


HEAD = (("Flatten", {}), ("Dense", {"units": 1, "activation": "sigmoid"}))


# STYLE #11: one test over every layer of the catalog, as test_catalog_keras builds it.
@pytest.mark.parametrize("entry", SEQUENTIAL_LAYERS, ids=[e.class_name for e in SEQUENTIAL_LAYERS])
def test_every_catalog_layer_is_estimated_exactly(entry):
    assert entry.class_name in params.PARAMS or entry.class_name in params.WEIGHTLESS, f"{entry.class_name} has no estimate"
    shape, dtype, config = harness_layer(entry)
    assert_estimate_is_keras(sequential(shape, (entry.class_name, config), *HEAD, dtype=dtype))


@pytest.mark.parametrize("name", MERGE)
def test_every_merge_layer_is_estimated_exactly(name):
    assert name in params.WEIGHTLESS
    assert_estimate_is_keras({
        "kind": "functional",
        "inputs": [{"name": "a", "shape": [4]}, {"name": "b", "shape": [4]}],
        "nodes": [
            {"name": "left", "class_name": "Dense", "config": {"units": 3}, "inputs": ["a"]},
            {"name": "right", "class_name": "Dense", "config": {"units": 3}, "inputs": ["b"]},
            {"name": "merged", "class_name": name, "config": suggested(REGISTRIES["layers"].get(name)), "inputs": ["left", "right"]},
            {"name": "out", "class_name": "Dense", "config": {"units": 1}, "inputs": ["merged"]},
        ],
        "outputs": ["out"],
    })  # fmt: skip


@pytest.mark.parametrize("config", [{}, {"value_dim": 5, "output_shape": 9, "use_bias": False}], ids=["defaults", "value_dim-output_shape-no-bias"])
@pytest.mark.parametrize("sources", [["q"], ["q", "v"], ["q", "v", "k"]], ids=["self", "query-value", "query-value-key"])
@pytest.mark.parametrize("name", ATTENTION)
def test_every_attention_layer_is_estimated_exactly(name, sources, config):
    model_spec = keep_inputs(attention_spec(name, sources), sources)
    model_spec["nodes"][0]["config"] |= config
    found = assert_estimate_is_keras(model_spec)
    assert found.layers[0][1] == (None, 5, config.get("output_shape", 4))


@pytest.mark.parametrize("entry", list(REGISTRIES["cells"]), ids=[e.class_name for e in REGISTRIES["cells"]])
def test_every_cell_is_estimated_alone_and_stacked(entry):
    small = {"class_name": entry.class_name, "config": suggested(entry)}
    other = {"class_name": entry.class_name, "config": {**suggested(entry), "units": 5}}
    assert_estimate_is_keras(sequential([5, 3], ("RNN", {"cell": [small]}), ("Dense", {"units": 1})))
    assert_estimate_is_keras(sequential([5, 3], ("RNN", {"cell": [small, other], "return_sequences": True}), *HEAD))


TD_INPUT = {"Dense": [5, 3], "Conv1D": [4, 12, 3], "Conv2D": [3, 8, 8, 2], "MaxPooling1D": [4, 8, 2], "MaxPooling2D": [3, 8, 8, 2],
            "GlobalAveragePooling1D": [4, 8, 2], "GlobalAveragePooling2D": [3, 8, 8, 2], "Embedding": [5, 6], "Flatten": [5, 4, 3], "Reshape": [5, 16]}  # fmt: skip
TIME_DISTRIBUTED = REGISTRIES["layers"].get("TimeDistributed").param("layer").allowed
RNN_LAYERS = REGISTRIES["layers"].get("Bidirectional").param("layer").allowed

# The arguments that change a count or a shape: biases off, gates, groups, channels first, strides.
VARIANTS = {
    "dense_no_bias_3d": ([4, 6], ("Dense", {"units": 5, "use_bias": False})),
    "conv1d_groups_same_strided": ([12, 4], ("Conv1D", {"filters": 6, "kernel_size": 3, "groups": 2, "padding": "same", "strides": 2})),
    "conv1d_causal_dilated": ([12, 3], ("Conv1D", {"filters": 4, "kernel_size": 3, "padding": "causal", "dilation_rate": 2})),
    "conv2d_channels_first_no_bias": ([2, 8, 8], ("Conv2D", {"filters": 3, "kernel_size": [3, 2], "data_format": "channels_first", "use_bias": False})),
    "conv3d_groups": ([5, 5, 5, 4], ("Conv3D", {"filters": 2, "kernel_size": [2, 2, 2], "groups": 2})),
    "separable1d_multiplier": ([12, 3], ("SeparableConv1D", {"filters": 5, "kernel_size": 3, "depth_multiplier": 2, "use_bias": False})),
    "separable2d_channels_first": ([3, 8, 8], ("SeparableConv2D", {"filters": 4, "kernel_size": [3, 3], "depth_multiplier": 3, "data_format": "channels_first"})),
    "depthwise_multiplier_no_bias": ([8, 8, 3], ("DepthwiseConv2D", {"kernel_size": [3, 3], "depth_multiplier": 2, "use_bias": False})),
    "transpose_strided": ([5, 5, 3], ("Conv2DTranspose", {"filters": 4, "kernel_size": [3, 3], "strides": [2, 2], "output_padding": [1, 1]})),
    "locally1d_strided_no_bias": ([11, 3], ("LocallyConnected1D", {"filters": 4, "kernel_size": 3, "strides": 2, "use_bias": False})),
    "locally2d_strided": ([7, 6, 2], ("LocallyConnected2D", {"filters": 3, "kernel_size": [2, 3], "strides": [2, 1]})),
    "batchnorm_plain_axis1": ([4, 6], ("BatchNormalization", {"axis": 1, "center": False, "scale": False})),
    "batchnorm_scale_only": ([4, 6], ("BatchNormalization", {"center": False})),
    "prelu_shared": ([4, 5, 3], ("PReLU", {"shared_axes": [1, 2]})),
    "simple_rnn_no_bias_sequences": ([5, 3], ("SimpleRNN", {"units": 4, "use_bias": False, "return_sequences": True})),
    "gru_reset_before": ([5, 3], ("GRU", {"units": 4, "reset_after": False})),
    "gru_no_bias": ([5, 3], ("GRU", {"units": 4, "use_bias": False})),
    "lstm_no_bias_sequences": ([5, 3], ("LSTM", {"units": 6, "use_bias": False, "return_sequences": True})),
    "conv_lstm_no_bias_sequences": ([3, 6, 6, 2], ("ConvLSTM2D", {"filters": 3, "kernel_size": [2, 2], "use_bias": False, "return_sequences": True})),
    "conv_lstm_channels_first": ([3, 2, 6, 6], ("ConvLSTM2D", {"filters": 3, "kernel_size": [3, 3], "data_format": "channels_first"})),
    "bidirectional_backward_layer_sum": ([5, 3], ("Bidirectional", {"layer": {"class_name": "LSTM", "config": {"units": 4}}, "merge_mode": "sum",
                                                                    "backward_layer": {"class_name": "LSTM", "config": {"units": 4, "go_backwards": True, "use_bias": False}}})),
    "embedding_wide": ([7], ("Embedding", {"input_dim": 50, "output_dim": 9})),
    "normalization_axis1_of_2d": ([4, 6], ("Normalization", {"axis": 1})),
    "normalization_one_mean": ([4, 6], ("Normalization", {"axis": None})),
    "normalization_given": ([3], ("Normalization", {"mean": [1.0, 2.0, 3.0], "variance": [1.0, 4.0, 9.0]})),
    "resizing_larger": ([6, 6, 3], ("Resizing", {"height": 12, "width": 10})),
    "string_lookup_multi_hot": ([3], ("StringLookup", {"max_tokens": 12, "output_mode": "multi_hot", "pad_to_max_tokens": True})),
    "text_vectorization_tf_idf": ([1], ("TextVectorization", {"max_tokens": 20, "output_mode": "tf_idf", "pad_to_max_tokens": True})),
    "discretization_one_hot": ([5], ("Discretization", {"bin_boundaries": [0.2, 0.5], "output_mode": "one_hot"})),
    "integer_lookup_vocabulary_count": ([4], ("IntegerLookup", {"vocabulary": [3, 5, 7], "output_mode": "count"})),
    "repeat_vector_large": ([6], ("RepeatVector", {"n": 40})),
    **{f"bidirectional_{name}": ([5, 3], ("Bidirectional", {"layer": {"class_name": name, "config": {"units": 4} if name != "RNN" else {"cell": [{"class_name": "GRUCell", "config": {"units": 3}}]}}}))
       for name in RNN_LAYERS},
    **{f"time_distributed_{name}": (TD_INPUT.get(name, [5, 3]), ("TimeDistributed", {"layer": {"class_name": name, "config": suggested(REGISTRIES["layers"].get(name))}}))
       for name in TIME_DISTRIBUTED},
}  # fmt: skip


@pytest.mark.parametrize("case", VARIANTS)
def test_variants_are_estimated_exactly(case):
    shape, layer = VARIANTS[case]
    dtype = "int32" if "embedding" in case.lower() or "integer" in case else "string" if "string" in case or "text" in case else "float32"
    assert_estimate_is_keras(sequential(shape, layer, *HEAD, dtype=dtype))


# Formulas for classes the catalog may take next: each checked against Keras here.
BEYOND_THE_CATALOG = {
    "Conv1DTranspose": (lambda: keras.layers.Conv1DTranspose(4, 3, strides=2), (None, 8, 3)),
    "Conv3DTranspose": (lambda: keras.layers.Conv3DTranspose(2, 2, use_bias=False), (None, 4, 4, 4, 3)),
    "DepthwiseConv1D": (lambda: keras.layers.DepthwiseConv1D(3, depth_multiplier=2), (None, 9, 3)),
    "ConvLSTM1D": (lambda: keras.layers.ConvLSTM1D(3, 2), (None, 4, 8, 2)),
    "ConvLSTM3D": (lambda: keras.layers.ConvLSTM3D(2, 2, use_bias=False), (None, 3, 4, 4, 4, 2)),
    # what the catalog's Pretrained makes: the shipped base, a loaded (built) Functional model
    "Functional": (lambda: keras.saving.load_model(BASES_FOLDER / "digits_features.keras", safe_mode=True), (None, 8, 8, 1)),
}


def test_every_formula_beyond_the_catalog_is_keras_too():
    catalog = {e.class_name for e in REGISTRIES["layers"]}
    assert set(params.PARAMS) - catalog == set(BEYOND_THE_CATALOG)
    for name, (make, shape) in BEYOND_THE_CATALOG.items():
        layer = make()
        estimated, out = params.layer_params(layer, shape), params.output_shape(layer, shape, None)
        symbolic = layer(keras.KerasTensor(shape))
        assert (estimated, out) == (layer.count_params(), params._plain(symbolic.shape)), name


def test_a_shared_layer_is_counted_once_and_its_outputs_each_seen():
    found = assert_estimate_is_keras({
        "kind": "functional",
        "inputs": [{"name": "a", "shape": [4]}, {"name": "b", "shape": [6, 4]}],
        "nodes": [
            {"name": "shared", "class_name": "Dense", "config": {"units": 3}, "inputs": ["a"]},
            {"name": "again", "reuse": "shared", "inputs": ["b"]},
            {"name": "flat", "class_name": "Flatten", "config": {}, "inputs": ["again"]},
            {"name": "joined", "class_name": "Concatenate", "config": {}, "inputs": ["shared", "flat"]},
        ],
        "outputs": ["joined"],
    })  # fmt: skip
    assert found.params == 4 * 3 + 3 and found.largest == 21


class Scale(keras.layers.Layer):
    """A layer that can say its output shape only once built (Keras traces its call)."""

    def build(self, input_shape):
        self.factor = self.add_weight(shape=(input_shape[-1],))

    def call(self, x):
        return x * self.factor


def test_a_layer_that_needs_building_for_its_shape_is_built_alone_only_when_small():
    layer = Scale()
    with pytest.raises(NotImplementedError):  # Keras cannot say it unbuilt
        layer.compute_output_shape((None, 3, 4))
    assert params.output_shape(layer, (None, 3, 4), params=4) == (None, 3, 4)
    assert not layer.built  # a twin was built, not the model's layer
    assert params.output_shape(layer, (None, 3, 4), params=params.SMALL_ENOUGH_TO_BUILD + 1) is None
    assert params.output_shape(layer, (None, 3, 4), params=None) is None


def test_over_the_limits_nothing_is_built():
    huge = sequential([4096, 100], ("Flatten", {}), ("Dense", {"units": 1000}))
    started = time.monotonic()
    with pytest.raises(BuildError) as refused:
        build_model(huge, Limits(max_params=5_000_000, batch_size=8192, batch_at=("fit", "batch_size")))
    assert time.monotonic() - started < 0.5
    [params_issue, batch_issue] = refused.value.issues
    assert params_issue == {"loc": ["model", "layers"], "code": "too_many_params", "ctx": {"max": "5,000,000", "count": "409,601,000"}}
    assert batch_issue["loc"] == ["fit", "batch_size"] and batch_issue["code"] == "too_large_activation"
    assert batch_issue["ctx"] | {"at": None} == {"max": "1 GiB", "batch_size": 8192, "values": "409,600", "size": "12.5 GiB", "at": None}
    assert batch_issue["ctx"]["at"] == {"en": "the output of layer 1, Flatten", "zh": "第 1 层 Flatten 的输出"}
    # under them, the same layers build
    assert build_model(sequential([64, 10], ("Flatten", {}), ("Dense", {"units": 10})), Limits(5_000_000, 8192)).count_params() == 6410


def test_the_reported_model_is_refused_quickly_without_the_memory(server):
    """Input (4096, 100) → Flatten → Dense(1000): 409,601,000 weights, 1.6 GB of them."""
    inspectors = [psutil.Process(pid) for pid in server.get("/api/health").json()["inspector"]["pids"]]  # whichever answers
    before = sum(p.memory_info().rss for p in inspectors)
    started = time.monotonic()
    reply = server.post("/api/inspect", json={"model": sequential([4096, 100], *HEAD[:1], ("Dense", {"units": 1000}))})
    seconds = time.monotonic() - started
    grown = (sum(p.memory_info().rss for p in inspectors) - before) / 2**20
    assert reply.status_code == 422
    assert reply.json()["detail"] == [{"loc": ["body", "model", "layers"], "type": "too_many_params",
                                       "msg": "expected a model with at most 5,000,000 parameters; received one with 409,601,000"}]  # fmt: skip
    assert seconds < 1.0, seconds
    assert grown < 100, f"the inspector grew by {grown:.0f} MB"


def test_a_batch_too_large_for_the_activations_is_refused_at_the_batch_size(server):
    """(20,) → Dense(4096) → RepeatVector(64): 262,144 values a sample, 8 GiB a batch of 8192."""
    big = spec(batch_size=8192)
    big["model"]["layers"] = [
        {"class_name": "Dense", "config": {"units": 4096}},
        {"class_name": "RepeatVector", "config": {"n": 64}},
        {"class_name": "GlobalAveragePooling1D", "config": {}},
        {"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}},
    ]
    reply = server.post("/api/runs", json=big)
    if reply.status_code == 201:
        server.post(f"/api/runs/{reply.json()['id']}/cancel")
    assert reply.status_code == 422, f"accepted ({reply.text}): the inspector sees fit.batch_size only when app/inspection.py sends the spec's fit"
    assert [e["loc"] for e in reply.json()["detail"]] == [["body", "fit", "batch_size"]]
    [error] = reply.json()["detail"]
    assert error["type"] == "too_large_activation"
    assert error["msg"] == (
        "expected the largest layer output of one batch (batch_size × values per sample × 4 bytes) to take at most 1 GiB; "
        "received 8192 × 262,144 × 4 bytes = 8 GiB, for the output of layer 2, RepeatVector: lower the batch size or make that output smaller"
    )
    zh = server.post("/api/runs?lang=zh", json=big).json()["detail"][0]["msg"]
    assert zh.startswith("一个批次中最大的层输出") and "（第 2 层 RepeatVector 的输出）" in zh
    assert server.get("/api/health").json()["queued"] == 0
