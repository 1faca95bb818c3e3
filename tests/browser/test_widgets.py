"""Every lesson widget, on the gallery page, in real Chromium: it starts,
shows numbers Keras computed, and answers a change of its controls."""

from __future__ import annotations

import pytest

from app.widgets import WIDGETS
from tests.browser.pw import mount_widgets


@pytest.fixture
def gallery(page):
    page.goto("/widgets")
    mount_widgets(page)  # each mounts when it comes near the screen
    return page


def test_every_widget_starts(gallery):
    states = gallery.evaluate("Object.fromEntries([...document.querySelectorAll('[data-widget]')].map(s => [s.dataset.widget, s.dataset.ready]))")
    assert states == dict.fromkeys(WIDGETS, "true")
    assert gallery.errors == []


def test_widgets_show_what_keras_computed(gallery):
    text = lambda name: gallery.locator(f"[data-widget={name}]").inner_text()  # noqa: E731
    assert "Hessian = [[1, 0], [0, 4]]" in text("gradient-arrow")  # the bowl x²/2 + 2y² at (1, 1)
    network = text("forward-backward")  # lesson 1's worked example, by Keras
    assert "[1.5, 0, 0.25]" in network and "0.6931" in network and "[[-0.75], [0], [-0.125]]" in network
    assert "28 windows. First: [0, 2, 4, 6, 8, 10, 12, 14, 16, 18]" in text("window-viewer")
    assert "Last: [81, 83, 85, 87, 89, 91, 93, 95, 97, 99]" in text("window-viewer")
    steps = text("gd-steps")
    assert "a = 1.2, b = 1.4" in steps and "a = 0.98, b = 1.22" in steps  # by hand
    assert "a = 1.4667, b = 1.6" in steps  # Keras's SGD on mse at the same rate: 2/3 of the hand gradient
    assert "0.9163" in text("loss-calculator") and "0.7136" in text("loss-calculator")
    assert gallery.locator("[data-widget=image-augmentation] img").count() == 5
    assert gallery.locator("[data-testid=keras-graph] svg").count() == 1
    # Keras draws at 200 dpi: the page fits the whole graph in the widget
    assert gallery.locator("[data-testid=keras-graph] svg").bounding_box()["width"] <= gallery.locator("[data-testid=keras-graph]").bounding_box()["width"] + 1
    assert "on_train_begin()" in text("callback-trace") and "on_test_end" in text("callback-trace")


def test_a_widget_answers_its_controls(gallery):
    gd = gallery.locator("[data-widget=gd-steps]")
    gd.locator("input[type=number]").nth(3).fill("0.15")  # Keras's rate, ×3/2: now the columns agree
    gallery.wait_for_function("document.querySelector('[data-testid=gd-table]').innerText.split('≠').length === 1")
    widget = gallery.locator("[data-widget=metric-calculator]")
    widget.locator("select").select_option("binary_accuracy")
    widget.locator("textarea").fill("[[1], [1], [0], [0]] ; [[0.98], [1], [0], [0.6]]")
    gallery.wait_for_function("document.querySelector('[data-testid=metric-results]').innerText.includes('0.75')")
    loss = gallery.locator("[data-widget=loss-calculator]")
    loss.locator("input[type=text]").first.fill("[[0, 1, 0], [0, 0, 1]]")
    loss.locator("input[type=text]").nth(1).fill("[[0.05, 0.95, 0], [0.1, 0.8, 0.1]]")
    loss.locator("select").select_option("categorical_crossentropy")
    gallery.wait_for_function("document.querySelector('[data-testid=loss-value]').innerText.includes('2.3026')")
    assert gallery.errors == []
