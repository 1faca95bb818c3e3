"""The editor beyond the first lesson, in real Chromium: functional graphs,
switching Sequential ⇄ functional, nested arguments, the code panel, Keras
JSON import, teacher links that hide controls, compressed links."""

from __future__ import annotations

import json

import keras

from tests.browser.pw import SPEC, ready, total, wait_total


def test_functional_graph_edit_and_train(page):
    page.goto("/lessons/functional-api")
    ready(page)
    assert page.locator("[data-testid=graph] .graph-node").count() == 9  # 2 inputs, 7 layers
    assert page.locator("[data-testid=node-list] > li").count() == 7
    before = total(page)
    page.select_option("#add-node-class", "Dense")
    page.click("[data-testid=add-node]")
    page.wait_for_function("document.querySelectorAll('[data-testid=graph] .graph-node').length === 10")
    spec = page.evaluate(SPEC)
    # a graph with branches: the new layer goes at the end, called on the tensor above it
    assert spec["model"]["nodes"][-1]["inputs"] == ["main_output"] and spec["model"]["nodes"][-1]["name"] == "dense"
    # not an output yet, so not in the model; made an output, Keras counts it (and the data set objects)
    page.check("#out-dense")
    wait_total(page, before + 1 * 32 + 32)
    problem = page.locator('[data-error-for="model.outputs"]')
    problem.wait_for(state="visible")
    assert "the dataset “Headlines with metadata (two inputs, two outputs)” gives outputs" in problem.inner_text()
    page.click("[data-testid=node-7-remove]")
    wait_total(page, before)
    page.fill('input[data-loc="fit.epochs"]', "2")
    page.click("[data-testid=train-button]")
    page.wait_for_function("document.querySelector('[data-testid=run-status]').dataset.status === 'succeeded'", timeout=60_000)
    page.wait_for_function("document.querySelector('[data-testid=chart-metrics]').data?.[0].y.length === 2")  # drawn a frame after the loss chart
    names = page.evaluate("document.querySelector('[data-testid=chart-metrics]').data.map(t => t.name)")
    assert any(n.startswith("main_output_accuracy") for n in names) and any(n.startswith("aux_output_accuracy") for n in names)
    assert page.errors == []


def test_switching_between_sequential_and_functional(page):
    page.goto("/lessons/sequential-model")
    ready(page)
    before = total(page)
    page.click("[data-action=kind][data-kind=functional]")
    page.wait_for_selector("[data-testid=graph]")
    assert page.locator("[data-testid=graph] .graph-node").count() == 6
    wait_total(page, before)
    model = page.evaluate(SPEC)["model"]
    assert model["kind"] == "functional" and model["outputs"] == [model["nodes"][-1]["name"]]
    page.click("[data-action=kind][data-kind=sequential]")
    page.wait_for_selector("[data-testid=layer-list]")
    assert page.locator("[data-testid=layer-list] > li").count() == 5
    wait_total(page, before)
    # a graph that is not a chain cannot become Sequential, and the page says why
    page.goto("/lessons/functional-api")
    ready(page)
    page.click("[data-action=kind][data-kind=sequential]")
    assert "Only a plain chain" in page.locator("[data-slot=kind-error]").inner_text()
    assert page.evaluate(SPEC)["model"]["kind"] == "functional"


def test_nested_arguments_are_edited_in_place(page):
    page.goto("/lessons/sequential-model")
    ready(page)
    page.select_option("#add-layer-class", "Reshape")
    page.click("[data-testid=add-layer]")
    page.fill('input[data-loc="model.layers.4.config.target_shape"]', "8, 8")
    page.select_option("#add-layer-class", "Bidirectional")
    page.click("[data-testid=add-layer]")
    inner_units = page.locator('input[data-loc="model.layers.5.config.layer.config.units"]')
    inner_units.fill("3")
    page.wait_for_function(f"({SPEC})().then(s => s.model.layers[5].config.layer.config.units === 3)")
    page.select_option('select[data-loc="model.layers.5.config.layer.class_name"]', "GRU")
    page.wait_for_function(f"({SPEC})().then(s => s.model.layers[5].config.layer.class_name === 'GRU')")
    # an error deep inside is shown at its own field
    page.fill('input[data-loc="model.layers.5.config.layer.config.units"]', "0")
    error = page.locator('[data-error-for="model.layers.5.config.layer.config.units"]')
    error.wait_for(state="visible")
    assert error.inner_text() == "expected an integer from 1 to 1024; received 0"


def test_code_panel_and_import(page):
    page.goto("/lessons/sequential-model")
    ready(page)
    page.click("[data-slot=code-panel] > summary")
    page.wait_for_function("document.querySelector('[data-testid=code-view]').textContent.includes('keras.Sequential([')")
    code = page.locator("[data-testid=code-view]").inner_text()
    assert "layers.Dense(64, activation=\"relu\")" in code and "model.fit(x, y, epochs=20" in code
    page.click("[data-testid=copy-code]")
    page.locator("[data-slot=copied]").wait_for(state="visible")

    model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(7, activation="tanh"), keras.layers.Dense(1, activation="sigmoid")])
    page.fill("#import-json", model.to_json())
    page.click("[data-testid=import-json]")
    page.wait_for_function("document.querySelectorAll('[data-testid=layer-list] > li').length === 2")
    wait_total(page, model.count_params())
    page.wait_for_function("document.querySelector('[data-testid=code-view]').textContent.includes('layers.Dense(7, activation=\"tanh\")')")
    page.fill("#import-json", json.dumps({"class_name": "Dense"}))
    page.click("[data-testid=import-json]")
    page.locator("[data-slot=import-error]").wait_for(state="visible")
    assert page.errors == []


