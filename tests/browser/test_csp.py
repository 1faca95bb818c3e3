"""The app works under its own Content-Security-Policy (app/api/headers.py): no page
breaks a directive while a learner trains, explores widgets or signs in. These pages
do not bypass the CSP (the other browser tests do, for Playwright's string predicates),
so only locators and function-valued evaluations are used here."""

from __future__ import annotations

import pytest


@pytest.fixture
def strict(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=server.url)
    page = context.new_page()
    page.violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and page.violations.append(m.text))
    page.on("pageerror", lambda e: page.violations.append(str(e)))
    yield page
    context.close()


def test_training_a_lesson_s_preset_under_the_csp(strict):
    page = strict
    page.goto("/lessons/neural-network-basics?lang=zh")
    page.get_by_test_id("train-button").wait_for()
    page.locator('[data-testid="summary-table"] tbody tr').first.wait_for(timeout=30_000)
    page.evaluate("() => { window.kpMarker = 1; }")
    page.fill('[data-testid="field-fit.epochs"]', "3")
    page.press('[data-testid="field-fit.epochs"]', "Enter")  # must not submit the form (the inline handler is gone)
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.kpMarker") == 1  # the page was not reloaded
    page.click("[data-testid=train-button]")
    page.locator('[data-testid=run-status][data-status="succeeded"]').wait_for(timeout=60_000)
    page.locator("[data-testid=chart-loss] .lchart-plot").wait_for()
    page.click("[data-testid=tab-learned]")
    page.locator("[data-testid=confusion-chart] .main-svg").first.wait_for(timeout=30_000)  # Plotly, loaded on demand
    assert page.violations == []


@pytest.mark.parametrize("path", ["/", "/widgets", "/lessons/convolution-basics"])
def test_pages_load_under_the_csp(strict, path):
    strict.goto(path)
    strict.wait_for_load_state("networkidle")
    assert strict.violations == []
