"""Live controls in the page, as TensorFlow Playground has them, on real
Keras: pause, one more epoch, a new learning rate, resume; and the run's
network drawn neuron by neuron."""

from __future__ import annotations

import json

import pytest

from tests.browser.pw import link, ready, wait_status

EPOCHS = "(document.querySelector('[data-testid=chart-loss]').data?.[0]?.y.length ?? 0)"

LONG = {
    "dataset": {"name": "moons", "options": {"n_samples": 3000, "noise": 0.2}},
    "model": {"kind": "sequential", "input": {"shape": [2]}, "layers": [
        {"class_name": "Dense", "config": {"units": 8, "activation": "relu"}},
        {"class_name": "Dense", "config": {"units": 4, "activation": "tanh"}},
        {"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}}]},
    "compile": {"optimizer": {"class_name": "Adam", "config": {"learning_rate": 0.02}}, "loss": "binary_crossentropy", "metrics": ["accuracy"]},
    "fit": {"epochs": 60, "batch_size": 16, "validation_split": 0.2, "shuffle": True},
    "callbacks": [],
}


def test_pause_step_set_the_learning_rate_and_resume(page, server):
    page.goto(link(LONG, "neural-network-basics"))
    ready(page)
    assert page.locator("[data-testid=pause-button]").is_disabled()  # nothing to pause yet
    page.click("[data-testid=train-button]")
    page.wait_for_function(f"{EPOCHS} >= 1", timeout=60_000)
    page.click("[data-testid=pause-button]")
    wait_status(page, "paused", timeout=10_000)
    assert page.locator("[data-testid=pause-button]").get_attribute("aria-pressed") == "true"
    held = page.evaluate(EPOCHS)
    page.wait_for_timeout(1500)
    assert page.evaluate(EPOCHS) == held  # paused: no epoch goes by
    assert page.locator("[data-testid=run-status]").inner_text().startswith("Paused after epoch")

    # one more epoch, then paused again
    page.click("[data-testid=step-button]")
    page.wait_for_function(f"{EPOCHS} === {held + 1}", timeout=30_000)
    wait_status(page, "paused", timeout=10_000)
    page.wait_for_timeout(1000)
    assert page.evaluate(EPOCHS) == held + 1

    # a new learning rate while paused, shown in the next epochs
    page.fill("[data-testid=live-lr]", "0.005")
    page.click("[data-testid=set-lr-button]")
    page.wait_for_function("document.querySelector('[data-testid=live-lr]').value === '0.005'")
    page.click("[data-testid=pause-button]")  # resume
    page.wait_for_function(f"{EPOCHS} >= {held + 3}", timeout=60_000)
    page.click("[data-testid=cancel-button]")
    wait_status(page, "cancelled", timeout=30_000)
    page.wait_for_function(f"document.querySelector('[data-testid=chart-lr]').data[0].y.length >= {held + 3}")
    rates = page.evaluate("document.querySelector('[data-testid=chart-lr]').data[0].y")
    assert rates[held] == pytest.approx(0.02) and rates[held + 1] == pytest.approx(0.005) and rates[held + 2] == pytest.approx(0.005)
    marks = page.locator("[data-testid=chart-lr] svg .mark-label.control").all_text_contents()
    assert marks == ["set to 0.005"]

    # every control is an event of the run, replayed after a reload
    run_id = page.evaluate("location.hash").split("run=")[1].split("&")[0]
    events = server.events(run_id)
    controls = [(e["action"], e.get("reason"), e.get("learning_rate")) for e in events if e["type"] == "control"]
    assert controls == [("pause", None, None), ("step", None, None), ("pause", "step", None), ("set", None, 0.005), ("resume", None, None)]
    page.reload()
    ready(page)
    wait_status(page, "cancelled")
    page.wait_for_function("document.querySelectorAll('[data-testid=chart-lr] svg .mark-label.control').length === 1")
    assert page.errors == []


def test_the_network_is_drawn_neuron_by_neuron(page):
    short = json.loads(json.dumps(LONG))
    short["dataset"]["options"]["n_samples"] = 300
    short["fit"]["epochs"] = 3
    page.goto(link(short, "neural-network-basics"))
    ready(page)
    page.click("[data-testid=tab-network]")
    assert "Train a model of Dense layers" in page.locator("#panel-network").inner_text()
    page.click("[data-testid=train-button]")
    wait_status(page, "succeeded")
    page.wait_for_selector("[data-testid=network] .unit")
    # inputs x1, x2, then 8, 4 and 1 units, each a picture of its output over the plane
    assert page.locator("[data-testid=network] .unit").count() == 2 + 8 + 4 + 1
    assert page.locator("[data-testid=network] .unit image").count() == 15
    assert page.locator("[data-testid=network] .wires path").count() == 2 * 8 + 8 * 4 + 4 * 1
    assert page.locator("[data-testid=network-epoch]").get_attribute("max") == "3"
    # pointing at a unit shows its incoming weights
    page.locator("[data-testid=network] .unit[data-unit='2:0']").hover()
    detail = page.locator("[data-testid=network-detail]")
    assert detail.locator("tbody tr").count() == 8
    assert page.locator("[data-testid=network] .wires path.lit").count() == 8
    # and the keyboard reaches them too
    page.locator("[data-testid=network] .unit[data-unit='3:0']").focus()
    assert detail.locator("tbody tr").count() == 4
    # back in time with the slider
    page.locator("[data-testid=network-epoch]").fill("1")
    assert "Epoch 1" in page.locator("#panel-network").inner_text()
    assert page.errors == []
