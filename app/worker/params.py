"""What a spec's model will cost, read from shapes before any weight exists:
its parameter count and its largest activation (values per sample).

Keras allocates and initialises every weight when it builds a layer: a
Flatten → Dense(1000) on a 4096 × 100 input held the inspector for 8 s and
5 GB before its count could be read. Here each layer object is only
constructed (construction allocates nothing), its output shape comes from
`compute_output_shape`, and its weights are counted with the formulas of
`PARAMS`, so the worker can refuse a model over its limits before building
it. tests/integration/test_params_estimate.py checks every catalog layer's
count and output shape against Keras's own.

An input axis left open (None: `keras.Input(shape=(None, 2))`) stays None in
the shapes the weights are counted from, as in Keras; the largest activation
is measured with the size the data set gives that axis (`data_sizes`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from numbers import Integral
from typing import Any

import keras

from app.catalog import REGISTRIES
from app.datasets import DATASETS
from app.i18n import T
from app.worker.construct import construct

BYTES_PER_VALUE = 4  # float32, what Keras computes in
# Largest batch × activation a worker accepts: the biggest layer output of one
# batch, before its gradient and the next layer's copies.
MAX_ACTIVATION_BYTES = 2**30
# A layer that cannot compute its output shape unbuilt is built alone (on a
# twin) to read it, when its weights are at most this many (~0.4 MB).
SMALL_ENOUGH_TO_BUILD = 100_000

Shape = tuple  # (None, 4, 3); a layer with several outputs gives a tuple of them


def _size(dims) -> int:
    return math.prod(int(d) for d in dims)


def _bias(layer, n: int) -> int:
    return n if layer.use_bias else 0


def _channels(layer, shape: Shape) -> int:
    return shape[1] if layer.data_format == "channels_first" else shape[-1]


def _dense(layer, shape: Shape) -> int:
    return shape[-1] * layer.units + _bias(layer, layer.units)


def _conv(layer, shape: Shape) -> int:
    return _size(layer.kernel_size) * (_channels(layer, shape) // layer.groups) * layer.filters + _bias(layer, layer.filters)


def _conv_transpose(layer, shape: Shape) -> int:
    return _size(layer.kernel_size) * _channels(layer, shape) * layer.filters + _bias(layer, layer.filters)


def _separable(layer, shape: Shape) -> int:
    depth = _channels(layer, shape) * layer.depth_multiplier
    return _size(layer.kernel_size) * depth + depth * layer.filters + _bias(layer, layer.filters)


def _depthwise(layer, shape: Shape) -> int:
    depth = _channels(layer, shape) * layer.depth_multiplier
    return _size(layer.kernel_size) * depth + _bias(layer, depth)


def _locally_connected(layer, shape: Shape) -> int:
    positions = _size(layer.compute_output_shape(shape)[1:-1])  # a kernel and a bias at each
    return positions * _size(layer.kernel_size) * shape[-1] * layer.filters + _bias(layer, positions * layer.filters)


def _embedding(layer, shape: Shape) -> int:
    return layer.input_dim * layer.output_dim


def _batch_normalization(layer, shape: Shape) -> int:
    axes = layer.axis if isinstance(layer.axis, list | tuple) else [layer.axis]
    features = _size(shape[a] for a in axes)
    return features * (2 + layer.center + layer.scale)  # moving mean and variance, then beta and gamma


def _prelu(layer, shape: Shape) -> int:
    alpha = list(shape[1:])
    for axis in layer.shared_axes or ():
        alpha[axis - 1] = 1
    return _size(alpha)


GATES = {"SimpleRNNCell": 1, "GRUCell": 3, "LSTMCell": 4, "MinimalRNNCell": 1}


def _cell(cell, features: int) -> int:
    gates, units = GATES[type(cell).__name__], cell.units
    bias = gates * units * (2 if getattr(cell, "reset_after", False) else 1) if getattr(cell, "use_bias", False) else 0
    return gates * (features * units + units * units) + bias


def _recurrent(layer, shape: Shape) -> int:
    """SimpleRNN, GRU, LSTM and RNN: their cells, each fed the one before."""
    total, features = 0, shape[-1]
    for cell in getattr(layer.cell, "cells", [layer.cell]):
        total += _cell(cell, features)
        features = cell.units
    return total


def _conv_lstm(layer, shape: Shape) -> int:
    cell = layer.cell
    channels = shape[2] if cell.data_format == "channels_first" else shape[-1]
    window = _size(cell.kernel_size)
    return 4 * window * cell.filters * (channels + cell.filters) + _bias(cell, 4 * cell.filters)


def _bidirectional(layer, shape: Shape) -> int:
    return layer_params(layer.forward_layer, shape) + layer_params(layer.backward_layer, shape)


def _normalization(layer, shape: Shape) -> int:
    """Mean and variance per position of the kept axes, and adapt's count; none when given."""
    if layer.input_mean is not None:
        return 0
    return 2 * _size(shape[a] for a in layer.axis) + 1


