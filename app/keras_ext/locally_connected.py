"""Locally connected layers: convolutions whose kernel is not shared between positions.

Keras 3 dropped `LocallyConnected1D`/`LocallyConnected2D`; the curriculum still teaches
them, so these reimplement the Keras 2 layers (`implementation=1`, `padding="valid"`,
channels_last) with `keras.ops` only, keeping Keras 2's weight shapes and patch order.
"""

from __future__ import annotations

import keras
import numpy as np
from keras import activations, constraints, initializers, ops, regularizers


def _int_tuple(value, rank: int, name: str, layer: str) -> tuple[int, ...]:
    """`value` (an int, or a tuple/list of `rank` ints) as a tuple of positive ints."""
    items = (value,) * rank if isinstance(value, int) else value
    if (
        not isinstance(items, (tuple, list))
        or len(items) != rank
        or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in items)
    ):
        raise ValueError(
            f"{layer} expects `{name}` to be a positive int or a tuple/list of {rank} positive "
            f"int(s). Received: {name}={value!r}"
        )
    return tuple(items)


def _window_indices(length: int, size: int, stride: int) -> np.ndarray:
    """Index array (positions, size): row p lists the input steps that output p sees."""
    positions = (length - size) // stride + 1
    return np.arange(positions)[:, None] * stride + np.arange(size)[None, :]


class _LocallyConnected(keras.layers.Layer):
    """Shared argument handling for the 1D and 2D layers; `rank` is set by subclasses."""

    rank = 0

    def __init__(
        self,
        filters,
        kernel_size,
        strides,
        padding="valid",
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        name = type(self).__name__
        if not isinstance(filters, int) or isinstance(filters, bool) or filters <= 0:
            raise ValueError(
                f"{name} expects `filters` to be a positive int. Received: filters={filters!r}"
            )
        if padding != "valid":
            raise ValueError(
                f"{name} supports only padding='valid'. Received: padding={padding!r}"
            )
        self.filters = filters
        self.kernel_size = _int_tuple(kernel_size, self.rank, "kernel_size", name)
        self.strides = _int_tuple(strides, self.rank, "strides", name)
        self.padding = padding
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = keras.layers.InputSpec(ndim=self.rank + 2)

    def _output_spatial(self, input_shape) -> tuple[int, ...]:
        """Output sizes along the spatial axes; raises if they are unknown or too small."""
        name = type(self).__name__
        spatial = tuple(input_shape[1:-1])
        if len(input_shape) != self.rank + 2:
            raise ValueError(
                f"{name} expects inputs of rank {self.rank + 2} (batch, "
                f"{'steps' if self.rank == 1 else 'rows, cols'}, channels). "
                f"Received: input_shape={tuple(input_shape)}"
            )
        if any(d is None for d in spatial) or input_shape[-1] is None:
            raise ValueError(
                f"{name} needs the spatial and channel sizes of its input to be known, "
                f"because every position has its own kernel. Received: "
                f"input_shape={tuple(input_shape)}"
            )
        if any(d < k for d, k in zip(spatial, self.kernel_size, strict=True)):
            raise ValueError(
                f"{name} expects each spatial size of the input to be at least the "
                f"kernel_size {self.kernel_size}. Received: input_shape={tuple(input_shape)}"
            )
        return tuple(
            (d - k) // s + 1
            for d, k, s in zip(spatial, self.kernel_size, self.strides, strict=True)
        )

    def _add_weights(self, positions: int, patch_size: int, bias_shape: tuple[int, ...]):
        self.kernel = self.add_weight(
            name="kernel",
            shape=(positions, patch_size, self.filters),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=bias_shape,
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        else:
            self.bias = None

    def _finish(self, outputs):
        """Apply bias and activation to outputs shaped (batch, *spatial, filters)."""
        if self.bias is not None:
            outputs = outputs + self.bias
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape):
        return (input_shape[0], *self._output_spatial(input_shape), self.filters)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "filters": self.filters,
                "kernel_size": self.kernel_size,
                "strides": self.strides,
                "padding": self.padding,
                "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer),
                "kernel_constraint": constraints.serialize(self.kernel_constraint),
                "bias_constraint": constraints.serialize(self.bias_constraint),
            }
        )
        return config


@keras.saving.register_keras_serializable(package="keras_playground")
class LocallyConnected1D(_LocallyConnected):
    """Keras 2's `LocallyConnected1D`: a Conv1D in which every output step has its own kernel.

    Input (batch, steps, channels) -> output (batch, new_steps, filters) with
    new_steps = (steps - kernel_size) // strides + 1. Weights: kernel
    (new_steps, kernel_size * channels, filters) and bias (new_steps, filters).
    """

    rank = 1

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            filters,
            kernel_size,
            strides,
            padding=padding,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )

    def build(self, input_shape):
        (steps,) = self._output_spatial(input_shape)
        channels = input_shape[-1]
        self._indices = _window_indices(input_shape[1], self.kernel_size[0], self.strides[0])
        self._add_weights(steps, self.kernel_size[0] * channels, (steps, self.filters))

    def call(self, inputs):
        steps, size = self._indices.shape
        # (batch, steps, size, channels), flattened in Keras 2's (kernel position, channel) order.
        patches = ops.take(inputs, self._indices.reshape(-1), axis=1)
        patches = ops.reshape(patches, (-1, steps, size * ops.shape(inputs)[-1]))
        return self._finish(ops.einsum("bpf,pfo->bpo", patches, self.kernel))


@keras.saving.register_keras_serializable(package="keras_playground")
class LocallyConnected2D(_LocallyConnected):
    """Keras 2's `LocallyConnected2D`: a Conv2D in which every output pixel has its own kernel.

    channels_last only. Input (batch, rows, cols, channels) -> output
    (batch, out_rows, out_cols, filters). Weights: kernel
    (out_rows * out_cols, kh * kw * channels, filters), positions in row-major order,
    and bias (out_rows, out_cols, filters).
    """

    rank = 2

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            filters,
            kernel_size,
            strides,
            padding=padding,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )

    def build(self, input_shape):
        out_rows, out_cols = self._output_spatial(input_shape)
        (kh, kw), (sh, sw) = self.kernel_size, self.strides
        self._row_indices = _window_indices(input_shape[1], kh, sh)
        self._col_indices = _window_indices(input_shape[2], kw, sw)
        self._add_weights(
            out_rows * out_cols, kh * kw * input_shape[-1], (out_rows, out_cols, self.filters)
        )

    def call(self, inputs):
        out_rows, kh = self._row_indices.shape
        out_cols, kw = self._col_indices.shape
        channels = ops.shape(inputs)[-1]
        # Gather rows then columns: (batch, out_rows, kh, out_cols, kw, channels).
        patches = ops.take(inputs, self._row_indices.reshape(-1), axis=1)
        patches = ops.reshape(patches, (-1, out_rows, kh, ops.shape(inputs)[2], channels))
        patches = ops.take(patches, self._col_indices.reshape(-1), axis=3)
        patches = ops.reshape(patches, (-1, out_rows, kh, out_cols, kw, channels))
        # Keras 2 flattened each patch as (kh, kw, channels) and positions row-major.
        patches = ops.transpose(patches, (0, 1, 3, 2, 4, 5))
        patches = ops.reshape(patches, (-1, out_rows * out_cols, kh * kw * channels))
        outputs = ops.einsum("bpf,pfo->bpo", patches, self.kernel)
        return self._finish(ops.reshape(outputs, (-1, out_rows, out_cols, self.filters)))
