"""One harness over the catalog: every entry is real Keras (or the app's own
registered layer), with Keras's own defaults and required arguments, and
every layer builds in a small model and trains one step."""

from __future__ import annotations

import inspect

import keras
import numpy as np
import pytest

from app import keras_ext
from app.catalog import REGISTRIES
from app.catalog.common import (
    ACTIVATIONS,
    CONSTRAINTS,
    EMBEDDING_INITIALIZERS,
    INITIALIZERS,
    LAMBDA_ARGUMENTS,
    REGULARIZERS,
)
from app.catalog.layers import FUNCTIONAL_ONLY, MERGE
from app.keras_ext.lambdas import LAMBDA_ARGUMENTS as IMPLEMENTED_LAMBDAS
from app.keras_ext.schedules import EPOCH_SCHEDULES
from app.worker import adapt
from app.worker.build import build_model, compile_model
from app.worker.construct import MODULES

ENTRIES = [(kind, e) for kind, reg in REGISTRIES.items() for e in reg]
BASE_LAYER_ARGS = {"name": None, "trainable": True}


def keras_callable(kind: str, entry):
    if kind == "epoch_schedules":
        return EPOCH_SCHEDULES[entry.class_name]
    if entry.source == "app":
        made = getattr(keras_ext, entry.class_name)
        return made if inspect.isfunction(made) else made.__init__  # Pretrained loads a model: a function
    return getattr(MODULES[kind], entry.class_name).__init__


def plain(value):
    return [plain(v) for v in value] if isinstance(value, list | tuple) else value


@pytest.mark.parametrize(("kind", "entry"), ENTRIES, ids=[f"{k}.{e.class_name}" for k, e in ENTRIES])
def test_entry_matches_the_keras_signature(kind, entry):
    signature = inspect.signature(keras_callable(kind, entry)).parameters
    given = {p.name for p in entry.params} | {name for name, _ in entry.fixed}
    for param in entry.params:
        if param.name in entry.app_args:  # the app's own setting (adapt), never passed to Keras
            assert param.name not in signature, f"{entry.class_name}.{param.name} is a Keras argument"
            continue
        if kind in ("layers", "cells") and param.name in BASE_LAYER_ARGS and param.name not in signature:
            assert param.default == BASE_LAYER_ARGS[param.name]
            continue
        assert param.name in signature, f"{entry.class_name} has no argument {param.name}"
        keras_default = signature[param.name].default
        assert param.required == (keras_default is inspect.Parameter.empty), f"{entry.class_name}.{param.name} required?"
        if not param.required:
            assert plain(param.default) == plain(keras_default), f"{entry.class_name}.{param.name}: catalog {param.default!r}, Keras {keras_default!r}"
    missing = [n for n, p in signature.items() if p.default is inspect.Parameter.empty and n != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL) and n not in given]
    assert not missing, f"{entry.class_name}: Keras requires {missing}, which the catalog neither asks for nor fixes"


def test_every_choice_is_one_keras_knows():
    for name in ACTIVATIONS:
        keras.activations.get(name)
    for name in {*INITIALIZERS, *EMBEDDING_INITIALIZERS, "Zeros", "Ones"}:
        keras.initializers.get(name)
    for name in REGULARIZERS:
        keras.regularizers.get(name)
    for name in CONSTRAINTS:
        keras.constraints.get(name)
    for entry in REGISTRIES["optimizers"]:
        for alias in entry.aliases:
            assert type(keras.optimizers.get(alias)).__name__ == entry.class_name
    for entry in REGISTRIES["losses"]:
        for alias in entry.aliases:
            keras.losses.get(alias)
    for entry in REGISTRIES["metrics"]:
        for alias in entry.aliases:
            assert type(keras.metrics.get(alias)).__name__ == entry.class_name, alias
    assert LAMBDA_ARGUMENTS == IMPLEMENTED_LAMBDAS


def suggested(entry) -> dict:
    """What the form puts in a new object: its required arguments at their suggested values."""
    return {p.name: p.default for p in entry.params if p.required}


