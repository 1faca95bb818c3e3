"""`model.to_json()` (Keras 3, Sequential or Functional) → a playground spec.

Plain JSON work: nothing here imports Keras. Every class must be in the
catalog; arguments are mapped onto the catalog's parameters, and the result
is checked like any spec. Arguments that Keras writes but the playground does
not offer are dropped when they hold their neutral value, and refused (with
the layer and argument named) when they do not.
"""

from __future__ import annotations

import json
import re
from typing import Any

from app.catalog import REGISTRIES
from app.catalog.common import CONSTRAINTS, REGULARIZERS
from app.catalog.nested import Nested
from app.i18n.messages import show
from app.spec.errors import SpecError, SpecIssue

# Written by Keras into every config, or chosen by the app itself.
IGNORED = {"name", "dtype", "build_config", "quantization_config", "lora_rank", "lora_alpha", "use_cudnn", "zero_output_for_mask", "registered_name", "module", "weights"}
NEUTRAL = (None, False, 0, 0.0, "auto", "float32")
# Keras arguments the catalog does not offer, with the default Keras writes for them.
UNOFFERED_DEFAULTS = {"renorm": False, "renorm_clipping": None, "renorm_momentum": 0.99, "synchronized": False, "data_format": "channels_last"}
REGULARIZER_DEFAULTS = {"L1": ("l1", {"l1": 0.01}), "L2": ("l2", {"l2": 0.01}), "L1L2": ("l1l2", {"l1": 0.01, "l2": 0.01})}


