"""Check a spec against the catalog and the data sets: the single entry point
that turns untrusted JSON into a `Spec` the worker may build."""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ValidationError

from app.catalog import CALLBACKS, LAYERS, LOSSES, METRICS, MODELS, OPTIMIZERS, Registry
from app.catalog.models import UNSCALED
from app.datasets import DATASETS, keras_sets, shape_fits
from app.i18n import T
from app.i18n.messages import show
from app.spec.dtypes import dtype_problems
from app.spec.errors import Loc, SpecError, SpecIssue, from_pydantic
from app.spec.graph import check_graph
from app.spec.models import FunctionalModel, Spec


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
    is_object = isinstance(value, dict) and isinstance(value.get("class_name"), str) and isinstance(value.get("config", {}), dict) and set(value) <= {"class_name", "config"}
    if not (isinstance(value, str) or is_object):
        return value, [SpecIssue(loc, "keras_object", {"value": show(value)})]
    if isinstance(value, dict):
        return _check_object(registry, {"class_name": value["class_name"], "config": value.get("config", {})}, loc)
    if registry.by_alias(value):
        return value, []
    if registry.get(value):
        return {"class_name": value, "config": {}}, []
    return value, _issues(loc, [registry.unknown(value, registry.aliases() + list(registry.entries))])


def output_names(spec: Spec) -> list[str]:
    return list(spec.model.outputs) if isinstance(spec.model, FunctionalModel) else ["output"]


def validate_spec(raw: Any, *, for_run: bool = False) -> Spec:
    """The checked spec, or SpecError listing every problem at its field.

    `for_run` also requires what training needs (a data set and compile).
    """
    if not isinstance(raw, dict):
        raise SpecError([SpecIssue((), "object", {"value": show(raw)})])
    try:
        spec = Spec.model_validate(raw)
    except ValidationError as e:
        raise _with_the_rest(e, raw, for_run) from None
    issues = _checks(spec, for_run)
    if issues:
        raise SpecError(issues)
    return spec


def _with_the_rest(error: ValidationError, raw: dict[str, Any], for_run: bool) -> SpecError:
    """The type errors, and what the catalog finds in the rest of the spec: with
    each wrong value left out (its default instead), the spec is checked again,
    so the learner sees every problem at once, not one stage at a time."""
    first = from_pydantic(error, Spec)
    repaired = copy.deepcopy(raw)
    for e in error.errors(include_url=False):
        *parents, last = e["loc"]
        holder: Any = repaired
        for part in parents:
            holder = holder[part] if isinstance(holder, dict) and part in holder else None
        if not (isinstance(holder, dict) and isinstance(last, str) and last in holder):
            return first  # a list item or a missing field: nothing sound to leave out
        del holder[last]
    try:
        spec = Spec.model_validate(repaired)
    except ValidationError:
        return first
    seen = {i.loc for i in first.issues}
    return SpecError(first.issues + [i for i in _checks(spec, for_run) if i.loc not in seen and i.code != "required"])


def _checks(spec: Spec, for_run: bool) -> list[SpecIssue]:
    """What the catalog and the data sets say of a spec of the right types."""
    issues: list[SpecIssue] = []
    if for_run:
        issues += [SpecIssue((name,), "required") for name in ("dataset", "compile") if getattr(spec, name) is None]
    issues += _check_layers(spec)
    if spec.dataset is not None:
        issues += _check_dataset_options(spec)
        if for_run and not issues:
            issues += dataset_problems(spec)
    if spec.compile is not None:
        issues += _check_compile(spec)
    for i, callback in enumerate(spec.callbacks):
        loc = ("callbacks", i)
        clean, found = _check_object(CALLBACKS, callback.model_dump(), loc)
        callback.config = clean["config"]
        issues += found or _check_monitor(spec, callback.config, loc)
    return issues


def _check_layers(spec: Spec) -> list[SpecIssue]:
    issues: list[SpecIssue] = []
    if spec.model.subclass is not None:
        clean, issues = _check_object(MODELS, spec.model.subclass.model_dump(), ("model", "subclass"))
        spec.model.subclass.config = clean["config"]
        if spec.model.subclass.class_name in UNSCALED and spec.model.dtype_policy == "mixed_float16":
            issues.append(SpecIssue(("model", "dtype_policy"), "unscaled_subclass", {"cls": spec.model.subclass.class_name}))
    if isinstance(spec.model, FunctionalModel):
        for i, node in enumerate(spec.model.nodes):
            if node.class_name is not None:
                clean, found = _check_object(LAYERS, {"class_name": node.class_name, "config": node.config}, ("model", "nodes", i))
                node.config = clean["config"]
                issues += found
        return issues + check_graph(spec.model)
    for i, layer in enumerate(spec.model.layers):
        clean, found = _check_object(LAYERS, layer.model_dump(), ("model", "layers", i))
        layer.config = clean["config"]
        issues += found
        entry = LAYERS.get(layer.class_name)
        if entry is not None and entry.call != "one":
            issues.append(SpecIssue(("model", "layers", i, "class_name"), "functional_only", {"cls": layer.class_name}))
    return issues


def _per_output(spec: Spec, value: Any, loc: Loc, registry: Registry, every: bool) -> tuple[Any, list[SpecIssue]]:
    """A ref (or list of refs) for all outputs, or a dict of them by output name."""
    names = output_names(spec)
    if not isinstance(value, dict) or "class_name" in value:
        return _check_many(registry, value, loc)
    unknown = [k for k in value if k not in names]
    missing = [k for k in names if k not in value] if every else []
    if unknown or missing or not isinstance(spec.model, FunctionalModel):
        return value, [SpecIssue(loc, "per_output", {"names": ", ".join(names), "value": ", ".join(map(show, value))})]
    out, issues = {}, []
    for name, item in value.items():
        out[name], found = _check_many(registry, item, (*loc, name))
        issues += found
    return out, issues