# An input each layer accepts with its suggested arguments (default: 8 features).
HARNESS_INPUT = {
    "Reshape": [16], "Permute": [4, 3], "Flatten": [4, 3], "RepeatVector": [8], "Masking": [5, 3], "Embedding": [6],
    "Conv1D": [12, 3], "Conv2D": [8, 8, 2], "Conv3D": [6, 6, 6, 2], "SeparableConv1D": [12, 3], "SeparableConv2D": [8, 8, 2],
    "DepthwiseConv2D": [8, 8, 2], "Conv2DTranspose": [6, 6, 2], "LocallyConnected1D": [10, 3], "LocallyConnected2D": [6, 6, 2],
    "Cropping1D": [8, 2], "Cropping2D": [8, 8, 2], "Cropping3D": [6, 6, 6, 2],
    "UpSampling1D": [4, 2], "UpSampling2D": [4, 4, 2], "UpSampling3D": [3, 3, 3, 2],
    "ZeroPadding1D": [4, 2], "ZeroPadding2D": [4, 4, 2], "ZeroPadding3D": [3, 3, 3, 2],
    "SimpleRNN": [5, 3], "GRU": [5, 3], "LSTM": [5, 3], "RNN": [5, 3], "Bidirectional": [5, 3], "TimeDistributed": [5, 3],
    "ConvLSTM2D": [3, 6, 6, 1], "SpatialDropout1D": [6, 3], "SpatialDropout2D": [6, 6, 2], "SpatialDropout3D": [4, 4, 4, 2],
    "MaxPooling1D": [8, 2], "MaxPooling2D": [8, 8, 2], "MaxPooling3D": [4, 4, 4, 2],
    "AveragePooling1D": [8, 2], "AveragePooling2D": [8, 8, 2], "AveragePooling3D": [4, 4, 4, 2],
    "GlobalMaxPooling1D": [8, 2], "GlobalMaxPooling2D": [8, 8, 2], "GlobalMaxPooling3D": [4, 4, 4, 2],
    "GlobalAveragePooling1D": [8, 2], "GlobalAveragePooling2D": [8, 8, 2], "GlobalAveragePooling3D": [4, 4, 4, 2],
    "Lambda": [8],
    **dict.fromkeys(("RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast", "Resizing"), [8, 8, 2]),
    "TextVectorization": [1], "StringLookup": [1],
    "Pretrained": [8, 8, 1],  # what its base takes
}
INT_INPUTS = {"Embedding", "IntegerLookup", "CategoryEncoding"}
STRING_INPUTS = {"TextVectorization", "StringLookup"}
# Arguments beyond the required ones that a layer needs to build, and to end in a fixed shape a Flatten takes.
HARNESS_CONFIG = {"TextVectorization": {"output_sequence_length": 4}, "Discretization": {"num_bins": 4}, "CategoryEncoding": {"num_tokens": 10}}
SEQUENTIAL_LAYERS = [e for e in REGISTRIES["layers"] if e.class_name not in FUNCTIONAL_ONLY]
ATTENTION = [e.class_name for e in REGISTRIES["layers"] if e.call == "args"]