def test_a_teacher_link_hides_controls_and_survives_edits(page):
    page.goto("/lessons/sequential-model")
    ready(page)
    fragment = page.evaluate("location.hash")
    assert fragment.startswith("#spec=z.")  # deflated
    page.goto(f"/lessons/sequential-model{fragment}&hide=optimizer,layers")
    ready(page)
    assert page.locator("#pg-optimizer").is_hidden() and page.locator(".pg-model").is_hidden()
    assert page.locator("#pg-loss").is_visible()
    before = page.evaluate("location.hash")
    page.fill('input[data-loc="fit.epochs"]', "3")
    # the address is rewritten after the spec is deflated (asynchronously): wait for the new one
    page.wait_for_function("(before) => location.hash !== before", arg=before)
    assert "hide=optimizer%2Clayers" in page.evaluate("location.hash") or "hide=optimizer,layers" in page.evaluate("location.hash")
    page.reload()
    ready(page)
    assert page.locator(".pg-model").is_hidden()
    assert page.evaluate(SPEC)["fit"]["epochs"] == 3


def test_training_on_your_own_csv(page, tmp_path):
    from tests.integration.test_uploads import csv_text

    path = tmp_path / "people.csv"
    path.write_text(csv_text(80))
    page.goto("/lessons/sequential-model")
    ready(page)
    page.select_option("#pg-dataset", "upload")
    page.set_input_files("[data-testid=upload-file]", str(path))
    page.wait_for_selector("[data-testid=upload-panel] .preview table")
    assert "people.csv: 80 rows, 4 columns" in page.locator("[data-testid=upload-panel]").inner_text()
    spec = page.evaluate(SPEC)
    assert spec["dataset"]["options"]["features"] == ["height", "weight", "age"] and spec["model"]["input"]["shape"] == [3]
    wait_total(page, 3 * 64 + 64 + 64 * 64 + 64 + 65)
    page.click("[data-testid=train-button]")
    page.wait_for_function("document.querySelector('[data-testid=run-status]').dataset.status === 'succeeded'", timeout=60_000)
    assert page.errors == []


def test_the_inputs_dtype_follows_the_data_set(page):
    page.goto("/lessons/sequential-model")
    ready(page)
    for name, dtype, shape in (("review_texts", "string", [1]), ("reviews", "int32", [16]), ("moons", "float32", [2])):
        page.select_option("#pg-dataset", name)
        page.wait_for_function(f"document.querySelector('#pg-dataset').value === '{name}'")
        model = page.evaluate(SPEC)["model"]
        assert (model["input"].get("dtype", "float32"), model["input"]["shape"]) == (dtype, shape), name
    assert page.errors == []


def test_the_model_class_is_chosen_kept_across_kinds_exported_and_trained(page):
    page.goto("/lessons/sequential-model")
    ready(page)
    before = total(page)
    assert page.locator("#pg-model-class").input_value() == ""  # Keras's own train_step
    page.select_option("#pg-model-class", "GradientNormModel")
    clip = page.locator('[data-testid="field-model.subclass.config.clip_norm"]')
    clip.fill("0.5")
    clip.press("Tab")
    wait_total(page, before)  # the same layers: the same parameters
    assert page.evaluate(SPEC)["model"]["subclass"] == {"class_name": "GradientNormModel", "config": {"clip_norm": 0.5}}
    # mixed_float16 needs loss scaling, which this train_step does not do: the field says so
    page.select_option('[data-testid="field-model.dtype_policy"]', "mixed_float16")
    problem = page.locator('[data-error-for="model.dtype_policy"]')
    problem.wait_for(state="visible")
    assert "loss scaling" in problem.inner_text()
    page.select_option('[data-testid="field-model.dtype_policy"]', "mixed_bfloat16")
    problem.wait_for(state="hidden")
    page.click("[data-action=kind][data-kind=functional]")
    page.wait_for_selector("[data-testid=graph]")
    model = page.evaluate(SPEC)["model"]
    assert (model["subclass"]["class_name"], model["dtype_policy"]) == ("GradientNormModel", "mixed_bfloat16")
    page.select_option('[data-testid="field-model.dtype_policy"]', "float32")
    assert "dtype_policy" not in page.evaluate(SPEC)["model"]
    assert page.locator("#pg-model-class").input_value() == "GradientNormModel"
    page.click("[data-slot=code-panel] > summary")
    page.wait_for_function("document.querySelector('[data-testid=code-view]').textContent.includes('class GradientNormModel(keras.Model)')")
    assert "model = GradientNormModel(clip_norm=0.5, inputs=input_, outputs=" in page.locator("[data-testid=code-view]").inner_text()
    page.fill('input[data-loc="fit.epochs"]', "2")
    page.click("[data-testid=train-button]")
    page.wait_for_function("document.querySelector('[data-testid=run-status]').dataset.status === 'succeeded'", timeout=60_000)
    page.wait_for_function("document.querySelector('[data-testid=chart-metrics]').data?.some(t => t.name.startsWith('grad_norm'))")
    page.select_option("#pg-model-class", "")
    assert "subclass" not in page.evaluate(SPEC)["model"]
    assert page.errors == []
