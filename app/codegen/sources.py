"""Source text of the app's own code that a standalone script must carry:
the data set loaders and the classes Keras 3 removed. Read as text with
`ast` (the web process never imports the Keras-side modules)."""

from __future__ import annotations

import ast
import threading
from functools import cache
from pathlib import Path

APP = Path(__file__).resolve().parent.parent
# CPython 3.11's parser is not safe from two threads at once ("AST constructor
# recursion depth mismatch", seen when a page asked for its code as text and
# as HTML together), and @cache does not stop two first calls racing.
_parsing = threading.Lock()


@cache
def _module(path: str) -> tuple[str, ast.Module]:
    text = (APP / path).read_text(encoding="utf-8")
    with _parsing:
        return text, ast.parse(text)


def _segment(path: str, node: ast.AST) -> str:
    text, _ = _module(path)
    lines = text.splitlines()
    start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    return "\n".join(lines[start - 1 : node.end_lineno])


def module_body(path: str) -> str:
    """A module's code without its docstring and `from __future__` line."""
    text, tree = _module(path)
    body = [n for n in tree.body if not (isinstance(n, ast.ImportFrom) and n.module == "__future__")]
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return "\n\n".join(_segment(path, n) for n in body)


def functions_with_helpers(path: str, name: str) -> str:
    """A module-level function with what it needs from its module, in order:
    the imports and constants it names, then its helper functions, then it."""
    _, tree = _module(path)
    defs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    constants = {t.id: n for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
    imports = {}
    for n in tree.body:
        if isinstance(n, ast.Import | ast.ImportFrom) and not (isinstance(n, ast.ImportFrom) and n.module == "__future__"):
            for alias in n.names:
                imports[(alias.asname or alias.name).split(".")[0]] = n
    order: list[str] = []
    needed: list[ast.AST] = []

    def visit(node: ast.AST, own: str | None = None) -> None:
        for sub in ast.walk(node):
            if not isinstance(sub, ast.Name) or sub.id == own:
                continue
            if sub.id in defs and sub.id not in order:
                visit(defs[sub.id], sub.id)
                order.append(sub.id)
            elif sub.id in constants and constants[sub.id] not in needed:
                needed.append(constants[sub.id])  # before visiting: a constant names itself
                visit(constants[sub.id])
            elif sub.id in imports and imports[sub.id] not in needed:
                needed.append(imports[sub.id])

    visit(defs[name], name)
    order.append(name)
    head = [_segment(path, n) for n in needed if isinstance(n, ast.Import | ast.ImportFrom)]
    head = [line for line in head if line not in ("import numpy as np",)]  # the script imports NumPy already
    consts = [_segment(path, n) for n in needed if isinstance(n, ast.Assign)]
    body = [_segment(path, defs[n]) for n in order]
    return "\n\n\n".join(part for part in ["\n".join(head), "\n".join(consts), *body] if part)


@cache
def lambda_function_names() -> dict[str, str]:
    """Registered name → Python function name in app/keras_ext/lambdas.py (abs → absolute)."""
    _, tree = _module("keras_ext/lambdas.py")
    names = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            for d in node.decorator_list:
                if isinstance(d, ast.Call) and getattr(d.func, "id", "") == "_register":
                    names[d.args[0].value] = node.name
    return names


# Where each of the app's own classes lives, by catalog name.
APP_MODULES = {
    "LocallyConnected1D": "keras_ext/locally_connected.py",
    "LocallyConnected2D": "keras_ext/locally_connected.py",
    "ThresholdedReLU": "keras_ext/activations.py",
    "MinimalRNNCell": "keras_ext/cells.py",
    "Lambda": "keras_ext/lambdas.py",
    "epoch_schedules": "keras_ext/schedules.py",
    "GradientNormModel": "keras_ext/models.py",
    "Pretrained": "keras_ext/pretrained.py",
}
# Why a script carries the app's module (by default: Keras 3 no longer has the class).
APP_NOTES = {
    "keras_ext/models.py": "a keras.Model with its own train_step (lesson 47)",
    "keras_ext/pretrained.py": "a base the app pretrained (lesson 49); put its .keras file, from the app's /static/bases/, in a folder bases/ next to this script",
}
