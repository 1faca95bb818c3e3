"""`ThresholdedReLU`, the Keras 2 activation layer that Keras 3 removed."""

from __future__ import annotations

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keras_playground")
class ThresholdedReLU(keras.layers.Layer):
    """Keras 2's `ThresholdedReLU`: f(x) = x if x > theta else 0.

    Keras 3 points to `ReLU(threshold=theta)` instead; in Keras 3.15 that computes the
    same values (strict `x > theta`, whatever its docstring says), see the tests.
    """

    def __init__(self, theta=1.0, **kwargs):
        super().__init__(**kwargs)
        if theta is None or isinstance(theta, bool) or not isinstance(theta, (int, float)) or theta < 0:
            raise ValueError(
                f"ThresholdedReLU expects `theta` to be a number >= 0. Received: theta={theta!r}"
            )
        self.theta = float(theta)
        self.supports_masking = True

    def call(self, inputs):
        theta = ops.cast(self.theta, inputs.dtype)
        return ops.where(ops.greater(inputs, theta), inputs, ops.zeros_like(inputs))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "theta": self.theta}
