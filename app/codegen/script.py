"""Assemble the standalone script: header, the app's own classes, data, model,
compile, fit, summary. Every part reads like code a learner would write."""

from __future__ import annotations

import keyword
from typing import Any

from app.catalog import LAYERS
from app.codegen.adapt import adapt_code, text_data, text_lines
from app.codegen.objects import expression, literal
from app.codegen.sources import APP_MODULES, APP_NOTES, functions_with_helpers, module_body
from app.datasets import DATASETS
from app.datasets.targets import loss_class, loss_for, target_form
from app.spec.models import FunctionalModel, Spec

RESERVED = {"np", "keras", "layers", "model", "history", "x", "y", "os", "rng", "inputs", "outputs", "print", "input", "list", "dict", "type", "id"}


def var(name: str) -> str:
    return f"{name}_" if keyword.iskeyword(name) or name in RESERVED else name


def python_script(spec: Spec) -> str:
    used: set[str] = set()
    model_code = _sequential(spec, used) if not isinstance(spec.model, FunctionalModel) else _functional(spec, used)
    train_code = _compile_and_fit(spec, used) if spec.dataset and spec.compile else (
        "# The spec has no data set or compile settings yet: pick them in the playground\n"
        "# to get the training code too."
    )
    data_code = _data(spec) if spec.dataset and spec.compile else ""
    extras = sorted({APP_MODULES[name] for name in used})
    needs_sklearn = bool(spec.dataset and spec.dataset.name in ("digits", "iris", "wine", "breast_cancer", "diabetes"))
    parts = [
        _header(needs_sklearn, text_data(spec)),
        *(f"# --- written for Keras Playground (app/{path}): {APP_NOTES.get(path, 'Keras 3 no longer has it')} ---\n\n{module_body(path)}" for path in extras),
        data_code,
        f"# --- the model ---\n\n{_policy(spec)}{model_code}",
        train_code,
        "model.summary()",
    ]
    return "\n\n\n".join(p for p in parts if p) + "\n"


POLICY_NOTES = {
    "mixed_float16": "float32 weights, float16 computation; compile() adds loss scaling",
    "mixed_bfloat16": "float32 weights, bfloat16 computation",
    "float16": "weights and computation in float16",
    "bfloat16": "weights and computation in bfloat16",
}


def _policy(spec: Spec) -> str:
    """The line that makes the layers below under the spec's dtype policy (none for float32)."""
    policy = spec.model.dtype_policy
    if policy in (None, "float32"):
        return ""
    return f"keras.config.set_dtype_policy({literal(policy)})  # the layers made below: {POLICY_NOTES[policy]}\n"


def _header(needs_sklearn: bool, text: bool = False) -> str:
    packages = 'keras>=3 tensorflow numpy' + (" scikit-learn" if needs_sklearn else "")
    tensorflow = "\nimport tensorflow as tf" if text else ""  # text reaches fit as a tensor of strings
    return f'''"""A model built in Keras Playground, as a plain Keras 3 script.

Needs: pip install {packages}
"""

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
import numpy as np{tensorflow}
from keras import layers

keras.utils.set_random_seed(0)'''


def _data(spec: Spec) -> str:
    dataset = DATASETS.get(spec.dataset.name)
    options = dataset.with_defaults(spec.dataset.options)
    function = "draw_shapes_dataset" if dataset.name == "shapes" else dataset.function  # the images are drawn, not read from the app's folder
    arguments = dict(options)
    if dataset.name == "upload":  # the learner's own file, next to the script
        from app import uploads
        from app.datasets.uploaded import task_of

        function = "read_csv"
        name = (uploads.meta(options["id"]) or {}).get("name", "data.csv")
        arguments = {"path": name, "features": options["features"], "target": options["target"], "task": task_of(options)}
    loader = functions_with_helpers(f"datasets/loaders/{dataset.module}.py", function)
    call = f"{function}({', '.join(f'{k}={literal(v)}' for k, v in arguments.items())})"
    title = f"the playground's {dataset.name!r} data set ({dataset.title.en})" if dataset.name != "upload" else "your CSV file (put it next to this script)"
    lines = [f"# --- the data: {title} ---", "", loader, "", "", f"x, y = {call}"]
    _, outputs = dataset.signature(options)
    loss = spec.compile.loss
    if dataset.named_io:
        for name, target in outputs.items():
            lines.append(_shape_targets(f"y[{literal(name)}]", target, loss_class(loss_for(loss, name))))
        if len(outputs) == 1:
            lines.append(f"y = y[{literal(next(iter(outputs)))}]")
        if len(dataset.signature(options)[0]) == 1:
            lines.append(f"x = x[{literal(next(iter(dataset.signature(options)[0])))}]")
    else:
        output = spec.model.outputs[0] if isinstance(spec.model, FunctionalModel) else "output"
        lines.append(_shape_targets("y", outputs["output"], loss_class(loss_for(loss, output))))
    return "\n".join(lines + text_lines(spec))


def _shape_targets(target: str, spec_target, loss: str) -> str:
    form = target_form(spec_target, loss)
    classes = spec_target.classes
    if form == "values":
        return f'{target} = {target}.astype("float32")  # regression: the values as they are'
    if form == "column":
        return f'{target} = {target}.reshape(-1, 1).astype("float32")  # {loss} wants one 0/1 column'
    if form == "one_hot":
        return f'{target} = keras.utils.to_categorical({target}, {classes})  # {loss} wants one-hot rows'
    return f'{target} = {target}.astype("int32")  # {loss} takes the class numbers as they are'


