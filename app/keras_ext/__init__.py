"""Keras layers and helpers that the curriculum teaches but Keras 3 no longer ships,
the `keras.Model` subclass the playground trains in lesson 47, and the
pretrained bases of lesson 49.

Everything here is a registered, serializable Keras object (package "keras_playground"),
so models using it save to `.keras` and load back with `keras.saving.load_model` under
the default `safe_mode=True`, as long as this package has been imported. It imports
Keras at module level, so only worker processes import it.
"""

from app.keras_ext.activations import ThresholdedReLU
from app.keras_ext.cells import MinimalRNNCell
from app.keras_ext.lambdas import LAMBDA_ARGUMENTS, LAMBDA_FUNCTIONS
from app.keras_ext.locally_connected import LocallyConnected1D, LocallyConnected2D
from app.keras_ext.models import GradientNormModel
from app.keras_ext.pretrained import Pretrained
from app.keras_ext.schedules import EPOCH_SCHEDULES

__all__ = [
    "EPOCH_SCHEDULES",
    "GradientNormModel",
    "LAMBDA_ARGUMENTS",
    "LAMBDA_FUNCTIONS",
    "LocallyConnected1D",
    "LocallyConnected2D",
    "MinimalRNNCell",
    "Pretrained",
    "ThresholdedReLU",
]
