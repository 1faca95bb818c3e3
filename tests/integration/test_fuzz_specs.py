"""A fuzzer of specs, built from the catalog's own bounds: random valid and near-valid
models (any layer, any argument within its bounds or just past them, any optimizer)
sent to POST /api/inspect and POST /api/runs. Every answer is 200/201 or a 422 at a
field; no worker crashes; every run ends. `make fuzz` runs it longer."""

from __future__ import annotations

import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.catalog import REGISTRIES
from app.catalog.params import Bool, Choice, Float, Int

EXAMPLES = int(os.environ.get("KP_FUZZ_EXAMPLES", "40"))
TERMINAL = {"succeeded", "failed", "cancelled", "interrupted"}
# a server fault, not an answer about the spec
FAULTS = {"internal", "worker_killed", "worker_exited", "record_failed"}
NAME = ("name",)  # layer names are checked on their own (a pattern), and must be unique: left out


def value(param) -> st.SearchStrategy:
    """A value for one catalog argument: within its bounds mostly, sometimes just past them."""
    if isinstance(param, Int):
        inside = st.integers(param.lo, min(param.hi, param.lo + 64))  # large values only cost time
        return st.one_of(inside, inside, inside, st.sampled_from([param.lo - 1, param.hi + 1]))
    if isinstance(param, Float):
        inside = st.floats(param.lo, param.hi, exclude_min=param.lo_open, exclude_max=param.hi_open, allow_nan=False)
        return st.one_of(inside, inside, inside, st.sampled_from([param.lo - 1.0, param.hi + 1.0, float("1e308")]))
    if isinstance(param, Bool):
        return st.one_of(st.booleans(), st.booleans(), st.just("yes"))
    if isinstance(param, Choice):
        return st.one_of(st.sampled_from(param.choices), st.sampled_from(param.choices), st.just("no_such_choice"))
    return st.just(param.default)


def keras_object(kind: str, names: list[str] | None = None) -> st.SearchStrategy:
    registry = REGISTRIES[kind]
    entries = [registry.get(n) for n in names] if names else list(registry)

    def config(entry) -> st.SearchStrategy:
        params = [p for p in entry.params if p.name not in NAME]
        chosen = st.lists(st.sampled_from(params), max_size=4, unique_by=lambda p: p.name) if params else st.just([])
        required = {p.name: st.just(p.default) for p in params if p.required}
        return chosen.flatmap(lambda ps: st.fixed_dictionaries(required | {p.name: value(p) for p in ps}))

    return st.sampled_from(entries).flatmap(lambda e: config(e).map(lambda c: {"class_name": e.class_name, "config": c}))


SPECS = st.fixed_dictionaries({
    "dataset": st.fixed_dictionaries({"name": st.sampled_from(["moons", "circles", "xor"]), "options": st.just({"n_samples": 120})}),
    "model": st.fixed_dictionaries({
        "input": st.just({"shape": [2]}),
        "layers": st.lists(keras_object("layers"), min_size=0, max_size=3).map(
            lambda hidden: [*hidden, {"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}}]),
    }),
    "compile": st.fixed_dictionaries({
        "optimizer": keras_object("optimizers"),
        "loss": st.sampled_from(["binary_crossentropy", "mse", "hinge"]),
        "metrics": st.just(["accuracy"]),
    }),
    "fit": st.fixed_dictionaries({"epochs": st.integers(1, 2), "batch_size": st.sampled_from([8, 32, 0, 100_000])}),
})  # fmt: skip


def located(reply) -> bool:
    detail = reply.json()["detail"]
    return isinstance(detail, list) and detail and all(p["loc"][:1] == ["body"] and p["msg"] for p in detail)


def test_random_specs_get_an_answer_or_a_located_422_and_every_run_ends(server):
    runs: list[str] = []
    seen = {"inspected": 0, "refused": 0, "queued": 0}

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(SPECS)
    def each(spec):
        reply = server.post("/api/inspect", json=spec)
        assert reply.status_code in (200, 422), (reply.status_code, reply.text[:500], spec)
        if reply.status_code == 422:
            seen["refused"] += 1
            assert located(reply), reply.text[:500]
            return
        seen["inspected"] += 1
        if reply.json()["problems"]:
            return  # the summary names what does not fit its data; Train would be refused
        run = server.post("/api/runs", json=spec)
        assert run.status_code in (201, 422), (run.status_code, run.text[:500], spec)
        if run.status_code == 201:
            runs.append(run.json()["id"])
            seen["queued"] += 1
        else:
            assert located(run), run.text[:500]

    each()
    print(seen, len(runs))
    assert seen["inspected"] and seen["refused"], seen  # both kinds of answer were exercised
    deadline = time.monotonic() + 60 + 10 * len(runs)
    ended = {}
    for run_id in runs:
        while (run := server.get(f"/api/runs/{run_id}").json())["status"] not in TERMINAL and time.monotonic() < deadline:
            time.sleep(0.2)
        ended[run_id] = run
    assert all(r["status"] in TERMINAL for r in ended.values()), [(i, r["status"]) for i, r in ended.items() if r["status"] not in TERMINAL]
    faults = [(i, r["why"]) for i, r in ended.items() if (r.get("why") or {}).get("code") in FAULTS]
    assert faults == [], faults
