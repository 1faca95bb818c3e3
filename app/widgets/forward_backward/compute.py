"""One forward and backward pass of a 2-3-1 network, every number kept (worker only)."""

from __future__ import annotations

from typing import Any

import keras
import numpy as np
import tensorflow as tf

from app.worker.widgets import finite, finite_list, ok


def run(m: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """One forward and backward pass of a 2-3-1 network with the given weights, every number kept."""
    hidden = keras.activations.get(m["hidden_activation"])
    output = keras.activations.get(m["output_activation"])
    w1 = keras.Variable(np.asarray(m["W1"], "float32").reshape(2, 3), name="W1")
    b1 = keras.Variable(np.asarray(m["b1"], "float32"), name="b1")
    w2 = keras.Variable(np.asarray(m["W2"], "float32").reshape(3, 1), name="W2")
    b2 = keras.Variable(np.asarray(m["b2"], "float32"), name="b2")
    before = {"W1": finite_list(w1.numpy()), "b1": finite_list(b1.numpy()), "W2": finite_list(w2.numpy()), "b2": finite_list(b2.numpy())}
    x = tf.constant([m["x"]], dtype="float32")
    y = tf.constant([[m["y"]]], dtype="float32")
    loss_fn = keras.losses.get(m["loss"])
    with tf.GradientTape() as tape:
        z1 = keras.ops.matmul(x, w1) + b1
        tape.watch(z1)
        a1 = hidden(z1)
        tape.watch(a1)
        z2 = keras.ops.matmul(a1, w2) + b2
        tape.watch(z2)
        # a fresh tensor: Keras's losses would otherwise read the logits kept on
        # a sigmoid's output and skip ŷ, leaving no gradient with respect to it
        a2 = tf.identity(output(z2))
        tape.watch(a2)
        loss = keras.ops.mean(loss_fn(y, a2))
    grads = tape.gradient(loss, {"a2": a2, "z2": z2, "a1": a1, "z1": z1, "W2": w2, "b2": b2, "W1": w1, "b1": b1})
    optimizer = keras.optimizers.SGD(learning_rate=m["learning_rate"])
    optimizer.apply_gradients([(grads[k], v) for k, v in (("W1", w1), ("b1", b1), ("W2", w2), ("b2", b2))])
    after = output(keras.ops.matmul(hidden(keras.ops.matmul(x, w1) + b1), w2) + b2)
    return ok({
        "weights": before,
        "forward": {"z1": finite_list(z1[0]), "a1": finite_list(a1[0]), "z2": finite_list(z2[0]), "a2": finite_list(a2[0])},
        "loss": finite(loss),
        "backward": {f"dL/d{k}": finite_list(v[0] if k in ("a2", "z2", "a1", "z1") else v) for k, v in grads.items()},
        "updated": {"W1": finite_list(w1.numpy()), "b1": finite_list(b1.numpy()), "W2": finite_list(w2.numpy()), "b2": finite_list(b2.numpy())},
        "loss_after": finite(keras.ops.mean(loss_fn(y, after))),
    })
