"""Data set entries and their registry: metadata only (the web process reads
it to validate specs); loaders live in `app/datasets/loaders/` and run in
the worker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from app.catalog.params import Int, Param
from app.catalog.registry import Entry, Issue
from app.i18n import T

Options = dict[str, Any]


class Target(NamedTuple):
    """What one output of a data set holds."""

    task: str  # "binary" | "multiclass" | "regression"
    classes: int = 0  # for classification
    shape: tuple[int, ...] = ()  # per sample, for regression: () is one number


def shape_fits(declared, actual) -> bool:
    """A model's shape takes the data's: the same axes, each of the same size
    or None (a size left open, as in keras.Input(shape=(None, 2)))."""
    return len(declared) == len(actual) and all(d is None or d == a for d, a in zip(declared, actual, strict=True))


@dataclass(frozen=True)
class Dataset:
    name: str
    title: T
    description: T
    task: str
    options: tuple[Param, ...]
    input_shape: Callable[[Options], tuple[int, ...]]
    loader: str  # "<module in app/datasets/loaders>:<function>"
    n_classes: Callable[[Options], int] = lambda o: 0
    target_shape: Callable[[Options], tuple[int, ...]] = lambda o: ()
    input_dtype: str = "float32"
    # Data sets with several inputs or outputs name them (the model's must match):
    inputs: Callable[[Options], dict[str, tuple[tuple[int, ...], str]]] | None = None
    outputs: Callable[[Options], dict[str, Target]] | None = None
    source: str = "app"  # "app" (generated or bundled) | "keras" (keras.datasets, needs its files)
    stand_in: str | None = None  # the bundled data set to use when a Keras one is absent
    task_of: Callable[[Options], str] | None = None  # when the options decide the task (an uploaded file)
    check: Callable[[Options], list[Issue]] | None = None  # checks across options (columns of a file)

    def label(self) -> dict[str, str]:
        """How messages name the data set: its title, quoted, in each language."""
        return {"en": f"“{self.title.en}”", "zh": f"“{self.title.zh}”"}

    def task_for(self, options: Options) -> str:
        return self.task_of(options) if self.task_of else self.task

    @property
    def named_io(self) -> bool:
        return self.inputs is not None

    @property
    def module(self) -> str:
        return self.loader.split(":")[0]

    @property
    def function(self) -> str:
        return self.loader.split(":")[1]

    def signature(self, options: Options) -> tuple[dict[str, tuple[tuple[int, ...], str]], dict[str, Target]]:
        """({input name: (shape, dtype)}, {output name: Target}) for full options."""
        if self.inputs is None:
            target = Target(self.task_for(options), self.n_classes(options), tuple(self.target_shape(options)))
            return {"input": (tuple(self.input_shape(options)), self.input_dtype)}, {"output": target}
        return self.inputs(options), self.outputs(options)

    def with_defaults(self, options: Options) -> Options:
        return {p.name: p.default for p in self.options} | options

    def check_options(self, options: Options) -> tuple[Options, list[Issue]]:
        clean, issues = Entry(self.name, "dataset", self.title, self.options).check_config(options)
        if not issues and self.check:
            issues = self.check(self.with_defaults(clean))
        return clean, issues

    def to_json(self) -> dict[str, Any]:
        defaults = self.with_defaults({})
        inputs, outputs = self.signature(defaults) if self.check is None else ({}, {})
        return {
            "name": self.name,
            "title": self.title.to_json(),
            "description": self.description.to_json(),
            "task": self.task,
            "source": self.source,
            "stand_in": self.stand_in,
            "options": [p.to_json() for p in self.options],
            "input_shape": list(self.input_shape(defaults)) if self.check is None else None,
            "input_dtype": self.input_dtype,
            "n_classes": self.n_classes(defaults) if self.check is None else None,
            "inputs": [{"name": n, "shape": list(s), "dtype": d} for n, (s, d) in inputs.items()] if self.named_io else None,
            "outputs": [{"name": n, "task": t.task, "n_classes": t.classes, "shape": list(t.shape)} for n, t in outputs.items()] if self.named_io else None,
        }


@dataclass
class DatasetRegistry:
    entries: dict[str, Dataset] = field(default_factory=dict)

    def add(self, *datasets: Dataset) -> None:
        for d in datasets:
            if d.name in self.entries:
                raise ValueError(f"data set {d.name} is registered twice")
            self.entries[d.name] = d

    def get(self, name: str) -> Dataset | None:
        return self.entries.get(name)

    def __iter__(self):
        return iter(self.entries.values())

    def to_json(self) -> list[dict[str, Any]]:
        return [d.to_json() for d in self.entries.values()]


def n_samples(default: int, lo: int = 20, hi: int = 5000) -> Int:
    return Int(name="n_samples", default=default, lo=lo, hi=hi, help=T("How many samples to use.", "使用的样本数。"))


SEED = Int(name="seed", default=0, lo=0, hi=2**31 - 1, help=T("Random seed: the same seed gives the same data.", "随机种子：相同的种子生成相同的数据。"))
