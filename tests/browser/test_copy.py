"""Every code block of a lesson has a copy button that puts the block's code, and
only the code, on the clipboard, from the mouse or the keyboard, in the page's
language. Under the app's CSP: locators and function-valued evaluations only."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app.i18n import t
from app.lessons import LessonRegistry
from app.lessons.examples import extract

LESSON = LessonRegistry().get("core-layers-1")  # examples and signatures


@pytest.fixture
def clipboard_page(browser, server):
    context = browser.new_context(base_url=server.url, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    yield page
    context.close()


def clipboard(page) -> str:
    return page.evaluate("() => navigator.clipboard.readText()")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_copy_button_copies_the_code_and_not_the_output(clipboard_page, lang):
    page = clipboard_page
    page.goto(f"/lessons/{LESSON.slug}?lang={lang}")
    example = page.locator("[data-example]").first
    button = example.get_by_role("button", name=t("copy_code_label", lang))
    assert button.inner_text() == t("copy_code", lang)
    page.evaluate("() => navigator.clipboard.writeText('')")

    button.click()
    code = extract(LESSON.body[lang])[0]
    assert clipboard(page) == code
    assert example.locator("pre.output").inner_text().strip() not in clipboard(page)  # the output stays behind
    expect(button).to_have_text(t("copied", lang))
    expect(page.get_by_test_id("copy-status")).to_have_text(t("copied", lang))  # said to a screen reader too
    assert page.get_by_test_id("copy-status").get_attribute("role") == "status"
    expect(button).to_have_text(t("copy_code", lang), timeout=5000)  # and back
    assert page.errors == []


def test_a_signature_is_labelled_and_copied_from_the_keyboard(clipboard_page):
    page = clipboard_page
    page.goto(f"/lessons/{LESSON.slug}?lang=zh")
    block = page.locator(".code-block", has=page.locator(".code-label")).first
    assert block.locator(".code-label").inner_text() == t("code_signature", "zh")
    signature = re.search(r"^```signature\n(.*?)^```", LESSON.body["zh"], flags=re.S | re.M).group(1)

    block.locator("[data-copy]").focus()
    page.keyboard.press("Enter")
    expect(block.locator("[data-copy]")).to_have_text(t("copied", "zh"))
    assert clipboard(page) == signature
    page.keyboard.press("Tab")  # on to the code itself, which scrolls from the keyboard when wide
    assert page.evaluate("() => document.activeElement.matches('pre.code')")


def test_every_code_block_of_the_page_has_a_button(clipboard_page):
    page = clipboard_page
    page.goto(f"/lessons/{LESSON.slug}?lang=en")
    prose = page.locator("article .prose")  # the playground's code panel has a copy button of its own
    blocks = prose.locator("pre.code").count()
    assert blocks > 10 and prose.locator("[data-code] > button[data-copy]").count() == blocks
    assert prose.locator("pre.output button").count() == 0
    assert page.get_by_test_id("examples-note").count() == 1
