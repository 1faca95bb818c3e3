"""axe-core (from the npm registry: tests/browser/package.json) in the real
pages: no serious or critical violation on the home page, a lesson with a
finished run (each of its views), and the widget gallery, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.pw import mount_widgets, ready, wait_status

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def violations(page) -> list[str]:
    assert AXE.exists(), f"{AXE} is missing: `make test` installs it (npm ci --prefix tests/browser)"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("async (tags) => (await axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations"
                          ".filter((v) => v.impact === 'serious' || v.impact === 'critical')"
                          ".map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)", RULES)
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_home_page(page, lang):
    page.goto(f"/?lang={lang}")
    assert violations(page) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_lesson_with_a_finished_run_and_each_of_its_views(page, lang):
    page.goto(f"/lessons/neural-network-basics?lang={lang}")
    ready(page)
    page.fill('[data-testid="field-fit.epochs"]', "3")
    page.click("[data-testid=train-button]")
    wait_status(page, "succeeded")
    mount_widgets(page)
    assert violations(page) == [], "scalars"
    for view in ("network", "histograms", "learned", "graph", "runs", "files"):
        page.click(f"[data-testid=tab-{view}]")
        page.wait_for_timeout(400)
        page.wait_for_function("!document.querySelector('.pg-views .busy')")
        assert violations(page) == [], view
    assert page.errors == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_widget_gallery(page, lang):
    page.goto(f"/widgets?lang={lang}")
    mount_widgets(page)
    assert violations(page) == []
