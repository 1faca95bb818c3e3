"""`model.to_json()` (Keras 3, Sequential or Functional) → a playground spec.

Plain JSON work: nothing here imports Keras. Every class must be in the
catalog; arguments are mapped onto the catalog's parameters, and the result
is checked like any spec. Arguments that Keras writes but the playground does
not offer are dropped when they hold their neutral value, and refused (with
the layer and argument named) when they do not.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from app.catalog import REGISTRIES
from app.catalog.common import CONSTRAINTS, REGULARIZERS
from app.catalog.layers.transfer import BASES
from app.catalog.nested import Nested
from app.catalog.params import Int
from app.i18n import T
from app.i18n.messages import show
from app.spec.errors import SpecError, SpecIssue
from app.spec.limits import DTYPE_POLICY

# Written by Keras into every config, or chosen by the app itself.
IGNORED = {"name", "dtype", "build_config", "quantization_config", "lora_rank", "lora_alpha", "use_cudnn", "zero_output_for_mask", "registered_name", "module", "weights",
           "vocabulary_size"}  # TextVectorization's, counted from its vocabulary
NEUTRAL = (None, False, 0, 0.0, "auto", "float32")
# Keras arguments the catalog does not offer, with the default Keras writes for them.
UNOFFERED_DEFAULTS = {"renorm": False, "renorm_clipping": None, "renorm_momentum": 0.99, "synchronized": False, "data_format": "channels_last",
                      "encoding": "utf-8", "vocabulary_dtype": "int64", "oov_method": "floormod"}
REGULARIZER_DEFAULTS = {"L1": ("l1", {"l1": 0.01}), "L2": ("l2", {"l2": 0.01}), "L1L2": ("l1l2", {"l1": 0.0, "l2": 0.0})}


def _attention(config: dict[str, Any]) -> dict[str, Any]:
    """MultiHeadAttention writes what it derived: value_dim = key_dim when not
    given, attention_axes (1,) for sequences, output_shape as a tuple."""
    out = dict(config)
    if "value_dim" in out and out["value_dim"] == out.get("key_dim"):
        del out["value_dim"]
    if out.get("attention_axes") == [1]:
        del out["attention_axes"]
    shape = out.get("output_shape")
    if isinstance(shape, list) and len(shape) == 1:
        out["output_shape"] = shape[0]
    return out


# Per class: the config as the catalog reads it, from the config as Keras writes it.
AS_WRITTEN = {"MultiHeadAttention": _attention}


class ImportProblem(Exception):
    def __init__(self, loc: tuple, code: str, **ctx: Any):
        super().__init__(code)
        self.issue = SpecIssue(loc, code, ctx)


# The document is untrusted JSON: every value is checked before it is used, and
# a wrong one is reported at its place in the document ("import_type",
# "import_missing"), e.g. ("config", "layers", 2, "inbound_nodes", 0).
Where = tuple[str | int, ...]
MAX_DEPTH = 64  # model.to_json() nests about a dozen levels deep, RNN cells in wrappers included
WANTED = {
    "object": T("an object {…}", "对象 {…}"),
    "list": T("a list […]", "列表 […]"),
    "text": T("a string", "字符串"),
    "number": T("a number", "数值"),
    "shape": T("a shape such as [null, 28, 28]", "形状列表，例如 [null, 28, 28]"),
    "history": T("a tensor's [layer name, node index, tensor index]", "张量的 [层名, 节点序号, 张量序号]"),
}


def _where(at: Where) -> str:
    """`config.layers[2].inbound_nodes[0]`: a place in the document, as the message shows it."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in at).lstrip(".")


def _wrong(at: Where, wanted: str, value: Any) -> ImportProblem:
    return ImportProblem(at, "import_type", what=WANTED[wanted].to_json(), path=_where(at), value=show(value))


def _dict(value: Any, at: Where) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _wrong(at, "object", value)
    return value


def _list(value: Any, at: Where) -> list[Any]:
    if not isinstance(value, list):
        raise _wrong(at, "list", value)
    return value


def _str(value: Any, at: Where) -> str:
    if not isinstance(value, str):
        raise _wrong(at, "text", value)
    return value


def _number(value: Any, at: Where) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong(at, "number", value)
    return value


def _history(value: Any, at: Where) -> tuple[str, int, int]:
    """A tensor named the way Keras names it: [layer name, node index, tensor index]."""
    def index(i: Any) -> bool:
        return isinstance(i, int) and not isinstance(i, bool) and i >= 0

    if not (isinstance(value, list) and len(value) == 3 and isinstance(value[0], str) and index(value[1]) and index(value[2])):
        raise _wrong(at, "history", value)
    return value[0], value[1], value[2]