def _multi_head_attention(layer, shape: Shape) -> int:
    """Query, key and value projections to each head, and the output projection back."""
    query, value, key = (*shape, shape[-1])[:3] if _several(shape) else (shape, shape, shape)
    heads, key_dim = layer.num_heads, layer.key_dim
    value_dim = layer.value_dim or key_dim
    out = layer._output_shape or query[-1]
    out = _size(out) if isinstance(out, list | tuple) else out
    bias = layer.use_bias
    return (
        query[-1] * heads * key_dim + bias * heads * key_dim
        + key[-1] * heads * key_dim + bias * heads * key_dim
        + value[-1] * heads * value_dim + bias * heads * value_dim
        + heads * value_dim * out + bias * out
    )


def _layer_normalization(layer, shape: Shape) -> int:
    axes = layer.axis if isinstance(layer.axis, list | tuple) else [layer.axis]
    return _size(shape[a] for a in axes) * (layer.center + layer.scale)


def _time_distributed(layer, shape: Shape) -> int:
    return layer_params(layer.layer, (shape[0], *shape[2:]))


# Weights of each layer class that has some, from the layer object and its input shape.
PARAMS = {
    "Dense": _dense, "Embedding": _embedding, "BatchNormalization": _batch_normalization, "PReLU": _prelu,
    "Conv1D": _conv, "Conv2D": _conv, "Conv3D": _conv, "Conv1DTranspose": _conv_transpose, "Conv2DTranspose": _conv_transpose,
    "Conv3DTranspose": _conv_transpose, "SeparableConv1D": _separable, "SeparableConv2D": _separable,
    "DepthwiseConv1D": _depthwise, "DepthwiseConv2D": _depthwise,
    "LocallyConnected1D": _locally_connected, "LocallyConnected2D": _locally_connected,
    "SimpleRNN": _recurrent, "GRU": _recurrent, "LSTM": _recurrent, "RNN": _recurrent,
    "ConvLSTM1D": _conv_lstm, "ConvLSTM2D": _conv_lstm, "ConvLSTM3D": _conv_lstm,
    "Bidirectional": _bidirectional, "TimeDistributed": _time_distributed, "Normalization": _normalization,
    "MultiHeadAttention": _multi_head_attention, "LayerNormalization": _layer_normalization,
    # A pretrained base (lesson 49) is a loaded model, built already: the catalog's
    # Pretrained makes a Functional.
    **dict.fromkeys(("Pretrained", "Functional"), lambda layer, shape: layer.count_params()),
}  # fmt: skip
# Layer classes with no weights at all.
WEIGHTLESS = frozenset({
    "Activation", "Dropout", "Flatten", "Reshape", "Permute", "RepeatVector", "Lambda", "ActivityRegularization", "Masking",
    "GaussianNoise", "GaussianDropout", "AlphaDropout", "LeakyReLU", "ELU", "ReLU", "Softmax", "ThresholdedReLU",
    "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot",
    "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast", "Rescaling", "Resizing",
    "Discretization", "CategoryEncoding", "TextVectorization", "StringLookup", "IntegerLookup",
    *(f"{family}{n}D" for n in (1, 2, 3) for family in (
        "SpatialDropout", "Cropping", "UpSampling", "ZeroPadding", "MaxPooling", "AveragePooling", "GlobalMaxPooling", "GlobalAveragePooling")),
})  # fmt: skip


