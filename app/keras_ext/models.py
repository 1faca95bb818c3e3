"""`GradientNormModel`: a `keras.Model` whose `train_step` is written out in full,
the way lesson 47 teaches it, and that reports one more number while it trains."""

from __future__ import annotations

import keras
import tensorflow as tf


@keras.saving.register_keras_serializable(package="keras_playground")
class GradientNormModel(keras.Model):
    """What `fit()` does for one batch, written out, plus the global norm of the
    batch's gradients (`grad_norm`, averaged over the epoch like the loss) and,
    with `clip_norm`, the gradients scaled down to that norm before the update.

    Built like a functional model: `GradientNormModel(inputs, outputs, clip_norm=1.0)`.
    """

    def __init__(self, *args, clip_norm=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.clip_norm = clip_norm
        self.grad_norm = keras.metrics.Mean(name="grad_norm")

    def train_step(self, data):
        x, y, sample_weight = keras.utils.unpack_x_y_sample_weight(data)
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=True)
        variables = self.trainable_variables
        gradients = tape.gradient(loss, variables)
        norm = tf.linalg.global_norm(gradients)
        if self.clip_norm is not None:
            gradients, _ = tf.clip_by_global_norm(gradients, self.clip_norm, use_norm=norm)
        self.optimizer.apply(gradients, variables)
        for metric in self.metrics:
            if metric.name == "loss":  # the running mean that fit() shows as `loss`
                metric.update_state(loss)
        self.grad_norm.update_state(norm)
        return self.compute_metrics(x, y, y_pred, sample_weight)  # compile()'s metrics, then every result

    def test_step(self, data):
        logs = super().test_step(data)  # evaluate() has no gradients: no val_grad_norm
        return {name: value for name, value in logs.items() if name != "grad_norm"}

    def get_config(self):
        return {**super().get_config(), "clip_norm": self.clip_norm}
