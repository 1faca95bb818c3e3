"""Catalog entries and the registries that collect them.

An entry is one row: a Keras class, its help text and its parameters. A
registry holds the entries of one kind (layers, optimizers, ...). Adding a
class to the app means adding one entry; the form, the validation and the
worker's allow-list all follow from it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from app.catalog.params import Param, ParamError
from app.i18n import T
from app.i18n.messages import show


@dataclass(frozen=True)
class Issue:
    """One problem found in a config, located relative to the config."""

    loc: tuple[str | int, ...]
    code: str
    ctx: dict[str, Any]


@dataclass(frozen=True)
class Entry:
    class_name: str
    group: str
    help: T
    params: tuple[Param, ...] = ()
    aliases: tuple[str, ...] = ()  # the strings Keras accepts for it (compile(loss="mse"))
    source: str = "keras"  # "keras", or "app" for classes the app provides (app/keras_ext)
    fixed: tuple[tuple[str, str], ...] = ()  # arguments the app sets itself, e.g. a checkpoint's path
    app_args: tuple[str, ...] = ()  # parameters the app acts on itself (adapt), never passed to the Keras constructor
    rules: Callable[[dict[str, Any]], list[Issue]] | None = None  # checks across arguments
    # How many tensors a call takes (functional nodes), and how they are passed:
    # "one" (a tensor), "list" (merge layers: one list), "args" (attention: query,
    # value, key; a single tensor is passed as query and value, self-attention).
    inputs: tuple[int, int | None] = (1, 1)
    call: str = "one"

    def call_with(self, args: list) -> tuple[list, bool]:
        """How a node passes its tensors (names, shapes or tensors) to this layer:
        (the arguments, whether they go as one list)."""
        if self.call == "args":
            return (args if len(args) > 1 else args * 2), False
        return args, self.call == "list" or len(args) > 1

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def check_config(self, config: dict[str, Any]) -> tuple[dict[str, Any], list[Issue]]:
        """The config with every value checked, and the problems found."""
        clean: dict[str, Any] = {}
        issues: list[Issue] = []
        for name, value in config.items():
            param = self.param(name)
            if param is None:
                names = ", ".join(p.name for p in self.params) or "(none)"
                issues.append(
                    Issue((name,), "unknown_argument", {"cls": self.class_name, "value": show(name), "names": names})
                )
                continue
            try:
                clean[name] = param.check(value)
            except ParamError as e:
                nested = getattr(e, "issues", None)
                if nested is not None:
                    issues += [Issue((name, *i.loc), i.code, i.ctx) for i in nested]
                else:
                    issues.append(Issue((name,), e.code, e.ctx))
        issues += [Issue((p.name,), "required", {}) for p in self.params if p.required and p.name not in config]
        if not issues and self.rules:
            issues += self.rules(clean)
        return clean, issues

    def keras_config(self, config: dict[str, Any]) -> dict[str, Any]:
        """The config without the app's own parameters: the Keras constructor's arguments."""
        return {name: value for name, value in config.items() if name not in self.app_args}

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def to_json(self) -> dict[str, Any]:
        return {
            "class_name": self.class_name,
            "group": self.group,
            "help": self.help.to_json(),
            "aliases": list(self.aliases),
            "source": self.source,
            "params": [p.to_json() for p in self.params],
            "inputs": list(self.inputs),
            "call": self.call,
        }


@dataclass
class Registry:
    """The entries of one kind, in the order the form lists them."""

    kind: str
    label: T
    entries: dict[str, Entry] = field(default_factory=dict)

    def add(self, *entries: Entry) -> None:
        for entry in entries:
            if entry.class_name in self.entries:
                raise ValueError(f"{self.kind} {entry.class_name} is registered twice")
            self.entries[entry.class_name] = entry

    def get(self, class_name: str) -> Entry | None:
        return self.entries.get(class_name)

    def by_alias(self, name: str) -> Entry | None:
        return next((e for e in self.entries.values() if name in e.aliases), None)

    def __iter__(self):
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def aliases(self) -> list[str]:
        return [a for e in self.entries.values() for a in e.aliases]

    def unknown(self, value: Any, names: Iterable[str] | None = None) -> Issue:
        """The issue for a class name (or alias) that is not in this registry."""
        names = list(names if names is not None else self.entries)
        close = difflib.get_close_matches(str(value), names, n=1, cutoff=0.6)
        hint = T(f" (did you mean {close[0]!r}?)", f"（是不是想写 {close[0]!r}？）") if close else T("", "")
        return Issue((), "unknown_class", {"kind": self.label.to_json(), "hint": hint.to_json(), "value": show(value)})

    def to_json(self) -> list[dict[str, Any]]:
        return [e.to_json() for e in self.entries.values()]
