"""Lesson 50's random-search widget in Chromium: the trials it draws are the ones
keras_tuner.RandomSearch proposes for the same space and seed, each is trained as
a real run through the runs API, the best is marked, the Runs view compares them,
and a full queue stops the search with a message in the page's language."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.browser.pw import ready, settled
from tests.browser.tries import apply
from tests.helpers import ROOT

SLUG = "hyperparameter-search"
WIDGET = "[data-widget=random-search]"
# What KerasTuner itself proposes for the widget's default space (declared in the widget's order).
KERAS_TUNER = """
import json, tempfile
import keras_tuner

hp = keras_tuner.HyperParameters()
hp.Float("learning_rate", 1e-4, 1e-1, sampling="log")
hp.Choice("units", [8, 16, 32, 64])
hp.Choice("batch_size", [16, 32, 64, 128])


class Look(keras_tuner.RandomSearch):
    def run_trial(self, trial, *args, **kwargs):
        return 0.0


tuner = Look(hyperparameters=hp, max_trials={trials}, seed={seed}, overwrite=True, directory=tempfile.mkdtemp())
tuner.search(verbose=0)
print(json.dumps([t.hyperparameters.values for t in tuner.oracle.trials.values()]))
"""


def keras_tuner_trials(trials: int, seed: int) -> list[dict]:
    code = textwrap.dedent(KERAS_TUNER).format(trials=trials, seed=seed)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def open_widget(page, lang: str = "en"):
    page.goto(f"/lessons/{SLUG}?lang={lang}")
    ready(page)
    widget = page.locator(WIDGET)
    widget.scroll_into_view_if_needed()
    page.wait_for_function(f"document.querySelector('{WIDGET}').dataset.ready === 'true'")
    return widget


def rows(page) -> list[dict]:
    return page.evaluate(f"""() => [...document.querySelectorAll('{WIDGET} tbody tr')].map((tr) => ({{
        status: tr.dataset.status, best: tr.dataset.best === 'true',
        cells: [...tr.cells].map((c) => c.innerText.trim()),
        run: tr.querySelector('a')?.getAttribute('href')?.split('/').pop() ?? null,
    }}))""")


@pytest.mark.slow
def test_a_two_trial_search_trains_real_runs_and_marks_the_best(page, server):
    widget = open_widget(page)
    apply(page, {"set": {"fit.epochs": 3}})  # the trials train what the playground holds: shorter runs
    settled(page)
    widget.get_by_label("trials (2 to 6)").fill("2")
    page.wait_for_function(f"document.querySelectorAll('{WIDGET} tbody tr').length === 2")
    planned = rows(page)
    assert [r["status"] for r in planned] == ["planned", "planned"]
    # the table, before anything trains, holds exactly KerasTuner's trials for this space and seed
    expected = keras_tuner_trials(2, 1)
    for row, trial in zip(planned, expected, strict=True):
        rate, units, batch = row["cells"][1:4]
        assert abs(float(rate) - trial["learning_rate"]) <= 1e-3 * trial["learning_rate"], (rate, trial)
        assert (int(units), int(batch)) == (trial["units"], trial["batch_size"])
    page.wait_for_function(f"[...document.querySelectorAll('{WIDGET} tbody tr')].every((tr) => /^[0-9,]+$/.test(tr.cells[4].innerText.trim()))")
    assert [int(r["cells"][4].replace(",", "")) for r in rows(page)] == [64 * t["units"] + t["units"] + t["units"] * 10 + 10 for t in expected]  # counted by Keras

    widget.locator("[data-testid=rs-run]").click()
    page.wait_for_function(
        f"[...document.querySelectorAll('{WIDGET} tbody tr')].every((tr) => ['succeeded', 'failed', 'cancelled', 'interrupted'].includes(tr.dataset.status))",
        timeout=240_000,
    )
    done = rows(page)
    assert [r["status"] for r in done] == ["succeeded", "succeeded"], done
    scores = []
    for row, trial in zip(done, expected, strict=True):
        run = server.get(f"/api/runs/{row['run']}").json()  # really trained, with the trial's hyperparameters
        assert run["status"] == "succeeded" and len(run["epochs"]) == 3
        assert run["lesson"] == SLUG
        assert abs(run["spec"]["compile"]["optimizer"]["config"]["learning_rate"] - trial["learning_rate"]) <= 1e-12
        assert run["spec"]["model"]["layers"][0]["config"]["units"] == trial["units"]
        assert run["spec"]["fit"]["batch_size"] == trial["batch_size"] and run["spec"]["fit"]["epochs"] == 3
        best = max(e["logs"]["val_accuracy"] for e in run["epochs"])  # a trial's score: its best epoch
        assert abs(float(row["cells"][-2]) - best) < 1e-4, (row, best)
        scores.append(best)
    marked = [r["best"] for r in done]
    assert marked.count(True) == 1 and scores[marked.index(True)] == max(scores)
    assert "★ best" in done[marked.index(True)]["cells"][0]
    assert "The best by val_accuracy is trial" in widget.locator("[data-testid=rs-status]").inner_text()

    # the Runs view lists both trials, ticked, with the settings in which they differ
    widget.locator("[data-testid=rs-compare]").click()
    page.wait_for_function("document.querySelector('[data-testid=tab-runs]').getAttribute('aria-selected') === 'true'")
    for row in done:
        box = page.locator(f"[data-testid=run-overlay-{row['run']}]")
        box.wait_for()
        assert box.is_checked()
    diff = page.locator("[data-testid=runs-diff]").inner_text()
    assert "compile.optimizer.config.learning_rate" in diff and "fit.batch_size" in diff
    assert all(f'"units":{t["units"]}' in diff for t in expected)  # the layers, as one setting
    assert page.errors == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_full_queue_stops_the_search_with_a_message(page, lang):
    refused = {"en": "Too many runs are waiting (3 at most). Try again when some have finished.", "zh": "等待中的运行太多了。"}[lang]

    def full(route):
        if route.request.method == "POST":
            route.fulfill(status=429, headers={"Retry-After": "30"}, content_type="application/json", body=json.dumps({"detail": refused}))
        else:
            route.continue_()

    page.route("**/api/runs?*", full)
    widget = open_widget(page, lang)
    widget.locator("[data-testid=rs-run]").click()
    alert = widget.locator("[role=alert]")
    alert.wait_for(state="visible")
    text = alert.inner_text()
    assert refused in text
    assert ("its queue is full" in text) if lang == "en" else ("队列已满" in text)
    assert [r["status"] for r in rows(page)] == ["planned"] * 4  # nothing was started, and nothing is lost
    assert widget.locator("[data-testid=rs-run]").is_enabled()  # the learner can try again
    assert [e for e in page.errors if "429" not in e] == []


@pytest.mark.slow
def test_after_a_refusal_running_again_trains_only_the_trials_left(page):
    posted = []

    def second_refused(route):
        if route.request.method == "POST":
            posted.append(route.request.url)
            if len(posted) == 2:
                route.fulfill(status=429, content_type="application/json", body=json.dumps({"detail": "Too many runs are waiting (1 at most)."}))
                return
        route.continue_()

    page.route("**/api/runs?*", second_refused)
    widget = open_widget(page)
    apply(page, {"set": {"fit.epochs": 2}})
    settled(page)
    widget.get_by_label("trials (2 to 6)").fill("2")
    page.wait_for_function(f"document.querySelectorAll('{WIDGET} tbody tr').length === 2")
    widget.locator("[data-testid=rs-run]").click()
    widget.locator("[role=alert]").wait_for(state="visible", timeout=120_000)
    page.wait_for_function(f"document.querySelector('{WIDGET} [data-testid=rs-run]').disabled === false")
    first, second = rows(page)
    assert (first["status"], second["status"]) == ("succeeded", "planned") and second["run"] is None
    page.unroute("**/api/runs?*")
    widget.locator("[data-testid=rs-run]").click()
    page.wait_for_function(f"document.querySelector('{WIDGET} tbody tr:last-child').dataset.status === 'succeeded'", timeout=120_000)
    again = rows(page)
    assert again[0]["run"] == first["run"] and again[1]["run"] not in (None, first["run"])  # the first trial was not trained twice
    assert widget.locator("[role=alert]").is_hidden()
    assert [e for e in page.errors if "429" not in e] == []