def _check_many(registry: Registry, value: Any, loc: Loc) -> tuple[Any, list[SpecIssue]]:
    if not isinstance(value, list):
        return _check_ref(registry, value, loc)
    out, issues = [], []
    for i, item in enumerate(value):
        clean, found = _check_ref(registry, item, (*loc, i))
        out.append(clean)
        issues += found
    return out, issues


def _check_compile(spec: Spec) -> list[SpecIssue]:
    c = spec.compile
    c.optimizer, issues = _check_ref(OPTIMIZERS, c.optimizer, ("compile", "optimizer"))
    c.loss, found = _per_output(spec, c.loss, ("compile", "loss"), LOSSES, every=True)
    issues += found
    c.metrics, found = _per_output(spec, c.metrics, ("compile", "metrics"), METRICS, every=False)
    issues += found
    weights, names = c.loss_weights, output_names(spec)
    if isinstance(weights, dict) and not set(weights) <= set(names):
        issues.append(SpecIssue(("compile", "loss_weights"), "per_output", {"names": ", ".join(names), "value": ", ".join(map(show, weights))}))
    if isinstance(weights, list) and len(weights) != len(names):
        issues.append(SpecIssue(("compile", "loss_weights"), "per_output", {"names": ", ".join(names), "value": f"{len(weights)} weights"}))
    return issues


def _check_dataset_options(spec: Spec) -> list[SpecIssue]:
    ds = spec.dataset
    dataset = DATASETS.get(ds.name)
    if dataset is None:
        names = ", ".join(d.name for d in DATASETS)
        return [SpecIssue(("dataset", "name"), "choice", {"choices": names, "value": show(ds.name)})]
    clean, found = dataset.check_options(ds.options)
    ds.options = clean if not found else ds.options
    return _issues(("dataset", "options"), found)


def dataset_problems(spec: Spec) -> list[SpecIssue]:
    """Where the model's inputs and outputs do not match its (valid) data set.

    A run refuses these; the live summary shows them beside Keras's summary."""
    if spec.dataset is None:
        return []
    ds = spec.dataset
    dataset = DATASETS.get(ds.name)
    if dataset.source == "keras" and not keras_sets.available(dataset.name):
        stand_in = DATASETS.get(dataset.stand_in)
        ctx = {"dataset": dataset.label(), "folder": str(keras_sets.keras_home() / "datasets"), "stand_in": stand_in.label() if stand_in else show(dataset.stand_in)}
        return [SpecIssue(("dataset", "name"), "dataset_missing", ctx)]
    inputs, outputs = dataset.signature(dataset.with_defaults(ds.options))
    model = spec.model
    if found := dtype_problems(model, dataset, inputs):  # text or numbers (app/spec/dtypes.py)
        return found
    if not isinstance(model, FunctionalModel):
        expected = list(next(iter(inputs.values()))[0])
        if len(inputs) > 1 or len(outputs) > 1:
            return [_io_issue(("model", "kind"), dataset, _INPUTS_OUTPUTS, inputs, outputs, _ONE_EACH)]
        if not shape_fits(model.input.shape, expected):
            ctx = {"dataset": dataset.label(), "expected": show(expected), "value": show(model.input.shape)}
            return [SpecIssue(("model", "input", "shape"), "dataset_input", ctx)]
        return []
    return _check_functional_io(model, dataset, dataset.named_io, inputs, outputs)


_INPUTS = T("inputs", "输入").to_json()
_OUTPUTS = T("outputs", "输出").to_json()
_INPUTS_OUTPUTS = T("inputs and outputs", "输入和输出").to_json()
_ONE_EACH = T("one input and one output (a Sequential model)", "一个输入和一个输出（Sequential 模型）").to_json()


def _io_issue(loc: Loc, dataset, what: dict[str, str], inputs, outputs, value) -> SpecIssue:
    expected = f"{', '.join(f'{n} {list(s)}' for n, (s, _) in inputs.items())} → {', '.join(outputs)}"
    return SpecIssue(loc, "dataset_io", {"dataset": dataset.label(), "what": what, "expected": expected, "value": value})


def _check_functional_io(model: FunctionalModel, dataset, named: bool, inputs, outputs) -> list[SpecIssue]:
    issues = []
    if len(model.inputs) != len(inputs) or (named and {i.name for i in model.inputs} != set(inputs)):
        value = ", ".join(f"{i.name} {i.shape}" for i in model.inputs)
        issues.append(_io_issue(("model", "inputs"), dataset, _INPUTS, inputs, outputs, value))
    else:
        for i, item in enumerate(model.inputs):
            shape = list(inputs[item.name][0] if named else next(iter(inputs.values()))[0])
            if not shape_fits(item.shape, shape):
                issues.append(SpecIssue(("model", "inputs", i, "shape"), "dataset_input", {"dataset": dataset.label(), "expected": show(shape), "value": show(item.shape)}))
    if len(model.outputs) != len(outputs) or (named and set(model.outputs) != set(outputs)):
        issues.append(_io_issue(("model", "outputs"), dataset, _OUTPUTS, inputs, outputs, ", ".join(model.outputs)))
    return issues


def _check_monitor(spec: Spec, config: dict[str, Any], loc: Loc) -> list[SpecIssue]:
    monitor = config.get("monitor", "val_loss")
    if monitor.startswith("val_") and spec.fit.validation_split == 0:
        return [SpecIssue(loc + ("config", "monitor"), "needs_validation", {"value": show(monitor)})]
    return []
