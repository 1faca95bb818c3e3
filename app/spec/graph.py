"""Checks of a functional model's graph: names, references, arity, outputs."""

from __future__ import annotations

from app.catalog import LAYERS
from app.i18n.messages import show
from app.spec.errors import SpecIssue
from app.spec.models import FunctionalModel

ARITY_CODES = {"list": "merge_arity", "args": "attention_arity", "one": "single_input"}


def check_graph(model: FunctionalModel) -> list[SpecIssue]:
    issues: list[SpecIssue] = []
    known: list[str] = []  # inputs and nodes, in order
    creators: list[str] = []  # nodes that create a layer
    classes: dict[str, str] = {}
    for i, item in enumerate(model.inputs):
        if item.name in known:
            issues.append(SpecIssue(("model", "inputs", i, "name"), "duplicate_name", {"value": show(item.name)}))
        known.append(item.name)
    for i, node in enumerate(model.nodes):
        loc = ("model", "nodes", i)
        if node.name in known:
            issues.append(SpecIssue((*loc, "name"), "duplicate_name", {"value": show(node.name)}))
        for j, name in enumerate(node.inputs):
            if name not in known:
                issues.append(SpecIssue((*loc, "inputs", j), "unknown_name", {"names": ", ".join(known) or "none", "value": show(name)}))
        if node.reuse is not None:
            if node.reuse not in creators:
                issues.append(SpecIssue((*loc, "reuse"), "reuse_target", {"names": ", ".join(creators) or "none", "value": show(node.reuse)}))
            cls = classes.get(node.reuse)
        else:
            cls = node.class_name
            if "name" in node.config:
                issues.append(SpecIssue((*loc, "config", "name"), "node_name_config", {"value": show(node.config["name"])}))
            creators.append(node.name)
        entry = LAYERS.get(cls) if cls is not None else None
        if entry is not None:
            classes[node.name] = cls
            lo, hi = entry.inputs
            if not lo <= len(node.inputs) <= (hi or len(node.inputs)):
                code = ARITY_CODES[entry.call]
                issues.append(SpecIssue((*loc, "inputs"), code, {"cls": cls, "count": len(node.inputs)}))
        known.append(node.name)
    for i, name in enumerate(model.outputs):
        if name not in creators:
            issues.append(SpecIssue(("model", "outputs", i), "output_node", {"names": ", ".join(creators) or "none", "value": show(name)}))
        elif name in model.outputs[:i]:
            issues.append(SpecIssue(("model", "outputs", i), "duplicate_name", {"value": show(name)}))
    return issues
