"""Layers the form can add, one module per family, collected in one registry
in the order the form lists them."""

from __future__ import annotations

from app.catalog.layers import (
    activations,
    attention,
    augmentation,
    conv,
    core,
    merge,
    noise,
    pooling,
    preprocessing,
    recurrent,
    reshaping,
    transfer,
)
from app.catalog.registry import Registry
from app.i18n import T

LAYERS = Registry("layer", T("layers", "层"))
for family in (core, reshaping, conv, pooling, recurrent, attention, noise, activations, augmentation, preprocessing, transfer, merge):
    LAYERS.add(*family.ENTRIES)

# Layers that take other layers; the ones called on several tensors at once
# (merge layers: one list), and all that a Sequential model cannot hold.
WRAPPERS = ("Bidirectional", "TimeDistributed")
MERGE = tuple(e.class_name for e in merge.ENTRIES)
FUNCTIONAL_ONLY = tuple(e.class_name for e in LAYERS if e.call != "one")
