"""Walk the whole lesson list in Chromium: every page loads in both
languages with its playground and widgets ready and no console error."""

from __future__ import annotations

import pytest

from app.lessons import LessonRegistry

SLUGS = [lesson.slug for lesson in LessonRegistry()]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_lesson_page_loads_cleanly(page, lang):
    page.goto(f"/?lang={lang}")
    links = page.locator("ol.lessons a")
    assert links.count() == len(SLUGS)
    for slug in SLUGS:
        page.goto(f"/lessons/{slug}?lang={lang}")
        page.wait_for_function("document.querySelector('#playground')?.dataset.ready === 'true'", timeout=60_000)
        page.wait_for_function("[...document.querySelectorAll('[data-widget]')].every(s => s.dataset.ready)", timeout=120_000)
        assert page.evaluate("[...document.querySelectorAll('[data-widget]')].every(s => s.dataset.ready === 'true')"), slug
        assert page.locator("h1").inner_text().strip(), slug
    assert page.errors == [], page.errors
