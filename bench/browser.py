"""What a learner feels in the browser (issue budgets in brackets). Prints a table.

    .venv/bin/python bench/browser.py [--runs 10]

1. Navigation → the form answers input [≤ 1 s]: from the start of
   navigation to the moment the form is ready for input (the page marks
   #playground ready, timed in the page), and to the moment a value typed
   into a field by Playwright is in the playground's spec (which adds the
   driver's round trips), on the Sequential lesson and on lesson 1 (long,
   with formulas, and widgets that load Plotly as they come into view).
2. Train → first chart point: from the click to the first curve drawn in
   the loss chart (an SVG path with a point) [≤ 0.8 s], lesson 1's preset.
3. The longest main-thread task in the first 3 s of a lesson page.

Medians (and maxima) of N runs in headless Chromium against a warm server,
each in a fresh browser context (no cache shared between runs).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser.conftest import ARGS, CHROMIUM  # noqa: E402
from tests.helpers import Server  # noqa: E402

LONG_TASKS = """window.__longTasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
new MutationObserver(() => { if (!window.__ready && document.querySelector('#playground')?.dataset.ready) window.__ready = performance.now(); })
  .observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready'] });"""
FIRST_POINT = """() => new Promise((resolve) => {
  const chart = document.querySelector('#chart-loss');
  const drawn = () => [...chart.querySelectorAll('svg path')].some((p) => /^M[\\d.]+,[\\d.]+/.test(p.getAttribute('d') ?? ''));
  const started = performance.now();
  new MutationObserver((_, observer) => { if (drawn()) { observer.disconnect(); resolve(performance.now() - started); } })
    .observe(chart, { childList: true, subtree: true, attributes: true });
  document.querySelector('[data-testid=train-button]').click();
})"""
SPEC = "async () => (await import('/static/js/playground/state.js')).spec.get()"


def form_answers(browser, url: str) -> tuple[float, float, float]:
    context = browser.new_context(bypass_csp=True, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.add_init_script(LONG_TASKS)
    page.goto(url, wait_until="commit")
    field = page.locator('[data-testid="field-fit.epochs"]')
    field.wait_for(state="visible", timeout=30_000)
    field.fill("7")
    page.wait_for_function(f"({SPEC})().then(s => s?.fit.epochs === 7)")
    answered = page.evaluate("performance.now()") / 1000
    ready = page.evaluate("window.__ready") / 1000
    page.wait_for_timeout(3000)
    longest = max(page.evaluate("window.__longTasks"), default=0) / 1000
    context.close()
    return answered, longest, ready


def first_point(browser, url: str) -> float:
    context = browser.new_context(bypass_csp=True, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("document.querySelector('#playground')?.dataset.ready === 'true'")
    page.wait_for_timeout(500)  # the summary has answered; the click is the learner's
    took = page.evaluate(FIRST_POINT) / 1000
    page.wait_for_function("document.querySelector('[data-testid=run-status]').dataset.status === 'succeeded'", timeout=120_000)
    context.close()
    return took


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp)).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                rows = []
                for slug in ("sequential-model", "neural-network-basics"):
                    form_answers(browser, f"{server.url}/lessons/{slug}")  # warm the server's caches
                    runs = [form_answers(browser, f"{server.url}/lessons/{slug}") for _ in range(args.runs)]
                    rows.append((f"navigation → form ready (in the page), {slug}", [r[2] for r in runs], "≤ 1 s"))
                    rows.append((f"navigation → a value typed is in the spec (driven), {slug}", [r[0] for r in runs], ""))
                    rows.append((f"longest main-thread task in the first 3 s, {slug}", [r[1] for r in runs], ""))
                first_point(browser, f"{server.url}/lessons/neural-network-basics")
                rows.append(("Train → first chart point, neural-network-basics", [first_point(browser, f"{server.url}/lessons/neural-network-basics") for _ in range(args.runs)], "≤ 0.8 s"))
                browser.close()
        finally:
            server.stop()
    print(f"{'measure':<62} {'median':>8} {'max':>8}  budget")
    for name, values, budget in rows:
        print(f"{name:<62} {statistics.median(values):>7.3f}s {max(values):>7.3f}s  {budget}")


if __name__ == "__main__":
    main()
