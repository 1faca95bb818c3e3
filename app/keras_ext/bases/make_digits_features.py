"""Make digits_features.keras, the pretrained base of lesson 49, from data
that ships with the app: a small convolutional network trained on the 8×8
digits 0 to 4 (scikit-learn's bundled images), saved without its classifier.

    .venv/bin/python app/keras_ext/bases/make_digits_features.py

Keras's own pretrained models (keras.applications) are downloads; this one
is made here, in a few seconds, so transfer learning works offline. The
digits 5 to 9 are never seen: lesson 49 reuses the features on them.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras  # noqa: E402
from keras import layers  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402

HERE = Path(__file__).resolve().parent


def features() -> keras.Model:
    """8×8×1 images in, 32 features out: two convolution blocks, each with batch normalization."""
    inputs = keras.Input((8, 8, 1), name="image")
    x = layers.Conv2D(16, 3, padding="same", use_bias=False, name="conv_1")(inputs)
    x = layers.BatchNormalization(name="bn_1")(x)
    x = layers.Activation("relu", name="relu_1")(x)
    x = layers.Conv2D(32, 3, padding="same", use_bias=False, name="conv_2")(x)
    x = layers.BatchNormalization(name="bn_2")(x)
    x = layers.Activation("relu", name="relu_2")(x)
    x = layers.MaxPooling2D(2, name="pool")(x)
    outputs = layers.GlobalAveragePooling2D(name="features")(x)
    return keras.Model(inputs, outputs, name="digits_features")


def main() -> None:
    keras.utils.set_random_seed(0)
    bunch = load_digits()
    keep = bunch.target <= 4
    x = (bunch.data[keep] / 16.0).astype("float32").reshape(-1, 8, 8, 1)
    y = bunch.target[keep]
    base = features()
    classifier = keras.Sequential([base, layers.Dense(5, activation="softmax", name="digit")])
    classifier.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = classifier.fit(x, y, epochs=30, batch_size=32, validation_split=0.2, verbose=0)
    print(f"digits 0-4: accuracy {history.history['accuracy'][-1]:.3f}, validation {history.history['val_accuracy'][-1]:.3f}")
    base.save(HERE / "digits_features.keras")  # the base alone: its classifier is left behind


if __name__ == "__main__":
    main()
