"""The "Things to try" of a lesson, made in the page: each lesson folder's
tries.json lists, per numbered item of its "In the playground" section, the
changes the item asks for and what the text says follows. See docs/lessons.md.

    {"steps": [{"step": 2, "from": "preset" | "previous",
                "do": [{"set": {"<spec path>": value}}, {"add": "Class", "at": 3},
                       {"remove": 1}, {"move": 2, "by": -1}, {"callback": "EarlyStopping"},
                       {"metric": "accuracy"}, {"kind": "functional"}, {"click": "<test id>"}],
                "train": false,
                "expect": {"problem": "<spec path prefix>"} or {"total_params": 4640,
                           "params": {"1": 4640}, "shapes": {"0": "(None, 6, 6, 16)"},
                           "status": "succeeded", "status_text": "stopped early"}}]}
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.browser.pw import SPEC, STATUS, field, ready, settled

LESSONS = Path(__file__).resolve().parents[2] / "app" / "lessons"


def tries(folder: Path) -> list[dict]:
    return json.loads((folder / "tries.json").read_text(encoding="utf-8"))["steps"]


def typed(value) -> str:
    """A value as a learner types it into a text field."""
    if isinstance(value, list):
        return "(" + ", ".join("None" if v is None else str(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return str(value)


def card(page) -> str:
    """The test id prefix of a layer's card: `layer` (Sequential) or `node` (functional)."""
    return "node" if page.locator("[data-testid=node-list]").count() else "layer"


def apply(page, action: dict) -> None:
    if "set" in action:
        for path, value in action["set"].items():
            control = field(page, path)
            control.wait_for(state="attached", timeout=10_000)
            # an advanced argument is folded away: open it as a learner would
            page.evaluate("el => { for (let d = el.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true; }", control.element_handle())
            kind = control.evaluate("el => el.tagName === 'SELECT' ? 'select' : el.type")
            if kind == "select":
                control.select_option(str(value) if value is not None else "")
            elif kind == "checkbox":
                control.set_checked(bool(value))
            else:
                control.fill(typed(value))
                control.dispatch_event("change")  # a node's name is committed on change
            page.wait_for_timeout(50)
    elif "add" in action:
        if page.locator("[data-testid=add-node]").count():  # a functional model
            page.select_option("[data-testid=add-node-class]", action["add"])
            if "at" in action:
                page.select_option("[data-testid=add-node-position]", str(action["at"]))
            page.click("[data-testid=add-node]")
        else:
            page.select_option("[data-testid=add-layer-class]", action["add"])
            if "at" in action:
                page.select_option("[data-testid=add-layer-position]", str(action["at"]))
            page.click("[data-testid=add-layer]")
    elif "remove" in action:
        page.click(f"[data-testid={card(page)}-{action['remove']}-remove]")
    elif "move" in action:
        page.click(f"[data-testid={card(page)}-{action['move']}-{'up' if action['by'] < 0 else 'down'}]")
    elif "callback" in action:
        page.locator(f"[data-testid=callback-{action['callback']}]").set_checked(not action.get("off", False))
    elif "metric" in action:
        page.locator(f'[data-testid="field-compile.metrics.{action["metric"]}"]').set_checked(not action.get("off", False))
    elif "kind" in action:
        page.click(f"[data-testid=kind-{action['kind']}]")
    elif "click" in action:  # any other control, by its test id (e.g. a nested list's "+ Add")
        page.click(f'[data-testid="{action["click"]}"]')
    else:
        raise AssertionError(f"unknown action {action}")


def summary(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('[data-testid=summary-table] tbody tr')].map((tr) => {
        const cells = [...tr.cells].map((c) => c.innerText.trim());
        return { shape: cells[1], params: Number((cells[2] ?? '').replace(/[^0-9]/g, '')) };
    })""")


def check(page, expect: dict, where: str) -> None:
    settled(page)
    problems = page.evaluate("[...document.querySelectorAll('#playground .field-error:not([hidden])')].map((e) => `${e.dataset.errorFor}: ${e.innerText}`)")
    listed = page.locator("[data-testid=summary-errors]")
    if "problem" in expect:
        assert any(p.startswith(expect["problem"]) for p in problems), f"{where}: expected a problem at {expect['problem']}; the page shows {problems}"
    else:
        assert problems == [] and listed.is_hidden(), f"{where}: expected the change to build; the page shows {problems} {listed.inner_text() if listed.is_visible() else ''}"
    rows = summary(page)
    if "total_params" in expect:
        got = int(page.locator("[data-total-params]").get_attribute("data-total-params"))
        assert got == expect["total_params"], f"{where}: total params {got}, the text says {expect['total_params']}"
    for index, params in expect.get("params", {}).items():
        assert rows[int(index)]["params"] == params, f"{where}: layer {index} has {rows[int(index)]['params']} params, the text says {params}"
    for index, shape in expect.get("shapes", {}).items():
        assert rows[int(index)]["shape"] == shape, f"{where}: layer {index} outputs {rows[int(index)]['shape']}, the text says {shape}"


def walk(page, slug: str, steps: list[dict]) -> None:
    page.goto(f"/lessons/{slug}")
    ready(page)
    preset = page.evaluate(SPEC)
    for step in steps:
        where = f"{slug}, step {step['step']}"
        if step.get("from", "preset") == "preset":
            page.click("[data-testid=reset-button]")
            page.wait_for_function(f"({SPEC})().then(s => JSON.stringify(s) === {json.dumps(json.dumps(preset))})")
            settled(page)
        for action in step.get("do", []):
            apply(page, action)
        expect = step.get("expect", {})
        check(page, expect, where)
        if step.get("train"):
            page.click("[data-testid=train-button]")
            page.wait_for_function(f"['succeeded', 'failed', 'cancelled', 'interrupted'].includes({STATUS})", timeout=120_000)
            status = page.evaluate(STATUS)
            assert status == expect.get("status", "succeeded"), f"{where}: the run ended {status}: {page.locator('[data-slot=run-error]').inner_text()}"
            if "status_text" in expect:
                text = page.locator("[data-testid=run-status]").inner_text()
                assert expect["status_text"] in text, f"{where}: the status says {text!r}, the text promises {expect['status_text']!r}"