def layer_params(layer: keras.layers.Layer, shape: Shape) -> int:
    """The weights `layer` will have on an input of `shape`; KeyError for a class
    with no formula here."""
    name = type(layer).__name__
    return 0 if name in WEIGHTLESS else PARAMS[name](layer, shape)


def _plain(shape: Any) -> Shape:
    """A shape (or a tuple of them, for several outputs) of ints and None."""
    if isinstance(shape, list | tuple) and all(d is None or isinstance(d, Integral) for d in shape):
        return tuple(None if d is None else int(d) for d in shape)
    return tuple(_plain(s) for s in shape)


def _several(shape: Shape) -> bool:
    return bool(shape) and isinstance(shape[0], tuple)


def _spread(layer: keras.layers.Layer) -> bool:
    """Whether the layer takes its tensors as separate arguments (attention: query, value, key)."""
    entry = REGISTRIES["layers"].get(type(layer).__name__)
    return entry is not None and entry.call == "args"


def output_shape(layer: keras.layers.Layer, shape: Shape, params: int | None) -> Shape | None:
    """The shape of `layer`'s output, without building it when Keras can say;
    otherwise a twin of a small layer is built alone; None when unknown."""
    spread = _spread(layer)
    try:
        if spread:
            return _plain(layer.compute_output_shape(*shape))
        return _plain(layer.compute_output_shape(list(shape) if _several(shape) else shape))
    except Exception:  # noqa: BLE001 - Keras says why when it builds the model
        if params is None or params > SMALL_ENOUGH_TO_BUILD:
            return None
    try:
        twin = type(layer).from_config(layer.get_config())
        if spread:
            out = twin(*[keras.KerasTensor(s) for s in shape])
        else:
            out = twin([keras.KerasTensor(s) for s in shape] if _several(shape) else keras.KerasTensor(shape))
        return _plain([o.shape for o in out] if isinstance(out, list | tuple) else out.shape)
    except Exception:  # noqa: BLE001
        return None


@dataclass
class Estimate:
    """A model's cost before building: `params` counts the layers whose count is
    known (`unknown` names the others); `largest` is the values per sample of
    the largest layer output, at `largest_at`."""

    params: int = 0
    unknown: list[str] = field(default_factory=list)
    largest: int = 0
    largest_at: T = field(default_factory=lambda: T("the model", "模型"))
    layers: list[tuple[int | None, Shape | None]] = field(default_factory=list)  # (params, output shape) of each layer or node
    _counted: set[int] = field(default_factory=set, repr=False)

    def see(self, shape: Shape, where: T) -> None:
        for one in shape if _several(shape) else (shape,):
            if None not in one[1:] and _size(one[1:]) > self.largest:
                self.largest, self.largest_at = _size(one[1:]), where

    def apply(self, layer: keras.layers.Layer, shape: Shape | None, where: T) -> Shape | None:
        """`layer` called on `shape`: its weights counted once (a shared layer has one set), its output seen."""
        params = None
        if shape is not None:
            try:
                params = layer_params(layer, shape)
            except Exception:  # noqa: BLE001 - no formula, or a shape Keras will refuse
                params = None
        if id(layer) not in self._counted:
            self._counted.add(id(layer))
            if params is None:
                self.unknown.append(layer.name)
            else:
                self.params += params
        out = None if shape is None else output_shape(layer, shape, params)
        if out is not None:
            self.see(out, where)
        self.layers.append((params, out))
        return out


Sizes = dict[str, tuple[int, ...]]  # the data's sample shape of each model input, by input name ("input": a Sequential model's)


