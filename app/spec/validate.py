"""Check a spec against the catalog and the data sets: the single entry point
that turns untrusted JSON into a `Spec` the worker may build."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from app.catalog import CALLBACKS, LAYERS, LOSSES, METRICS, OPTIMIZERS, Registry
from app.datasets import DATASETS
from app.i18n.messages import show
from app.spec.errors import Loc, SpecError, SpecIssue, from_pydantic
from app.spec.models import Spec


def _issues(prefix: Loc, found) -> list[SpecIssue]:
    return [SpecIssue(prefix + i.loc, i.code, i.ctx) for i in found]


def _check_object(registry: Registry, obj: dict[str, Any], loc: Loc) -> tuple[dict[str, Any], list[SpecIssue]]:
    entry = registry.get(obj["class_name"])
    if entry is None:
        return obj, _issues(loc + ("class_name",), [registry.unknown(obj["class_name"])])
    clean, found = entry.check_config(obj["config"])
    return {"class_name": entry.class_name, "config": clean}, _issues(loc + ("config",), found)


def _check_ref(registry: Registry, value: Any, loc: Loc) -> tuple[Any, list[SpecIssue]]:
    """An alias string stays a string; a class name alone becomes an object."""
    if isinstance(value, dict):
        return _check_object(registry, value, loc)
    if registry.by_alias(value):
        return value, []
    if registry.get(value):
        return {"class_name": value, "config": {}}, []
    return value, _issues(loc, [registry.unknown(value, registry.aliases() + list(registry.entries))])


def validate_spec(raw: Any, *, for_run: bool = False) -> Spec:
    """The checked spec, or SpecError listing every problem at its field.

    `for_run` also requires what training needs (a data set and compile).
    """
    if not isinstance(raw, dict):
        raise SpecError([SpecIssue((), "object", {"value": show(raw)})])
    try:
        spec = Spec.model_validate(raw)
    except ValidationError as e:
        raise from_pydantic(e, Spec) from None

    issues: list[SpecIssue] = []
    if for_run:
        issues += [SpecIssue((name,), "required") for name in ("dataset", "compile") if getattr(spec, name) is None]

    if spec.dataset is not None:
        issues += _check_dataset(spec)

    for i, layer in enumerate(spec.model.layers):
        clean, found = _check_object(LAYERS, layer.model_dump(), ("model", "layers", i))
        layer.config = clean["config"]
        issues += found

    if spec.compile is not None:
        c = spec.compile
        c.optimizer, found = _check_ref(OPTIMIZERS, c.optimizer, ("compile", "optimizer"))
        issues += found
        c.loss, found = _check_ref(LOSSES, c.loss, ("compile", "loss"))
        issues += found
        for i, metric in enumerate(c.metrics):
            c.metrics[i], found = _check_ref(METRICS, metric, ("compile", "metrics", i))
            issues += found

    for i, callback in enumerate(spec.callbacks):
        loc = ("callbacks", i)
        clean, found = _check_object(CALLBACKS, callback.model_dump(), loc)
        callback.config = clean["config"]
        issues += found or _check_monitor(spec, callback.config, loc)

    if issues:
        raise SpecError(issues)
    return spec


def _check_dataset(spec: Spec) -> list[SpecIssue]:
    ds = spec.dataset
    dataset = DATASETS.get(ds.name)
    if dataset is None:
        names = ", ".join(d.name for d in DATASETS)
        return [SpecIssue(("dataset", "name"), "choice", {"choices": names, "value": show(ds.name)})]
    clean, found = dataset.check_options(ds.options)
    if found:
        return _issues(("dataset", "options"), found)
    ds.options = clean
    expected = list(dataset.input_shape(dataset.with_defaults(clean)))
    if spec.model.input.shape != expected:
        ctx = {"dataset": show(ds.name), "expected": show(expected), "value": show(spec.model.input.shape)}
        return [SpecIssue(("model", "input", "shape"), "dataset_input", ctx)]
    return []


def _check_monitor(spec: Spec, config: dict[str, Any], loc: Loc) -> list[SpecIssue]:
    monitor = config.get("monitor", "val_loss")
    if monitor.startswith("val_") and spec.fit.validation_split == 0:
        return [SpecIssue(loc + ("config", "monitor"), "needs_validation", {"value": show(monitor)})]
    return []