class ImportProblem(Exception):
    def __init__(self, loc: tuple, code: str, **ctx: Any):
        super().__init__(code)
        self.issue = SpecIssue(loc, code, ctx)


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def keras_auto_name(class_name: str) -> str:
    """The name Keras gives a layer nobody named (Keras's own to_snake_case)."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", class_name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def _choice(param, value: Any, loc: tuple) -> Any:
    """Keras writes initializers, regularizers and constraints as objects; the catalog names them."""
    if not isinstance(value, dict):
        return value
    cls, config = value.get("class_name", ""), value.get("config") or {}
    if cls == "function" and isinstance(config, str) and config.startswith("keras_playground>"):
        name = config.removeprefix("keras_playground>")  # one of the app's named Lambda expressions
        if name in param.choices:
            return name
    if cls in REGULARIZER_DEFAULTS:
        name, defaults = REGULARIZER_DEFAULTS[cls]
        if all(abs(config.get(k, 0) - v) < 1e-12 for k, v in defaults.items()) and name in REGULARIZERS:
            return name
    elif snake(cls) in CONSTRAINTS:
        return snake(cls)
    elif cls in param.choices or snake(cls) in param.choices:
        return cls if cls in param.choices else snake(cls)
    raise ImportProblem(loc, "import_value", value=show(value), names=", ".join(param.choices))


def _object(kind: str, obj: dict[str, Any], loc: tuple) -> dict[str, Any]:
    """{"class_name", "config"} of `kind` from a Keras-serialized object."""
    name = obj.get("class_name")
    entry = REGISTRIES[kind].get(name)
    if entry is None:
        raise ImportProblem((*loc, "class_name"), "import_class", kind=REGISTRIES[kind].label.to_json(), value=show(name))
    config: dict[str, Any] = {}
    for key, value in (obj.get("config") or {}).items():
        param = entry.param(key)
        if key in IGNORED or (param is None and (value in NEUTRAL or UNOFFERED_DEFAULTS.get(key, object()) == value or (key == "trainable" and value is True))):
            continue
        if param is None:
            raise ImportProblem((*loc, "config", key), "import_argument", cls=name, value=show(value))
        value = _value(param, value, (*loc, "config", key))
        if param.required or value != param.default or isinstance(param, Nested):
            config[key] = value  # a value at Keras's default is left out, as a learner would write it
    if "trainable" in config and config["trainable"] is True:
        del config["trainable"]
    return {"class_name": name, "config": config}


def _value(param, value: Any, loc: tuple) -> Any:
    if isinstance(param, Nested) and value is not None:
        if param.many:
            cells = value["config"]["cells"] if value.get("class_name") == "StackedRNNCells" else [value]
            return [_object(param.registry, c, (*loc, i)) for i, c in enumerate(cells)]
        return _object(param.registry, value, loc)
    if getattr(param, "choices", None) is not None:
        return _choice(param, value, loc)
    return value


def _input(config: dict[str, Any], loc: tuple) -> tuple[list[int], str]:
    shape = config.get("batch_shape") or config.get("batch_input_shape")
    if not shape or any(d is None for d in shape[1:]):
        raise ImportProblem(loc, "import_input", value=show(shape))
    return list(shape[1:]), config.get("dtype") or "float32"


def _sequential(config: dict[str, Any]) -> dict[str, Any]:
    layers = list(config.get("layers") or [])
    if layers and layers[0].get("class_name") == "InputLayer":
        shape, dtype = _input(layers.pop(0)["config"], ("model", "input"))
    elif config.get("build_input_shape"):
        shape, dtype = _input({"batch_shape": config["build_input_shape"]}, ("model", "input"))
    else:
        raise ImportProblem(("model", "input"), "import_input", value="none")
    out = []
    for i, layer in enumerate(layers):
        item = _object("layers", layer, ("model", "layers", i))
        name = (layer.get("config") or {}).get("name")
        if name and not re.fullmatch(re.escape(keras_auto_name(layer["class_name"])) + r"(_\d+)?", name):
            item["config"]["name"] = name  # a name the learner chose, not one Keras numbered
        out.append(item)
    return {"kind": "sequential", "input": {"shape": shape, "dtype": dtype}, "layers": out}


def _functional(config: dict[str, Any]) -> dict[str, Any]:
    inputs, nodes = [], []
    first_node: dict[str, str] = {}

    def tensor_name(history: list) -> str:
        layer, node_index, tensor_index = history
        if tensor_index != 0:
            raise ImportProblem(("model", "nodes"), "import_multi_output", value=show(layer))
        return layer if node_index == 0 else f"{layer}_{node_index}"

    for layer in config.get("layers") or []:
        name = layer.get("name") or layer["config"]["name"]
        if layer.get("class_name") == "InputLayer":
            shape, dtype = _input(layer["config"], ("model", "inputs", len(inputs)))
            inputs.append({"name": name, "shape": shape, "dtype": dtype})
            continue
        for call, node in enumerate(layer.get("inbound_nodes") or []):
            args = node.get("args") or []
            tensors = args[0] if args and isinstance(args[0], list) else args
            sources = [tensor_name(t["config"]["keras_history"]) for t in tensors if isinstance(t, dict) and t.get("class_name") == "__keras_tensor__"]
            node_name = name if call == 0 else f"{name}_{call}"
            if call == 0:
                item = _object("layers", layer, ("model", "nodes", len(nodes)))
                nodes.append({"name": node_name, **item, "inputs": sources})
                first_node[name] = node_name
            else:
                nodes.append({"name": node_name, "reuse": first_node[name], "inputs": sources})
    outputs = config.get("output_layers") or []
    if outputs and not isinstance(outputs[0], list):
        outputs = [outputs]
    return {"kind": "functional", "inputs": inputs, "nodes": nodes, "outputs": [tensor_name(o) for o in outputs]}


def spec_from_keras_json(text: Any) -> dict[str, Any]:
    """A spec (model part only) from `model.to_json()`'s output, or SpecError."""
    try:
        data = json.loads(text) if isinstance(text, str) else text
    except json.JSONDecodeError as e:
        raise SpecError([SpecIssue((), "import_json", {"detail": str(e)})]) from None
    if not isinstance(data, dict) or data.get("class_name") not in ("Sequential", "Functional", "Model"):
        value = data.get("class_name") if isinstance(data, dict) else data
        raise SpecError([SpecIssue(("class_name",), "import_model", {"value": show(value)})])
    try:
        model = _sequential(data["config"]) if data["class_name"] == "Sequential" else _functional(data["config"])
    except ImportProblem as e:
        raise SpecError([e.issue]) from None
    return {"model": model}
