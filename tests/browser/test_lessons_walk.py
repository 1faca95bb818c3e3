"""Walk the whole lesson list in Chromium at a phone's width: every page
loads in both languages with its playground and widgets ready, no console
error, nothing wider than the screen, and a link at the top to the playground."""

from __future__ import annotations

import pytest

from app.lessons import LessonRegistry
from tests.browser.pw import mount_widgets

SLUGS = [lesson.slug for lesson in LessonRegistry()]
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width && r.right > width + 1 && !el.closest('pre, .math, math, .table-scroll, .preview, .zoom-view, .lchart-table, .network-frame, .wtable, .prose table');
  }).map((el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') + (el.dataset.testid ? `[${el.dataset.testid}]` : ''));
  return { scroll: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5) };
}"""
TOOLBARS_OVER_TITLES = """() => {
  const hits = [];
  for (const bar of document.querySelectorAll('.modebar')) {
    const b = bar.getBoundingClientRect();
    for (const title of bar.closest('.js-plotly-plot')?.querySelectorAll('.gtitle') ?? []) {
      const t = title.getBoundingClientRect();
      if (b.width && t.width && b.left < t.right && t.left < b.right && b.top < t.bottom && t.top < b.bottom) hits.push(title.textContent);
    }
  }
  return hits;
}"""


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_lesson_page_at_a_phones_width(page, lang):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/?lang={lang}")
    links = page.locator("ol.lessons a")
    assert links.count() == len(SLUGS)
    for slug in SLUGS:
        page.goto(f"/lessons/{slug}?lang={lang}")
        page.wait_for_function("document.querySelector('#playground')?.dataset.ready === 'true'", timeout=60_000)
        assert page.locator("[data-testid=jump-to-playground]").is_visible(), slug
        mount_widgets(page)
        assert page.evaluate("[...document.querySelectorAll('[data-widget]')].every(s => s.dataset.ready === 'true')"), slug
        assert page.locator("h1").inner_text().strip(), slug
        page.evaluate("window.scrollTo(0, 0)")
        assert page.evaluate(OVERFLOW) == {"scroll": 0, "wide": []}, slug
        assert page.evaluate(TOOLBARS_OVER_TITLES) == [], slug
    assert page.errors == [], page.errors
