"""Layers the form can add, one module per family, collected in one registry
in the order the form lists them."""

from __future__ import annotations

from app.catalog.layers import activations, conv, core, merge, noise, pooling, recurrent, reshaping
from app.catalog.registry import Registry
from app.i18n import T

LAYERS = Registry("layer", T("layers", "层"))
for family in (core, reshaping, conv, pooling, recurrent, noise, activations, merge):
    LAYERS.add(*family.ENTRIES)

# Layers that take other layers, and the ones that need several inputs (functional models only).
WRAPPERS = ("Bidirectional", "TimeDistributed")
MERGE = tuple(e.class_name for e in merge.ENTRIES)
