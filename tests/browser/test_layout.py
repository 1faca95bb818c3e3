"""Where the playground sits and how the keyboard and a phone reach it: the
skip link and Train a few Tabs away, focus never lost to the page, the rail
and focus mode on wide screens, the Train bar in reach on a phone, and the
home page's start and "continue where you left off"."""

from __future__ import annotations

from app.lessons import LessonRegistry
from tests.browser.pw import ready, wait_status


def active(page) -> str:
    return page.evaluate("document.activeElement === document.body ? 'BODY' : (document.activeElement.dataset.testid ?? document.activeElement.id ?? document.activeElement.tagName)")


def test_the_keyboard_reaches_the_playground_and_train(page):
    page.goto("/lessons/sequential-model")
    ready(page)
    url = page.url
    page.keyboard.press("Tab")  # skip to content
    page.keyboard.press("Tab")  # skip to the playground
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#playground"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "playground"
    assert page.url == url  # the address (the playground's state) is left as it was
    page.keyboard.press("Tab")
    assert active(page) == "train-button"  # one Tab from the playground's top
    page.keyboard.press("Enter")
    page.wait_for_function("['queued','running','succeeded'].includes(document.querySelector('[data-testid=run-status]').dataset.status)")
    wait_status(page, "succeeded")
    assert page.errors == []


def test_focus_is_never_lost_to_the_page(page):
    page.goto("/lessons/sequential-model")
    ready(page)
    page.locator("[data-testid=callback-EarlyStopping]").check()
    assert active(page) == "callback-EarlyStopping"
    page.focus("[data-testid=add-layer]")
    page.keyboard.press("Enter")
    assert active(page) == "field-model.layers.4.class_name"
    page.focus("[data-testid=layer-4-remove]")
    page.keyboard.press("Enter")
    assert active(page) == "field-model.layers.4.class_name"  # the card that took its place
    page.focus("[data-testid=kind-functional]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=node-list]")
    assert active(page) == "kind-functional"
    page.select_option("[data-testid=field-dataset\\.name]", "circles")
    assert active(page) == "field-dataset.name"
    page.click("[data-testid=reset-button]")
    assert active(page) == "reset-button"
    assert page.errors == []


def test_the_rail_and_focus_mode_on_a_wide_screen(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/lessons/convolution-basics")
    ready(page)
    prose = page.locator("main.lesson article").bounding_box()["width"]
    assert prose >= 600  # the lesson index folds above, so the prose is readable beside the playground
    page.click("[data-testid=rail-toggle]")
    assert page.locator("[data-testid=train-button]").is_hidden()
    wide = page.locator("main.lesson article").bounding_box()["width"]
    assert wide >= 800 and page.locator("#playground").bounding_box()["width"] < 60
    page.reload()  # remembered
    ready(page)
    assert page.locator("[data-testid=train-button]").is_hidden()
    page.click("[data-testid=rail-toggle]")
    assert page.locator("[data-testid=train-button]").is_visible()
    # focus mode: the playground alone, the whole width, the network beside the curves
    page.click("[data-testid=focus-toggle]")
    assert page.locator("main.lesson article").is_hidden()
    assert page.locator("#playground").bounding_box()["width"] >= 1200
    assert page.locator("#panel-network").is_visible() and page.locator("#panel-scalars").is_visible()
    page.keyboard.press("Escape")
    assert page.locator("main.lesson article").is_visible()
    assert page.locator("#panel-network").is_hidden()
    assert page.errors == []


def test_on_a_phone_train_stays_in_reach(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/lessons/sequential-model")
    ready(page)
    page.click("[data-testid=jump-to-playground]")
    page.wait_for_function("Math.abs(document.querySelector('#playground').getBoundingClientRect().top) < 5")
    # scrolled deep into the form, the Train bar is still on screen
    page.locator("[data-testid='field-fit.epochs']").scroll_into_view_if_needed()
    box = page.locator("[data-testid=train-button]").bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 844
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.errors == []


def test_the_home_page_starts_a_learner_and_remembers_where_they_were(page):
    page.goto("/")
    start = page.locator("[data-testid=start-here]")
    assert start.is_visible() and start.locator("svg title").text_content()
    assert page.locator("[data-testid=resume]").is_hidden()  # nothing visited yet
    page.click("[data-testid=start-link]")
    page.wait_for_url("**/lessons/neural-network-basics**")
    page.goto("/lessons/convolution-basics")
    ready(page)
    page.goto("/?lang=zh")
    resume = page.locator("[data-testid=resume]")
    assert resume.is_visible()
    lessons = LessonRegistry()
    # the last one opened first, in the page's language
    assert resume.locator("a").all_inner_texts() == [lessons.get("convolution-basics").title("zh"), lessons.get("neural-network-basics").title("zh")]
    assert resume.locator("a").first.get_attribute("href") == "/lessons/convolution-basics?lang=zh"
    assert page.locator("ol.lessons li.visited").count() == 2
