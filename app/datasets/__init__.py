"""The data sets the playground trains on, one registry for all families.

The web process reads only the metadata (names, options and their bounds,
the inputs and targets a data set gives) to validate specs; the worker runs
the loaders in `app/datasets/loaders/`.
"""

from __future__ import annotations

from app.datasets import bundled, keras_sets, sequences, text, toy, uploaded
from app.datasets.registry import Dataset, DatasetRegistry, Target, shape_fits

DATASETS = DatasetRegistry()
for family in (toy, bundled, sequences, text, keras_sets, uploaded):
    DATASETS.add(*family.ENTRIES)

__all__ = ["DATASETS", "Dataset", "Target", "shape_fits"]