def _field(obj: dict[str, Any], key: str, at: Where, check: Callable[[Any, Where], Any]) -> Any:
    """obj[key], which the document must have, checked."""
    if key not in obj:
        raise ImportProblem((*at, key), "import_missing", path=_where((*at, key)))
    return check(obj[key], (*at, key))


def _optional(obj: dict[str, Any], key: str, at: Where, check: Callable[[Any, Where], Any], empty: Any) -> Any:
    """obj[key] checked, or `empty` when the document leaves it out (or writes null)."""
    value = obj.get(key)
    return empty if value is None else check(value, (*at, key))


def _check_depth(data: Any) -> None:
    """Nesting deeper than Keras ever writes is refused before anything recurses into it."""
    stack: list[tuple[Any, Where]] = [(data, ())] if isinstance(data, dict | list) else []
    while stack:
        value, at = stack.pop()
        if len(at) >= MAX_DEPTH:  # the root is the first level
            raise ImportProblem(at, "import_depth", max=MAX_DEPTH)
        items = value.items() if isinstance(value, dict) else enumerate(value)
        stack.extend((item, (*at, key)) for key, item in items if isinstance(item, dict | list))


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def keras_auto_name(class_name: str) -> str:
    """The name Keras gives a layer nobody named (Keras's own to_snake_case)."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", class_name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def _choice(param, value: Any, loc: tuple, at: Where) -> Any:
    """Keras writes initializers, regularizers and constraints as objects; the catalog names them."""
    if not isinstance(value, dict):
        return value
    cls, config = _field(value, "class_name", at, _str), value.get("config")
    if cls == "function" and isinstance(config, str):  # a registered function, by name
        name = config.removeprefix("keras_playground>")  # one of the app's named Lambda expressions
        if config.startswith("keras_playground>") and name in param.choices:
            return name
        raise ImportProblem(loc, "import_value", value=show(value), names=", ".join(param.choices))
    config = _optional(value, "config", at, _dict, {})
    if cls in REGULARIZER_DEFAULTS:
        name, defaults = REGULARIZER_DEFAULTS[cls]
        strengths = {k: _number(config[k], (*at, "config", k)) for k in defaults if k in config}
        if all(math.isclose(strengths.get(k, 0), v, rel_tol=1e-6, abs_tol=1e-12) for k, v in defaults.items()) and name in REGULARIZERS:
            return name  # written as float32, Keras's 0.01 comes back as 0.009999999776482582
    elif snake(cls) in CONSTRAINTS:
        return snake(cls)
    elif cls in param.choices or snake(cls) in param.choices:
        return cls if cls in param.choices else snake(cls)
    raise ImportProblem(loc, "import_value", value=show(value), names=", ".join(param.choices))


def _object(kind: str, obj: Any, loc: tuple, at: Where) -> dict[str, Any]:
    """{"class_name", "config"} of `kind` from a Keras-serialized object (`at` in the document)."""
    obj = _dict(obj, at)
    name = _field(obj, "class_name", at, _str)
    if kind == "layers" and name == "Functional":
        return _pretrained(_optional(obj, "config", at, _dict, {}), loc, (*at, "config"))
    entry = REGISTRIES[kind].get(name)
    if entry is None:
        raise ImportProblem((*loc, "class_name"), "import_class", kind=REGISTRIES[kind].label.to_json(), value=show(name))
    config: dict[str, Any] = {}
    written = _optional(obj, "config", at, _dict, {})
    for key, value in AS_WRITTEN.get(name, lambda c: c)(written).items():
        param = entry.param(key)
        if key in IGNORED or (param is None and (value in NEUTRAL or UNOFFERED_DEFAULTS.get(key, object()) == value or (key == "trainable" and value is True))):
            continue
        if param is None:
            raise ImportProblem((*loc, "config", key), "import_argument", cls=name, value=show(value))
        value = _value(param, value, (*loc, "config", key), (*at, "config", key))
        if param.required or value != param.default or isinstance(param, Nested):
            config[key] = value  # a value at Keras's default is left out, as a learner would write it
    if "trainable" in config and config["trainable"] is True:
        del config["trainable"]
    return {"class_name": name, "config": config}


def _pretrained(config: dict[str, Any], loc: tuple, at: Where) -> dict[str, Any]:
    """A model used as a layer is one of the app's pretrained bases (lesson 49),
    recognised by its layers; whether it and its BatchNormalization layers are frozen."""
    layers = [_dict(layer, (*at, "layers", i)) for i, layer in enumerate(_optional(config, "layers", at, _list, []))]
    configs = [_optional(layer, "config", (*at, "layers", i), _dict, {}) for i, layer in enumerate(layers)]
    seen = tuple((layer.get("class_name"), c.get("name")) for layer, c in zip(layers, configs, strict=True))
    base = next((name for name, about in BASES.items() if about["layers"] == seen), None)
    if base is None:
        raise ImportProblem((*loc, "class_name"), "import_class", kind=REGISTRIES["layers"].label.to_json(), value=show("Functional"))
    out: dict[str, Any] = {"model": base}
    if config.get("trainable", True) is not False:
        out["trainable"] = True
        norms = [c for layer, c in zip(layers, configs, strict=True) if layer.get("class_name") == "BatchNormalization"]
        if any(c.get("trainable", True) is not False for c in norms):
            out["freeze_batch_norm"] = False
    return {"class_name": "Pretrained", "config": out}


def _value(param, value: Any, loc: tuple, at: Where) -> Any:
    if isinstance(param, Nested) and value is not None:
        value = _dict(value, at)
        if param.many:
            if value.get("class_name") == "StackedRNNCells":
                cells = _field(_field(value, "config", at, _dict), "cells", (*at, "config"), _list)
                return [_object(param.registry, c, (*loc, i), (*at, "config", "cells", i)) for i, c in enumerate(cells)]
            return [_object(param.registry, value, (*loc, 0), at)]
        return _object(param.registry, value, loc, at)
    if getattr(param, "choices", None) is not None:
        return _choice(param, value, loc, at)
    if isinstance(param, Int) and isinstance(value, list) and len(value) <= 1:
        return value[0] if value else None  # Keras writes an axis as a tuple: Normalization's -1 as [-1], None as []
    return value


def _input(shape: Any, dtype: Any, loc: tuple, at: Where) -> tuple[list[Any], Any]:
    """The shape without its batch axis, from `shape` (at `at` in the document);
    an axis Keras leaves open (null, as in [null, null, 2]) stays null."""
    if shape is not None and not isinstance(shape, list):
        raise _wrong(at, "shape", shape)
    if not shape or len(shape) < 2:
        raise ImportProblem(loc, "import_input", value=show(shape))
    return list(shape[1:]), dtype or "float32"


def _input_layer(layer: dict[str, Any], loc: tuple, at: Where) -> tuple[list[Any], Any]:
    config = _field(layer, "config", at, _dict)
    key = "batch_shape" if config.get("batch_shape") else "batch_input_shape"
    return _input(config.get(key), config.get("dtype"), loc, (*at, "config", key))


def _sequential(config: dict[str, Any]) -> dict[str, Any]:
    at = ("config", "layers")
    layers = list(enumerate(_optional(config, "layers", ("config",), _list, [])))
    if layers and _dict(layers[0][1], (*at, 0)).get("class_name") == "InputLayer":
        shape, dtype = _input_layer(layers.pop(0)[1], ("model", "input"), (*at, 0))
    elif config.get("build_input_shape"):
        shape, dtype = _input(config["build_input_shape"], None, ("model", "input"), ("config", "build_input_shape"))
    else:
        raise ImportProblem(("model", "input"), "import_input", value="none")
    out = []
    for i, (j, layer) in enumerate(layers):
        item = _object("layers", layer, ("model", "layers", i), (*at, j))
        name = (layer.get("config") or {}).get("name")
        if name is not None:
            _str(name, (*at, j, "config", "name"))
        if name and not re.fullmatch(re.escape(keras_auto_name(layer["class_name"])) + r"(_\d+)?", name) and name != item["config"].get("model"):
            item["config"]["name"] = name  # a name the learner chose, not one Keras numbered
        out.append(item)
    return {"kind": "sequential", "input": {"shape": shape, "dtype": dtype}, "layers": out}


# Layers that a spec calls on one tensor as query and value (app/worker/build.py: call).
SELF_CALLED = frozenset(e.class_name for e in REGISTRIES["layers"] if e.call == "args")


def _functional(config: dict[str, Any]) -> dict[str, Any]:
    inputs, nodes = [], []
    first_node: dict[str, str] = {}

    def tensor_name(history: tuple[str, int, int]) -> str:
        layer, node_index, tensor_index = history
        if tensor_index != 0:
            raise ImportProblem(("model", "nodes"), "import_multi_output", value=show(layer))
        return layer if node_index == 0 else f"{layer}_{node_index}"

    def histories(key: str) -> list[tuple[str, int, int]]:
        """config[key]: one [layer name, node index, tensor index], or a list of them."""
        at = ("config", key)
        value = _optional(config, key, ("config",), _list, [])
        if value and not isinstance(value[0], list):
            return [_history(value, at)]
        return [_history(v, (*at, i)) for i, v in enumerate(value)]

    for i, layer in enumerate(_optional(config, "layers", ("config",), _list, [])):
        at = ("config", "layers", i)
        layer = _dict(layer, at)
        name = layer.get("name")
        if name is None or name == "":
            name = _field(_field(layer, "config", at, _dict), "name", (*at, "config"), _str)
        name = _str(name, (*at, "name"))
        if layer.get("class_name") == "InputLayer":
            shape, dtype = _input_layer(layer, ("model", "inputs", len(inputs)), at)
            inputs.append({"name": name, "shape": shape, "dtype": dtype})
            continue
        for call, node in enumerate(_optional(layer, "inbound_nodes", at, _list, [])):
            node_at = (*at, "inbound_nodes", call)
            args = _optional(_dict(node, node_at), "args", node_at, _list, [])
            args_at = (*node_at, "args")
            if args and isinstance(args[0], list):
                args, args_at = args[0], (*args_at, 0)
            sources = [
                tensor_name(_field(_field(t, "config", (*args_at, k), _dict), "keras_history", (*args_at, k, "config"), _history))
                for k, t in enumerate(args) if isinstance(t, dict) and t.get("class_name") == "__keras_tensor__"
            ]
            if len(sources) == 2 and sources[0] == sources[1] and layer.get("class_name") in SELF_CALLED:
                sources = sources[:1]  # attention called as layer(x, x): self-attention, one input in a spec
            node_name = name if call == 0 else f"{name}_{call}"
            if call == 0:
                item = _object("layers", layer, ("model", "nodes", len(nodes)), at)
                nodes.append({"name": node_name, **item, "inputs": sources})
                first_node[name] = node_name
            else:
                nodes.append({"name": node_name, "reuse": first_node[name], "inputs": sources})
    histories("input_layers")  # the inputs are read from the layers above; checked all the same
    return {"kind": "functional", "inputs": inputs, "nodes": nodes, "outputs": [tensor_name(h) for h in histories("output_layers")]}


def _policy(config: dict[str, Any]) -> str | None:
    """The model's dtype policy when it is one a spec offers other than float32
    (Keras writes it as the model's `dtype`); others are left to the default, as a layer's `dtype` is."""
    written = config.get("dtype")
    name = written.get("config", {}).get("name") if isinstance(written, dict) and isinstance(written.get("config"), dict) else written
    return name if name in DTYPE_POLICY.choices and name != DTYPE_POLICY.default else None


def spec_from_keras_json(text: Any) -> dict[str, Any]:
    """A spec (model part only) from `model.to_json()`'s output, or SpecError."""
    try:
        data = json.loads(text) if isinstance(text, str) else text
    except RecursionError:  # nested deeper than Python reads
        raise SpecError([SpecIssue((), "import_depth", {"max": MAX_DEPTH})]) from None
    except ValueError as e:  # not JSON, or an integer of more digits than Python reads
        raise SpecError([SpecIssue((), "import_json", {"detail": str(e)})]) from None
    try:
        _check_depth(data)
        name = data.get("class_name") if isinstance(data, dict) else data
        subclass = REGISTRIES["models"].get(name) if isinstance(name, str) else None
        if name not in ("Sequential", "Functional", "Model") and subclass is None:
            raise ImportProblem(("class_name",), "import_model", value=show(name))
        config = _field(data, "config", (), _dict)
        model = _sequential(config) if name == "Sequential" else _functional(config)
        policy = _policy(config)
        if policy:
            model["dtype_policy"] = policy
        if subclass is not None:  # one of the app's keras.Model subclasses: its graph, and its own arguments
            own = {"class_name": name, "config": {p.name: config[p.name] for p in subclass.params if p.name in config}}
            model["subclass"] = _object("models", own, ("model", "subclass"), ("config",))
    except ImportProblem as e:
        raise SpecError([e.issue]) from None
    return {"model": model}
