"""Inspect a spec's model in the fast lane, with a small cache.

The live summary asks on every keystroke, and pressing Train checks the same
spec again: both are answered from the cache when nothing that affects the
model changed.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import Any

from app.jobs.backend import InspectTimeout, JobBackend, unexpected
from app.spec.errors import SpecError, SpecIssue
from app.spec.models import Spec
from app.spec.validate import dataset_problems

CACHE_SIZE = 256


class Inspector:
    def __init__(self, backend: JobBackend, timeout: float):
        self.backend = backend
        self.timeout = timeout
        self._cache: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def inspect(self, spec: Spec, lang: str = "en") -> dict[str, Any]:
        """Keras's description of the model, with any way it does not fit its data
        and loss rendered in `lang`; SpecError if Keras cannot build it at all."""
        data = dataset_problems(spec)
        result = dict(self._ask(spec, check=not data))  # the loss check needs matching data
        found = data + _issues(result["problems"])
        result["problems"] = SpecError(found).detail(lang) if found else []
        return result

    def check_run(self, spec: Spec) -> None:
        """SpecError unless the model builds and fits its data and loss."""
        problems = self._ask(spec, check=True)["problems"]
        if problems:
            raise SpecError(_issues(problems))

    def _ask(self, spec: Spec, *, check: bool) -> dict[str, Any]:
        payload = {
            "model": spec.model.model_dump(mode="json"),
            "dataset": spec.dataset.model_dump(mode="json") if (check and spec.dataset) else None,
            "compile": spec.compile.model_dump(mode="json") if (check and spec.compile) else None,
            # the largest activation is bounded per batch (app/worker/params.py)
            "fit": {"batch_size": spec.fit.batch_size} if spec.fit else None,
        }
        key = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        with self._lock:
            reply = self._cache.get(key)
            if reply is not None:
                self._cache.move_to_end(key)
        if reply is None:
            # A timeout and an unexpected error are answers too: kept like any other, so
            # asking again (every keystroke) does not hold the inspector again.
            request = {"task": "inspect", "spec": payload, "check": check}
            try:
                reply = self.backend.ask(request)
            except InspectTimeout:
                reply = {"ok": False, "issues": [{"loc": ["model"], "code": "timeout", "ctx": {"seconds": f"{self.timeout:g}"}}]}
            if "error" in reply:
                reply = unexpected(request, reply, ["model"])
            with self._lock:
                self._cache[key] = reply
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        if not reply["ok"]:
            raise SpecError(_issues(reply["issues"]))
        return reply["result"]


def _issues(raw: list[dict[str, Any]]) -> list[SpecIssue]:
    return [SpecIssue(tuple(i["loc"]), i["code"], i["ctx"]) for i in raw]
