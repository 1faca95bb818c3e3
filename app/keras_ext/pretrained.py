"""Pretrained bases (lesson 49): small models the app trained itself and
ships as `.keras` files in `bases/`, each with the script that made it, so
transfer learning works offline. Keras's own (keras.applications) download
their weights; these never do."""

from pathlib import Path

import keras

BASES = Path(__file__).resolve().parent / "bases"


def Pretrained(model: str, trainable: bool = False, freeze_batch_norm: bool = True, name: str | None = None) -> keras.Model:
    """The base `model` (bases/<model>.keras), loaded in safe mode, to be used as a layer.

    `trainable=False` freezes it: its weights stay as pretrained and its
    BatchNormalization layers run in inference mode. To fine-tune, set
    `trainable=True` and recompile with a low learning rate; with
    `freeze_batch_norm` its BatchNormalization layers stay frozen, keeping
    the statistics they learned (in Keras 3, calling the base with
    `training=False` inside a model does not do this: fit's `training=True`
    reaches every layer, and only a frozen BatchNormalization ignores it).
    """
    base = keras.saving.load_model(BASES / f"{model}.keras", compile=False, safe_mode=True)
    if name:
        base.name = name
    set_trainable(base, trainable, freeze_batch_norm)
    return base


def set_trainable(base: keras.Model, trainable: bool, freeze_batch_norm: bool = True) -> None:
    """Freeze or unfreeze `base`; unfrozen, its BatchNormalization layers stay frozen
    when `freeze_batch_norm`. Each layer is set explicitly: Keras skips an assignment
    of the value `trainable` already has, so setting the base alone would leave a
    layer frozen earlier as it was. Compile the model again afterwards, as Keras
    asks, so that fit() sees the change."""
    base.trainable = trainable
    for layer in base.layers:
        layer.trainable = trainable and not (freeze_batch_norm and isinstance(layer, keras.layers.BatchNormalization))
