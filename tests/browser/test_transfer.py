"""Lesson 49 in the page: its preset trains a head on the frozen pretrained base, then
the run is continued from the Files view with "unfreeze" and a lower learning rate,
as its "Things to try" ask; the continued run fine-tunes the base, and the page
follows it."""

from __future__ import annotations

import json

from tests.browser.pw import SPEC, ready, spec, wait_status

HASH_RUN = "new URLSearchParams(location.hash.slice(1)).get('run')"


def run_id(page) -> str:
    return page.evaluate(HASH_RUN)


def test_the_preset_is_fine_tuned_by_continuing_it_with_unfreeze(page, server):
    page.goto("/lessons/transfer-learning")
    ready(page)
    preset = spec(page)
    base = preset["model"]["layers"][0]
    assert base["class_name"] == "Pretrained" and base["config"]["trainable"] is False
    assert page.locator("[data-total-params]").get_attribute("data-total-params") == "5109"

    page.click("[data-testid=train-button]")
    wait_status(page, "succeeded")
    parent = run_id(page)
    epochs = preset["fit"]["epochs"]
    assert server.get(f"/api/runs/{parent}").json()["spec"]["model"]["layers"][0]["config"]["trainable"] is False

    page.click("[data-testid=tab-files]")
    unfreeze = page.locator("[data-testid=continue-unfreeze]")
    unfreeze.wait_for(state="visible")  # the run's base is frozen: it can be unfrozen
    page.fill("[data-testid=continue-epochs]", "3")
    page.fill("[data-testid=continue-lr]", "0.001")
    unfreeze.check()
    page.click("[data-testid=continue-button]")

    # the page follows the continued run: its address, its status, its curves after the parent's
    page.wait_for_function(f"{HASH_RUN} && {HASH_RUN} !== {json.dumps(parent)}")
    child = run_id(page)
    wait_status(page, "succeeded")
    page.wait_for_function(f"document.querySelector('[data-testid=chart-loss]')?.data?.[0]?.x?.length === {epochs + 3}", timeout=30_000)
    assert page.evaluate("document.querySelector('[data-testid=chart-loss]').data[0].x") == list(range(1, epochs + 4))

    run = server.get(f"/api/runs/{child}").json()
    assert run["status"] == "succeeded"
    assert [e["epoch"] for e in run["epochs"]] == [epochs, epochs + 1, epochs + 2]
    tuned = run["spec"]["model"]["layers"][0]
    assert tuned["class_name"] == "Pretrained" and tuned["config"]["trainable"] is True
    assert tuned["config"].get("freeze_batch_norm", True) is True  # its BatchNormalization stays frozen
    assert run["spec"]["compile"]["optimizer"] == {"class_name": "Adam", "config": {"learning_rate": 0.001}}
    assert run["spec"]["resume"]["run"] == parent and run["spec"]["resume"]["initial_epoch"] == epochs

    # the continued run is fine-tuned already: its Files view offers more epochs, nothing to unfreeze
    page.click("[data-testid=tab-files]")
    page.wait_for_selector("[data-testid=continue-button]")
    page.wait_for_timeout(500)  # the view asks the server about the run it shows
    assert page.locator("[data-testid=continue-unfreeze]").count() == 0
    # and the form still holds the lesson's preset, frozen: continuing never edits it
    assert page.evaluate(f"({SPEC})()")["model"]["layers"][0]["config"]["trainable"] is False
    assert page.errors == []