def _sequential(spec: Spec, used: set[str]) -> str:
    m = spec.model
    dtype = f", dtype={literal(m.input.dtype)}" if m.input.dtype != "float32" else ""
    rows = [f"    keras.Input(shape={literal(m.input.shape)}{dtype}),"]
    rows += [f"    {expression('layers', layer.model_dump(), used)}," for layer in m.layers]
    return "model = keras.Sequential([\n" + "\n".join(rows) + "\n])" + _subclass(spec, "model.inputs[0]", "model.outputs[0]", used)


def _subclass(spec: Spec, inputs: str, outputs: str, used: set[str]) -> str:
    """The same graph as the spec's keras.Model subclass, whose train_step fit() will run."""
    sub = spec.model.subclass
    if sub is None:
        return ""
    model = expression("models", sub.model_dump(), used, extra={"inputs": inputs, "outputs": outputs})
    return f"\n# fit() will run {sub.class_name}.train_step: the same layers, in the subclass\nmodel = {model}"


def _call_args(model, node, args: list[str]) -> str:
    """What the script passes a node's layer, as the worker calls it (app/worker/build.py: call)."""
    cls = node.class_name or next(n.class_name for n in model.nodes if n.name == node.reuse)
    arguments, as_list = LAYERS.get(cls).call_with(args)  # a checked spec: the class is in the catalog
    return f"[{', '.join(arguments)}]" if as_list else ", ".join(arguments)


def _functional(spec: Spec, used: set[str]) -> str:
    m = spec.model
    reused = {node.reuse for node in m.nodes if node.reuse}
    lines = []
    for item in m.inputs:
        dtype = f", dtype={literal(item.dtype)}" if item.dtype != "float32" else ""
        lines.append(f"{var(item.name)} = keras.Input(shape={literal(item.shape)}{dtype}, name={literal(item.name)})")
    for node in m.nodes:
        args = [var(n) for n in node.inputs]
        call_arg = _call_args(m, node, args)
        if node.reuse:
            lines.append(f"{var(node.name)} = {var(node.reuse)}_layer({call_arg})  # the same layer, its weights shared")
            continue
        layer = expression("layers", {"class_name": node.class_name, "config": node.config}, used, extra={"name": literal(node.name)})
        if node.name in reused:
            lines.append(f"{var(node.name)}_layer = {layer}")
            lines.append(f"{var(node.name)} = {var(node.name)}_layer({call_arg})")
        else:
            lines.append(f"{var(node.name)} = {layer}({call_arg})")
    ins = [var(i.name) for i in m.inputs]
    outs = [var(o) for o in m.outputs]
    inputs = ins[0] if len(ins) == 1 else f"[{', '.join(ins)}]"
    outputs = outs[0] if len(outs) == 1 else f"[{', '.join(outs)}]"
    if m.subclass is None:
        lines.append(f"model = keras.Model(inputs={inputs}, outputs={outputs})")
    else:
        lines.append(f"model = {expression('models', m.subclass.model_dump(), used, extra={'inputs': inputs, 'outputs': outputs})}")
    return "\n".join(lines)


def _refs(kind: str, value: Any, used: set[str]) -> str:
    if isinstance(value, dict) and "class_name" not in value:
        return "{" + ", ".join(f"{literal(k)}: {_refs(kind, v, used)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(expression(kind, v, used) for v in value) + "]"
    return expression(kind, value, used)


def _compile_and_fit(spec: Spec, used: set[str]) -> str:
    c, fit = spec.compile, spec.fit
    args = [f"    optimizer={_refs('optimizers', c.optimizer, used)},", f"    loss={_refs('losses', c.loss, used)},"]
    if c.loss_weights is not None:
        weights = c.loss_weights
        args.append(f"    loss_weights={'[' + ', '.join(map(repr, weights)) + ']' if isinstance(weights, list) else literal(weights)},")
    if c.metrics:
        args.append(f"    metrics={_refs('metrics', c.metrics, used)},")
    callbacks = [_callback(cb.model_dump(), used) for cb in spec.callbacks]
    fit_args = [f"epochs={fit.epochs}", f"batch_size={fit.batch_size}", f"validation_split={fit.validation_split}", f"shuffle={fit.shuffle}"]
    if callbacks:
        fit_args.append("callbacks=[" + ", ".join(callbacks) + "]")
    fit_args.append("verbose=2")
    adapted = adapt_code(spec)
    fit_line = "history = model.fit(x, y, " + ", ".join(fit_args) + ")"
    if fit.device == "gpu":  # nothing to write: TensorFlow trains on a GPU it can see
        fit_line = "# TensorFlow trains on the GPU by itself when it finds one: tf.config.list_physical_devices('GPU')\n" + fit_line
    return "# --- compile and train ---\n\nmodel.compile(\n" + "\n".join(args) + "\n)\n" + (f"\n{adapted}\n\n" if adapted else "") + fit_line


def _callback(ref: dict[str, Any], used: set[str]) -> str:
    name = ref["class_name"]
    if name == "ModelCheckpoint":
        path = "checkpoint.weights.h5" if ref["config"].get("save_weights_only") else "checkpoint.keras"
        return expression("callbacks", ref, used, extra={"filepath": literal(path)})
    if name == "CSVLogger":
        config = dict(ref["config"])
        separator = config.pop("separator", ",").replace("\\t", "\t")
        return expression("callbacks", {"class_name": name, "config": config}, used, extra={"filename": literal("history.csv"), "separator": literal(separator)})
    return expression("callbacks", ref, used)