def attention_spec(name: str, sources: list[str]) -> dict:
    """A functional model that calls `name` on a query (5 steps) and a value/key (7 steps) of other widths."""
    return {
        "kind": "functional",
        "inputs": [{"name": "q", "shape": [5, 4]}, {"name": "v", "shape": [7, 6]}, {"name": "k", "shape": [7, 3]}],
        "nodes": [
            {"name": "att", "class_name": name, "config": suggested(REGISTRIES["layers"].get(name)), "inputs": sources},
            {"name": "flat", "class_name": "Flatten", "config": {}, "inputs": ["att"]},
            {"name": "out", "class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}, "inputs": ["flat"]},
        ],
        "outputs": ["out"],
    }


def keep_inputs(model_spec: dict, names: list[str]) -> dict:
    return model_spec | {"inputs": [i for i in model_spec["inputs"] if i["name"] in names]}


def harness_layer(entry) -> tuple[list[int], str, dict]:
    """(input shape, input dtype, config) the harness gives each layer."""
    dtype = "int32" if entry.class_name in INT_INPUTS else "string" if entry.class_name in STRING_INPUTS else "float32"
    return HARNESS_INPUT.get(entry.class_name, [8]), dtype, suggested(entry) | HARNESS_CONFIG.get(entry.class_name, {})


def batch(shape: list[int], dtype: str = "float32", rows: int = 8) -> np.ndarray:
    """A batch of random inputs: numbers, ids 0…9, or short texts of such words."""
    rng = np.random.default_rng(0)
    if dtype == "string":
        return np.array([" ".join(f"w{i}" for i in rng.integers(0, 10, 3)) for _ in range(rows * int(np.prod(shape)))]).reshape(rows, *shape)
    return rng.integers(0, 10, (rows, *shape)) if dtype == "int32" else rng.random((rows, *shape), dtype=np.float32)


def train_one_step(model, shapes: list[list[int]], ints: bool = False, xs: list | None = None) -> float:
    compile_model(model, {"optimizer": "adam", "loss": "binary_crossentropy", "metrics": ["accuracy"]})
    xs = xs if xs is not None else [batch(s, "int32" if ints else "float32") for s in shapes]
    loss, _ = model.train_on_batch(xs if len(xs) > 1 else xs[0], np.ones((8, 1), np.float32))
    return float(loss)


@pytest.mark.parametrize("entry", SEQUENTIAL_LAYERS, ids=[e.class_name for e in SEQUENTIAL_LAYERS])
def test_every_layer_builds_and_trains_one_step(entry):
    shape, dtype, config = harness_layer(entry)
    layers = [
        {"class_name": entry.class_name, "config": config},
        {"class_name": "Flatten", "config": {}},
        {"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}},
    ]
    model_spec = {"input": {"shape": shape, "dtype": dtype}, "layers": layers}
    model = build_model(model_spec)
    x = batch(shape, dtype)
    adapt.adapt(model, model_spec, x)  # as the worker does before fit, for the layers that learn from data
    assert np.isfinite(train_one_step(model, [shape], xs=[x]))


@pytest.mark.parametrize("name", MERGE)
def test_every_merge_layer_builds_and_trains_one_step(name):
    entry = REGISTRIES["layers"].get(name)
    model_spec = {
        "kind": "functional",
        "inputs": [{"name": "a", "shape": [4]}, {"name": "b", "shape": [4]}],
        "nodes": [
            {"name": "left", "class_name": "Dense", "config": {"units": 3}, "inputs": ["a"]},
            {"name": "right", "class_name": "Dense", "config": {"units": 3}, "inputs": ["b"]},
            {"name": "merged", "class_name": name, "config": suggested(entry), "inputs": ["left", "right"]},
            {"name": "flat", "class_name": "Flatten", "config": {}, "inputs": ["merged"]},
            {"name": "out", "class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}, "inputs": ["flat"]},
        ],
        "outputs": ["out"],
    }
    model = build_model(model_spec)
    assert np.isfinite(train_one_step(model, [[4], [4]]))


@pytest.mark.parametrize("sources", [["q"], ["q", "v"], ["q", "v", "k"]], ids=["self", "query-value", "query-value-key"])
@pytest.mark.parametrize("name", ATTENTION)
def test_every_attention_layer_builds_and_trains_on_one_two_and_three_tensors(name, sources):
    model_spec = keep_inputs(attention_spec(name, sources), sources)
    model = build_model(model_spec)
    att = model.get_layer("att")
    assert att.output.shape == (None, 5, 4)  # the query's steps and width
    shapes = {"q": [5, 4], "v": [7, 6], "k": [7, 3]}
    called_on = sources if len(sources) > 1 else sources * 2  # one tensor: query and value (self-attention)
    assert [tuple(t.shape) for t in att._inbound_nodes[0].input_tensors] == [(None, *shapes[s]) for s in called_on]
    assert np.isfinite(train_one_step(model, [shapes[s] for s in sources]))


@pytest.mark.parametrize("entry", list(REGISTRIES["cells"]), ids=[e.class_name for e in REGISTRIES["cells"]])
def test_every_cell_runs_in_an_rnn_alone_and_stacked(entry):
    cell = {"class_name": entry.class_name, "config": suggested(entry)}
    layers = [{"class_name": "RNN", "config": {"cell": [cell, cell]}}, {"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}}]
    assert np.isfinite(train_one_step(build_model({"input": {"shape": [5, 3]}, "layers": layers}), [[5, 3]]))


@pytest.mark.parametrize("entry", list(REGISTRIES["optimizers"]), ids=[e.class_name for e in REGISTRIES["optimizers"]])
@pytest.mark.parametrize("schedule", [None, *REGISTRIES["schedules"]], ids=lambda s: getattr(s, "class_name", "constant"))
def test_every_optimizer_with_every_schedule_takes_a_step(entry, schedule):
    config = {} if schedule is None else {"learning_rate": {"class_name": schedule.class_name, "config": suggested(schedule)}}
    model = build_model({"input": {"shape": [4]}, "layers": [{"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}}]})
    compile_model(model, {"optimizer": {"class_name": entry.class_name, "config": config}, "loss": "binary_crossentropy"})
    x = np.random.default_rng(0).random((8, 4), dtype=np.float32)
    before = [w.numpy().copy() for w in model.trainable_weights]
    model.train_on_batch(x, np.ones((8, 1), np.float32))
    assert any(not np.allclose(b, w.numpy()) for b, w in zip(before, model.trainable_weights, strict=True))


@pytest.mark.parametrize("entry", list(REGISTRIES["losses"]), ids=[e.class_name for e in REGISTRIES["losses"]])
def test_every_loss_and_metric_compiles_and_trains(entry):
    model = build_model({"input": {"shape": [4]}, "layers": [{"class_name": "Dense", "config": {"units": 3, "activation": "softmax"}}]})
    metrics = [{"class_name": m.class_name, "config": {}} for m in REGISTRIES["metrics"] if m.class_name not in ("SparseCategoricalAccuracy", "SparseTopKCategoricalAccuracy")]
    compile_model(model, {"optimizer": "adam", "loss": {"class_name": entry.class_name, "config": {}}, "metrics": metrics})
    y = np.eye(3, dtype=np.float32)[np.arange(8) % 3]
    if entry.class_name == "SparseCategoricalCrossentropy":
        compile_model(model, {"optimizer": "adam", "loss": "sparse_categorical_crossentropy", "metrics": ["sparse_categorical_accuracy", {"class_name": "SparseTopKCategoricalAccuracy", "config": {"k": 2}}]})
        y = np.arange(8) % 3
    logs = model.train_on_batch(np.random.default_rng(0).random((8, 4), dtype=np.float32), y, return_dict=True)
    assert np.isfinite(logs["loss"])


@pytest.mark.parametrize("entry", list(REGISTRIES["callbacks"]), ids=[e.class_name for e in REGISTRIES["callbacks"]])
def test_every_callback_runs_in_a_fit(entry, tmp_path):
    from app.worker.build import make_callbacks

    callbacks = make_callbacks([{"class_name": entry.class_name, "config": suggested(entry)}], str(tmp_path))
    model = build_model({"input": {"shape": [4]}, "layers": [{"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}}]})
    compile_model(model, {"optimizer": "adam", "loss": "binary_crossentropy"})
    x = np.random.default_rng(0).random((32, 4), dtype=np.float32)
    history = model.fit(x, np.ones((32, 1), np.float32), epochs=2, validation_split=0.25, verbose=0, callbacks=callbacks)
    assert len(history.history["loss"]) >= 1
    if entry.class_name == "CSVLogger":
        assert (tmp_path / "history.csv").read_text().splitlines()[0].startswith("epoch")
    if entry.class_name == "ModelCheckpoint":
        assert (tmp_path / "checkpoint.keras").is_file()
