from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records console errors and every request it makes. Playwright's
    string predicates (`wait_for_function("...")`) are evaluated with eval, which the
    app's CSP forbids: these pages bypass it, and test_csp.py checks the app under it."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1400, "height": 1000}, base_url=server.url)
    page = context.new_page()
    page.errors = []
    page.requests = []
    # a 422 is an answer the page expects (a field is wrong), not an error of the page
    page.on("console", lambda m: m.type == "error" and "status of 422" not in m.text and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: page.requests.append(r.url))
    yield page
    context.close()