def _sized(walk: Callable[[dict[str, Shape]], Estimate], declared: dict[str, Shape], sizes: Sizes | None) -> Estimate:
    """walk(declared): the weights and output shapes Keras will have. An input
    axis left open (None, e.g. the time steps of (None, 2)) has no size there,
    so the largest activation is read from a second walk on the data's sizes:
    the size that axis has in training, which the memory limit is about."""
    found = walk(declared)
    filled = {name: _filled(shape, (sizes or {}).get(name)) for name, shape in declared.items()}
    if filled != declared:
        measured = walk(filled)
        found.largest, found.largest_at = measured.largest, measured.largest_at
    return found


def _filled(shape: Shape, size: tuple[int, ...] | None) -> Shape:
    if size is None or len(size) != len(shape) - 1:
        return shape  # no data, or data of another shape (a problem reported on its own)
    return (None, *(s if d is None else d for d, s in zip(shape[1:], size, strict=True)))


def sequential(model: dict[str, Any], layers: list[keras.layers.Layer], sizes: Sizes | None = None) -> Estimate:
    """The estimate for a Sequential spec whose layers are `layers` (constructed, unbuilt);
    `sizes`: the data's sample shape, for an input axis left open (see `_sized`)."""

    def walk(inputs: dict[str, Shape]) -> Estimate:
        found, shape = Estimate(), inputs["input"]
        for i, layer in enumerate(layers):
            cls = type(layer).__name__
            shape = found.apply(layer, shape, T(f"the output of layer {i + 1}, {cls}", f"第 {i + 1} 层 {cls} 的输出"))
        return found

    return _sized(walk, {"input": (None, *model["input"]["shape"])}, sizes)


def functional(model: dict[str, Any], layers: dict[str, keras.layers.Layer], sizes: Sizes | None = None) -> Estimate:
    """The estimate for a functional spec; `layers` holds each new node's layer by node name;
    `sizes`: the data's sample shape of each input, for an axis left open (see `_sized`)."""

    def walk(inputs: dict[str, Shape]) -> Estimate:
        found = Estimate()
        shapes: dict[str, Shape | None] = dict(inputs)
        for node in model["nodes"]:
            layer = layers[node.get("reuse") or node["name"]]
            args = [shapes.get(name) for name in node["inputs"]]
            entry = REGISTRIES["layers"].get(type(layer).__name__)
            if entry is not None:
                args, _ = entry.call_with(args)  # as the worker calls it (self-attention: query and value)
            shape = None if None in args else tuple(args) if len(args) > 1 else args[0]
            where = T(f"the output of node {node['name']}, {type(layer).__name__}", f"节点 {node['name']}（{type(layer).__name__}）的输出")
            shapes[node["name"]] = found.apply(layer, shape, where)
        return found

    return _sized(walk, {i["name"]: (None, *i["shape"]) for i in model["inputs"]}, sizes)


def estimate(model: dict[str, Any], sizes: Sizes | None = None) -> Estimate:
    """The estimate for a checked spec's model, constructing its layers here."""
    if model.get("kind") == "functional":
        made = {n["name"]: construct("layers", {"class_name": n["class_name"], "config": {**n["config"], "name": n["name"]}}) for n in model["nodes"] if not n.get("reuse")}
        return functional(model, made, sizes)
    return sequential(model, [construct("layers", ref) for ref in model["layers"]], sizes)


def data_sizes(spec: dict[str, Any]) -> Sizes:
    """The sample shape the spec's data set gives each model input (keyed as
    `sequential` and `functional` take it); empty without a data set."""
    ds = spec.get("dataset")
    dataset = DATASETS.get(ds["name"]) if ds else None
    if dataset is None:
        return {}
    try:
        inputs, _ = dataset.signature(dataset.with_defaults(ds.get("options", {})))
    except Exception:  # noqa: BLE001 - options the checks refuse (they say why); no sizes then
        return {}
    model = spec["model"]
    names = [i["name"] for i in model["inputs"]] if model.get("kind") == "functional" else ["input"]
    if dataset.named_io:
        return {name: tuple(shape) for name, (shape, _) in inputs.items() if name in names}
    [(shape, _)] = inputs.values()
    return {names[0]: tuple(shape)} if len(names) == 1 else {}


def size_text(n: int) -> str:
    """Bytes for a learner: 1 GiB, 8.5 GiB, 320 MiB."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"
