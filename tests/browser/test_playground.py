"""A learner's path in real Chromium: read, edit the model, train, switch language."""

from __future__ import annotations

from urllib.parse import urlparse

LAST_EPOCH = "() => document.querySelector('[data-testid=chart-loss]').data?.[0]?.y.length"


def summary_rows(page) -> int:
    return page.locator("[data-testid=summary-table] tbody tr").count()


def total_params(page) -> int:
    return int(page.locator("[data-total-params]").get_attribute("data-total-params"))


def wait_summary(page, rows: int) -> None:
    page.wait_for_function(f"document.querySelectorAll('[data-testid=summary-table] tbody tr').length === {rows} && !document.querySelector('#playground').dataset.inspecting")


def test_index_lists_the_lessons(page):
    page.goto("/")
    link = page.get_by_role("link", name="The Sequential model")
    link.click()
    page.wait_for_url("**/lessons/sequential-model**")
    assert page.locator("h1").inner_text() == "The Sequential model"


def test_edit_train_and_switch_language(page, server):
    page.goto("/lessons/sequential-model")
    wait_summary(page, 5)
    assert total_params(page) == 20 * 64 + 64 + 64 * 64 + 64 + 65
    assert page.locator("[data-testid=layer-list] > li").count() == 5
    assert page.locator("pre.output").first.inner_text().startswith("▸") or page.locator("pre.output").count() >= 6

    # add a layer: a new Dense(32) card appears before the output layer and Keras's summary changes
    page.select_option("#add-layer-class", "Dense")
    page.click("[data-testid=add-layer]")
    wait_summary(page, 6)
    assert page.locator("[data-testid=layer-list] > li").count() == 6
    assert page.locator("[data-testid=layer-list] > li").nth(4).get_attribute("data-class") == "Dense"
    assert total_params(page) == 20 * 64 + 64 + 64 * 64 + 64 + 64 * 32 + 32 + 32 + 1
    # focus went to the new card, and the model still fits its data: no problem is shown
    assert page.evaluate("document.activeElement.dataset.testid") == "field-model.layers.4.class_name"
    assert page.locator("[data-testid=summary-errors]").is_hidden()

    # a bad value is refused at its field, in words that teach
    units = page.locator('[data-testid="field-model.layers.4.config.units"]')
    units.fill("0")
    error = page.locator('[data-error-for="model.layers.4.config.units"]')
    error.wait_for(state="visible")
    assert error.inner_text() == "expected an integer from 1 to 4096; received 0"
    assert units.get_attribute("aria-invalid") == "true"
    units.fill("abc")
    page.wait_for_function("document.querySelector('[data-error-for=\"model.layers.4.config.units\"]').innerText.endsWith('received \"abc\"')")
    units.fill("1")
    page.wait_for_function("document.querySelector('[data-total-params]').dataset.totalParams === String(20 * 64 + 64 + 64 * 64 + 64 + 65 + 2)")
    wait_summary(page, 6)
    assert error.is_hidden() and units.get_attribute("aria-invalid") is None

    # train it
    page.click("[data-testid=train-button]")
    status = page.locator("[data-testid=run-status]")
    page.wait_for_function("document.querySelector('[data-testid=run-status]').dataset.status === 'succeeded'", timeout=60_000)
    assert status.inner_text() == "Finished"
    page.wait_for_function(f"({LAST_EPOCH})() === 20")
    assert page.locator("[data-testid=cancel-button]").is_disabled()

    # switch to Chinese: same model, the run replayed, Chinese UI
    page.click("[data-testid=lang-switch]")
    page.wait_for_url("**lang=zh**")
    wait_summary(page, 6)
    assert page.locator("h1").inner_text() == "Sequential 模型"
    assert page.locator("[data-testid=layer-list] > li").count() == 6
    page.wait_for_function("document.querySelector('[data-testid=run-status]').dataset.status === 'succeeded'")
    assert page.locator("[data-testid=run-status]").inner_text() == "已完成"
    page.wait_for_function(f"({LAST_EPOCH})() === 20")

    # reload keeps it too
    page.reload()
    wait_summary(page, 6)
    page.wait_for_function(f"({LAST_EPOCH})() === 20")

    assert page.errors == []
    hosts = {urlparse(u).hostname for u in page.requests if urlparse(u).scheme in ("http", "https", "ws", "wss")}
    assert hosts == {"127.0.0.1"}, hosts  # nothing from the internet


def test_cancel_from_the_page(page):
    page.goto("/lessons/sequential-model")
    wait_summary(page, 5)
    page.fill('[data-testid="field-fit.epochs"]', "400")
    page.fill('[data-testid="field-dataset.options.n_samples"]', "20000")
    wait_summary(page, 5)
    page.click("[data-testid=train-button]")
    page.wait_for_function(f"({LAST_EPOCH})() >= 1", timeout=60_000)
    page.click("[data-testid=cancel-button]")
    page.wait_for_function("document.querySelector('[data-testid=run-status]').dataset.status === 'cancelled'", timeout=10_000)
    assert page.locator("[data-testid=train-button]").is_enabled()
    assert page.errors == []


def test_keyboard_can_reach_train(page):
    page.goto("/lessons/sequential-model")
    wait_summary(page, 5)
    page.focus("[data-testid=train-button]")
    page.keyboard.press("Enter")
    page.wait_for_function("['queued','running','succeeded'].includes(document.querySelector('[data-testid=run-status]').dataset.status)")
