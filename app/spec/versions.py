"""Versions of the stored spec format.

Each run stores the version of the format its spec was written in
(`runs.spec_version`; null means 1). When the format changes, CURRENT goes up
and UPGRADES gains the step from the old version to the new one, so a run
stored before opens, continues and exports as if written today. Version 1 is
the format app/spec/spec.md describes as of 2026-12.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CURRENT = 1
# version N -> a function turning a version-N spec into a version-(N+1) one
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def upgraded(spec: dict[str, Any], version: int | None) -> dict[str, Any]:
    """`spec`, stored in `version` (None: 1), in the CURRENT format."""
    step = version or 1
    if step > CURRENT:
        raise ValueError(f"a spec of version {step} is newer than this version of the app ({CURRENT})")
    while step < CURRENT:
        spec = UPGRADES[step](spec)
        step += 1
    return spec
