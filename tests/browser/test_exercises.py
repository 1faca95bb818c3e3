"""Exercises at the end of a lesson, in Chromium: a typed number, a shape and a choice
checked against what Keras computed (and remembered across a reload), the worked
answer behind a reveal, and "predict, then train" through the real playground."""

from __future__ import annotations

import pytest

from tests.browser.pw import SPEC, ready, wait_status


def exercise(page, ident: str):
    return page.locator(f'[data-testid=exercise][data-id="{ident}"]')


def answer(item, text: str) -> str:
    item.locator("[data-testid=exercise-input]").fill(text)
    item.locator("[data-testid=exercise-check]").click()
    return item.locator("[data-testid=exercise-feedback]").get_attribute("data-result")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_typed_answers_are_checked_against_what_keras_computed(page, lang):
    page.goto(f"/lessons/sequential-model?lang={lang}")
    page.wait_for_function("[...document.querySelectorAll('[data-testid=exercise]')].every((e) => e.dataset.ready === 'true')")
    assert page.locator("[data-testid=exercise]").count() == 4
    params = exercise(page, "count-params")
    assert answer(params, "5000") == "wrong"
    assert answer(params, "five") == "unreadable"
    assert answer(params, "5,569") == "right"
    feedback = params.locator("[data-testid=exercise-feedback]").inner_text()
    assert feedback == ("Right." if lang == "en" else "正确。")

    shape = exercise(page, "output-shape")
    assert answer(shape, "(None, 1)") == "wrong"  # predict was given 32 samples
    assert answer(shape, "[32 x 1]") == "unreadable"
    assert answer(shape, "(32, 1)") == "right"

    choice = exercise(page, "where-input-shape")
    choice.locator("[data-testid=exercise-choice]").nth(1).check()
    choice.locator("[data-testid=exercise-check]").click()
    assert choice.locator("[data-testid=exercise-feedback]").get_attribute("data-result") == "wrong"
    choice.locator("[data-testid=exercise-choice]").nth(0).check()
    choice.locator("[data-testid=exercise-check]").click()
    assert choice.locator("[data-testid=exercise-feedback]").get_attribute("data-result") == "right"

    solution = params.locator("[data-testid=exercise-solution]")
    assert not solution.locator("p").first.is_visible()
    solution.locator("summary").click()
    assert "5,569" in solution.inner_text() and "count_params()" in solution.inner_text()  # the code Keras ran

    page.reload()  # what the learner answered is kept in this browser
    page.wait_for_function("[...document.querySelectorAll('[data-testid=exercise]')].every((e) => e.dataset.ready === 'true')")
    assert exercise(page, "count-params").locator("[data-testid=exercise-input]").input_value() == "5,569"
    assert exercise(page, "count-params").locator("[data-testid=exercise-feedback]").get_attribute("data-result") == "right"
    assert page.errors == []


def test_predict_then_train_shows_the_prediction_beside_the_result(page):
    page.goto("/lessons/sequential-model")
    ready(page)
    item = exercise(page, "dropout-effect")
    item.locator("[data-testid=exercise-setup]").click()
    assert "prediction first" in item.locator("[data-testid=exercise-feedback]").inner_text()  # nothing predicted yet
    assert page.evaluate(SPEC)["model"]["layers"][1]["config"]["rate"] == 0.5  # and nothing changed

    item.locator("[data-testid=exercise-prediction]").select_option("0")  # "Larger gap"
    item.locator("[data-testid=exercise-setup]").click()
    page.wait_for_function(f"({SPEC})().then((s) => s.model.layers[1].config.rate === 0 && s.model.layers[3].config.rate === 0)")
    assert page.evaluate(SPEC)["fit"]["epochs"] == 20  # the rest of the preset is kept
    page.click("[data-testid=train-button]")
    page.wait_for_function("document.querySelector('[data-testid=exercise][data-id=dropout-effect] [data-testid=exercise-prediction]').disabled")
    wait_status(page, "succeeded")
    result = item.locator("[data-testid=exercise-result]")
    result.locator("table").wait_for()
    assert item.locator("[data-testid=exercise-your-prediction]").inner_text() == "Larger gap"
    text = result.inner_text()
    assert "20 epochs" in text and "accuracy = 0." in text and "val_accuracy = 0." in text, text

    page.reload()  # the prediction and the run it was for are kept
    item = exercise(page, "dropout-effect")
    item.locator("[data-testid=exercise-result] table").wait_for()
    assert item.locator("[data-testid=exercise-your-prediction]").inner_text() == "Larger gap"
    assert item.locator("[data-testid=exercise-prediction]").is_disabled()
    assert page.errors == []
