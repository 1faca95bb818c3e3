"""`MinimalRNNCell`, the smallest custom RNN cell, as written in the Keras RNN guide."""

from __future__ import annotations

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keras_playground")
class MinimalRNNCell(keras.layers.Layer):
    """A cell for `keras.layers.RNN`: h_t = x_t · kernel + h_{t-1} · recurrent_kernel.

    No bias and no activation, so the lessons can show what a cell is: a layer with a
    `state_size` whose `call(inputs, states)` returns `(output, new_states)`.
    """

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError(
                f"MinimalRNNCell expects `units` to be a positive int. Received: units={units!r}"
            )
        self.units = units
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(
            name="kernel", shape=(input_shape[-1], self.units), initializer="glorot_uniform"
        )
        self.recurrent_kernel = self.add_weight(
            name="recurrent_kernel", shape=(self.units, self.units), initializer="orthogonal"
        )

    def call(self, inputs, states):
        previous = states[0] if isinstance(states, (list, tuple)) else states
        output = ops.matmul(inputs, self.kernel) + ops.matmul(previous, self.recurrent_kernel)
        return output, [output]

    def get_config(self):
        return {**super().get_config(), "units": self.units}
