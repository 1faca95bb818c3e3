"""The script's adapt step and its text data: what the worker does before fit
(app/worker/adapt.py), written as a learner would, so the script runs outside
the app and gives its layers the same state."""

from __future__ import annotations

from app.catalog.layers.preprocessing import adapts
from app.codegen.objects import literal
from app.datasets import DATASETS
from app.spec.models import FunctionalModel, Spec

WHAT = {
    "Normalization": "the mean and variance of each feature",
    "Discretization": "the bin boundaries",
    "TextVectorization": "the vocabulary",
    "StringLookup": "the vocabulary",
    "IntegerLookup": "the vocabulary",
}


def _inputs(spec: Spec) -> dict[str, tuple[tuple, str]]:
    dataset = DATASETS.get(spec.dataset.name)
    inputs, _ = dataset.signature(dataset.with_defaults(spec.dataset.options))
    return inputs


def x_is_dict(spec: Spec) -> bool:
    """Whether the script's `x` is a dict of inputs (a data set that names several)."""
    return DATASETS.get(spec.dataset.name).named_io and len(_inputs(spec)) > 1


def text_data(spec: Spec) -> bool:
    """Whether the spec's data set gives text: the script then makes it a TensorFlow tensor."""
    return bool(spec.dataset and spec.compile) and any(dtype == "string" for _, dtype in _inputs(spec).values())


def text_lines(spec: Spec) -> list[str]:
    """After loading: text as a tensor of strings, which fit reads (a NumPy array of str it refuses)."""
    if not text_data(spec):
        return []
    if x_is_dict(spec):
        return ["x = {name: tf.constant(values) for name, values in x.items()}  # Keras's fit reads text from TensorFlow tensors, not NumPy arrays of str"]
    return ["x = tf.constant(x)  # Keras's fit reads text from a TensorFlow tensor, not from a NumPy array of str"]


def adapt_code(spec: Spec) -> str:
    """The lines before fit that adapt each layer the app adapts ('' when none)."""
    model = spec.model
    if isinstance(model, FunctionalModel):
        names = {i.name for i in model.inputs}
        found = [(f"model.get_layer({literal(n.name)})", n.class_name, n.inputs[0] if n.inputs[0] in names else None)
                 for n in model.nodes if n.class_name and adapts(n.class_name, n.config)]  # fmt: skip
    else:
        found = [(f"model.layers[{i}]", layer.class_name, "input" if i == 0 else None) for i, layer in enumerate(model.layers) if adapts(layer.class_name, layer.config)]
    if not found:
        return ""
    split = spec.fit.validation_split
    several = x_is_dict(spec)
    rows = "len(next(iter(x.values())))" if several else "len(x)"
    lines = [
        "# --- adapt: layers that learn their state from the data before training ---",
        f"# fit(validation_split={split}) trains on the first rows and holds out the last ones:",
        "# adapt on the training rows only, so the validation rows stay unseen.",
        f"n_train = int({rows} * (1 - {split}))",
        "x_train = {name: values[:n_train] for name, values in x.items()}" if several else "x_train = x[:n_train]",
    ]
    for layer, cls, source in found:
        if source is None:  # what the layers before it make of the rows (in inference mode)
            data = f"keras.Model(model.inputs, {layer}.input).predict(x_train, verbose=0)"
        else:
            data = f"x_train[{literal(source)}]" if several else "x_train"
        lines.append(f"{layer}.adapt({data})  # {cls}: {WHAT[cls]}")
    return "\n".join(lines)
