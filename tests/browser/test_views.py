"""The views of a run in Chromium: smoothing and log scale, histograms in
TensorBoard's three modes, what the model learned, the runs list with
overlays and a settings diff, the files, and continuing a run."""

from __future__ import annotations

import base64
import json

MOONS = {
    "dataset": {"name": "moons", "options": {"n_samples": 300}},
    "model": {"kind": "sequential", "input": {"shape": [2]}, "layers": [
        {"class_name": "Dense", "config": {"units": 8, "activation": "relu"}},
        {"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}}]},
    "compile": {"optimizer": {"class_name": "Adam", "config": {"learning_rate": 0.02}}, "loss": "binary_crossentropy", "metrics": ["accuracy"]},
    "fit": {"epochs": 6, "batch_size": 32, "validation_split": 0.2, "shuffle": True},
    "callbacks": [],
    "views": {"histogram_freq": 1},
}


def link(spec: dict) -> str:
    data = base64.urlsafe_b64encode(json.dumps(spec).encode()).decode().rstrip("=")
    return f"/lessons/sequential-model#spec=j.{data}"


def train(page, epochs: int) -> None:
    page.click("[data-testid=train-button]")
    page.wait_for_function("document.querySelector('[data-testid=run-status]').dataset.status === 'succeeded'", timeout=90_000)
    page.wait_for_function(f"document.querySelector('[data-testid=chart-loss]').data[0].y.length === {epochs}")


def test_views_of_a_run(page):
    page.goto(link(MOONS))
    page.wait_for_function("document.querySelector('#playground').dataset.ready === 'true'")
    train(page, 6)
    loss = page.evaluate("document.querySelector('[data-testid=chart-loss]').data[0].y")

    # TensorBoard's smoothing: trace 0 becomes the debiased moving average
    page.locator("[data-testid=smoothing]").fill("0.9")
    page.wait_for_function("document.querySelector('[data-testid=chart-loss]').data[0].y[5] !== " + json.dumps(loss[5]))
    smoothed = page.evaluate("document.querySelector('[data-testid=chart-loss]').data[0].y")
    expected, last = [], 0.0
    for i, v in enumerate(loss, start=1):
        last = last * 0.9 + 0.1 * v
        expected.append(last / (1 - 0.9**i))
    assert all(abs(a - b) < 1e-9 for a, b in zip(smoothed, expected, strict=True))
    page.check("[data-testid=log-scale]")
    page.wait_for_function("document.querySelector('[data-testid=chart-loss]').layout.yaxis.type === 'log'")
    assert page.locator("[data-testid=chart-lr]").is_visible()

    page.click("[data-testid=tab-histograms]")
    page.wait_for_selector("[data-testid=histogram-chart] .main-svg")
    assert page.evaluate("document.querySelector('[data-testid=histogram-chart]').data.length") == 6  # one curve per epoch
    page.get_by_role("radio", name="Distribution").click()
    page.wait_for_function("document.querySelector('[data-testid=histogram-chart]').data.some(t => t.name === 'median')")

    page.click("[data-testid=tab-learned]")
    page.wait_for_selector("[data-testid=boundary-chart] .main-svg")
    assert page.evaluate("document.querySelector('[data-testid=boundary-chart]').data[0].type") == "heatmap"
    matrix = page.evaluate("document.querySelector('[data-testid=confusion-chart]').data[0].z")
    assert sum(map(sum, matrix)) == 60  # the 20% held out

    page.click("[data-testid=tab-graph]")
    page.wait_for_selector("[data-testid=run-graph] svg")

    page.click("[data-testid=tab-files]")
    hrefs = page.eval_on_selector_all("[data-testid=run-files] a", "links => links.map(a => a.getAttribute('href'))")
    assert [h.rsplit("/", 1)[1] for h in hrefs] == ["model.keras", "history.csv", "tensorboard.zip"]
    page.fill("#continue-epochs", "3")
    page.click("[data-testid=continue-button]")
    page.wait_for_function("document.querySelector('[data-testid=run-status]').dataset.status === 'succeeded' && document.querySelector('[data-testid=chart-loss]').data[0].y.length === 9", timeout=90_000)
    assert page.evaluate("document.querySelector('[data-testid=chart-loss]').data[0].x") == list(range(1, 10))

    # a second run with another learning rate, overlaid and compared
    other = json.loads(json.dumps(MOONS))
    other["compile"]["optimizer"]["config"]["learning_rate"] = 0.001
    page.goto(link(other))
    page.wait_for_function("document.querySelector('#playground').dataset.ready === 'true'")
    train(page, 6)
    page.click("[data-testid=tab-runs]")
    page.wait_for_selector("[data-testid=runs-table] tbody tr")
    assert page.locator("[data-testid=runs-table] tbody tr").count() == 3
    for box in page.locator("[data-testid=runs-table] tbody input[type=checkbox]").all()[:3]:
        box.check()
    page.wait_for_selector("[data-testid=runs-diff] table")
    diff = page.locator("[data-testid=runs-diff]").inner_text()
    assert "compile.optimizer.config.learning_rate" in diff
    page.click("[data-testid=tab-scalars]")
    # the two other runs (charts redraw at most every 150 ms)
    page.wait_for_function("document.querySelector('[data-testid=chart-loss]').data.filter(t => t.name.includes(': loss')).length === 2")
    # TensorBoard's tooltip: every overlaid run's value at the epoch under the pointer
    plot = page.locator("[data-testid=chart-loss] .lchart-plot")
    box = plot.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + 50)
    tip = page.locator("[data-testid=chart-loss] .lchart-tip")
    tip.wait_for(state="visible")
    lines = tip.inner_text().splitlines()
    epoch = int(lines[0].split()[-1])
    series = page.evaluate("document.querySelector('[data-testid=chart-loss]').data.map(s => [s.name, s.x])")
    expected = [name for name, xs in series if epoch in xs and "per batch" not in name]
    assert [line.rsplit(":", 1)[0] for line in lines[1:]] == expected
    assert sum(": loss" in name for name in expected) >= 1  # at least one other run is there
    assert page.errors == []
