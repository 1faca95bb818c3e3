"""The lesson registry and the renderer (no Keras needed: outputs come from the cache)."""

from __future__ import annotations

import json
import re

import pytest

from app.i18n import LANGS
from app.lessons import PARTS, LessonRegistry
from app.lessons.examples import extract, key, load_cache
from app.lessons.render import render_lesson
from app.spec.validate import validate_spec

REGISTRY = LessonRegistry()
LESSONS = list(REGISTRY)
IDS = [lesson.slug for lesson in LESSONS]


def test_lessons_are_in_folder_order_with_unique_slugs():
    orders = [lesson.order for lesson in LESSONS]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    assert len({lesson.slug for lesson in LESSONS}) == len(LESSONS)
    assert REGISTRY.get("sequential-model").order == 4


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_front_matter_in_both_languages(lesson):
    for lang in LANGS:
        meta = lesson.meta[lang]
        assert meta["title"].strip() and meta["summary"].strip()
        assert meta["part"] == lesson.part and lesson.part in PARTS
        assert meta["apis"] == lesson.meta["en"]["apis"]
    assert lesson.title("en") != lesson.title("zh")


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_renders_with_math_code_and_real_outputs(lesson, lang):
    html = render_lesson(lesson, lang)
    assert "<math" in html or "$" not in lesson.body[lang]
    assert "$$" not in html  # every formula became MathML
    assert not re.search(r"""(src|href)=["']https?://""", html)  # nothing loads from the internet
    examples = extract(lesson.body[lang])
    assert html.count("data-example") == len(examples)
    assert "output-missing" not in html, "examples changed: run `python -m app.lessons.examples build`"


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_example_cache_is_current(lesson):
    cache = load_cache(lesson.folder)
    for lang in LANGS:
        blocks = extract(lesson.body[lang])
        assert key(blocks) in cache, f"{lesson.slug}/{lang}.md: run `python -m app.lessons.examples build {lesson.slug}`"
        assert len(cache[key(blocks)]) == len(blocks)


@pytest.mark.parametrize("lesson", [x for x in LESSONS if x.preset], ids=[x.slug for x in LESSONS if x.preset])
def test_preset_is_a_valid_run_spec(lesson):
    model = json.loads(validate_spec(lesson.preset, for_run=True).model_dump_json())["model"]
    assert model.get("layers") or model.get("nodes")


def test_chinese_prose_is_chinese():
    for lesson in LESSONS:
        text = re.sub(r"```.*?```", "", lesson.body["zh"], flags=re.S)
        han = len(re.findall(r"[\u4e00-\u9fff]", text))
        assert han > 300, lesson.slug


def test_every_lesson_folder_is_complete():
    from app.lessons import FOLDER, HERE

    for folder in HERE.iterdir():
        if folder.is_dir() and FOLDER.fullmatch(folder.name):
            missing = [f for f in ("en.md", "zh.md", "preset.json") if not (folder / f).exists()]
            assert not missing, f"{folder.name} lacks {missing}"


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_widgets_are_known_and_placed(lesson):
    from app.widgets import WIDGETS

    for lang in LANGS:
        named = lesson.meta[lang].get("widgets") or []
        placed = re.findall(r"^```widget ([a-z-]+)", lesson.body[lang], re.M)
        assert set(named) <= set(WIDGETS), set(named) - set(WIDGETS)
        assert sorted(set(placed)) == sorted(set(named)), f"{lang}: front matter names {named}, the prose places {placed}"


def test_neighbours():
    first = LESSONS[0]
    assert REGISTRY.neighbours(first)[0] is None


ACTIONS = {"set", "add", "at", "remove", "move", "by", "callback", "off", "metric", "kind", "click"}
EXPECT = {"problem", "total_params", "params", "shapes", "status", "status_text"}
SECTION = {"en": "## In the playground", "zh": "## 在训练场中动手"}


def try_items(lesson, lang: str) -> int:
    """How many numbered items the lesson's playground section has."""
    text = (lesson.folder / f"{lang}.md").read_text(encoding="utf-8")
    section = text.split(SECTION[lang], 1)[1].split("\n## ", 1)[0]
    return len(re.findall(r"^\d+\. ", section, flags=re.M))


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_every_lesson_says_how_to_make_its_things_to_try(lesson):
    # tests/browser/test_tries.py makes each step in the page; here, its shape
    steps = json.loads((lesson.folder / "tries.json").read_text(encoding="utf-8"))["steps"]
    assert steps, lesson.slug
    items = {lang: try_items(lesson, lang) for lang in LANGS}
    assert items["en"] == items["zh"] and items["en"] >= 1, items
    for step in steps:
        assert set(step) <= {"step", "from", "do", "train", "expect", "note"}, step
        assert 1 <= step["step"] <= items["en"], f"{lesson.slug}: step {step['step']} of {items['en']} items"
        assert step.get("from", "preset") in ("preset", "previous")
        for action in step.get("do", []):
            assert set(action) <= ACTIONS and set(action) & {"set", "add", "remove", "move", "callback", "metric", "kind", "click"}, action
        assert set(step.get("expect", {})) <= EXPECT, step
    # a change the text asks for is made by at least one step
    assert any(step.get("do") for step in steps), lesson.slug
