"""Exercise files: every one valid, its computed answers current; the checks a page makes."""

from __future__ import annotations

import json

import pytest

from app.lessons import LessonRegistry
from app.lessons.exercises import (
    CACHE,
    FILE,
    ExerciseError,
    code_key,
    merge_patch,
    parse_number,
    parse_shape,
    validate,
    views,
)
from app.spec.validate import validate_spec

LESSONS = list(LessonRegistry())
WITH = [lesson for lesson in LESSONS if (lesson.folder / FILE).exists()]


def test_some_lessons_have_exercises():
    assert len(WITH) >= 1


@pytest.mark.parametrize("lesson", WITH, ids=[x.slug for x in WITH])
def test_exercises_are_valid_and_their_answers_current(lesson):
    exercises = lesson.exercises
    assert 3 <= len(exercises) <= 5
    cache = json.loads((lesson.folder / CACHE).read_text()) if any("code" in ex for ex in exercises) else {}
    for ex in exercises:
        if "code" in ex:
            assert ex["expected"] is not None, f"{ex['id']}: run python -m app.lessons.exercises build {lesson.slug}"
            assert code_key(ex["code"]) in cache
        if ex["kind"] == "predict":
            assert lesson.preset, f"{ex['id']}: a prediction is tried in the lesson's playground"
            validate_spec(merge_patch(lesson.preset, ex["patch"]), for_run=True)  # the experiment is a valid run


@pytest.mark.parametrize("lesson", WITH, ids=[x.slug for x in WITH])
def test_exercises_render_in_both_languages(lesson):
    for lang in ("en", "zh"):
        shown = views(lesson.exercises, lang)
        assert all(v["prompt_html"].strip() and v["solution_html"].strip() for v in shown)
        assert all("</script" not in v["data"] for v in shown)


BASE = {"id": "a", "kind": "choice", "prompt": {"en": "Q", "zh": "问"}, "solution": {"en": "A", "zh": "答"}, "choices": [{"en": "x", "zh": "甲"}, {"en": "y", "zh": "乙"}], "answer": 1}


def three(**change) -> list[dict]:
    return [BASE | change, BASE | {"id": "b"}, BASE | {"id": "c"}]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"kind": "essay"}, "kind expected one of number, shape, choice, predict; received 'essay'"),
        ({"prompt": {"en": "Q"}}, "prompt: expected a text in every language (en, zh)"),
        ({"answer": 2}, "answer: expected the index of the right choice; received 2"),
        ({"id": "B C"}, "id expected a new slug"),
        ({"id": "b"}, "id expected a new slug of a-z, 0-9 and -; received 'b'"),
        ({"code": "print(1)"}, "choice has no field code"),
        ({"kind": "number", "code": "print(1)"}, "number has no field answer, choices"),
    ],
)
def test_a_bad_exercise_says_where_and_what(change, says):
    items = three(**change)
    items[0] = {k: v for k, v in items[0].items() if v is not None}
    with pytest.raises(ExerciseError) as info:
        validate(items, "x/exercises.yaml")
    assert says in str(info.value)


def test_three_to_five_and_computed_answers_need_code():
    with pytest.raises(ExerciseError, match="expected 3 to 5 exercises; received 2"):
        validate(three()[:2], "x")
    number = {"id": "n", "kind": "number", "prompt": BASE["prompt"], "solution": BASE["solution"], "code": "x = 1"}
    with pytest.raises(ExerciseError, match="expected Python that prints the answer"):
        validate([number, *three()[1:]], "x")
    assert validate([number | {"code": "print(2)"}, *three()[1:]], "x")[0]["tolerance"] == 0.001


@pytest.mark.parametrize(("text", "shape"), [("(None, 10)", [None, 10]), ("[None,10]", [None, 10]), ("None, 10", [None, 10]), ("(10,)", [10]), ("()", []), ("10 x 3", None), ("(a, 1)", None)])
def test_shapes_read_as_the_page_reads_them(text, shape):
    assert parse_shape(text) == shape


@pytest.mark.parametrize(("text", "value"), [("5,569", 5569.0), ("0.25", 0.25), ("1e-3", 0.001), ("five", None), ("inf", None)])
def test_numbers_read_as_the_page_reads_them(text, value):
    assert parse_number(text) == value


def test_merge_patch_is_rfc_7386():
    assert merge_patch({"a": {"b": 1, "c": 2}, "l": [1, 2]}, {"a": {"b": None, "d": 3}, "l": [3]}) == {"a": {"c": 2, "d": 3}, "l": [3]}


@pytest.mark.parametrize("lesson", WITH, ids=[x.slug for x in WITH])
def test_chinese_exercises_have_no_stray_spaces(lesson):
    """A folded YAML block (>-) turns each line break into a space: between Chinese characters it shows."""
    from tests.unit.test_lessons import HAN_PAIR, prose

    for view in views(lesson.exercises, "zh"):
        text = prose(view["prompt_html"] + view["solution_html"])
        assert not HAN_PAIR.search(text), (view["id"], HAN_PAIR.search(text).group(0))


@pytest.mark.parametrize("lesson", LESSONS, ids=[x.slug for x in LESSONS])
def test_every_lesson_has_exercises_and_an_interactive_piece(lesson):
    """3 to 5 exercises in both languages; and a widget, or an experiment the learner
    predicts and then trains in the playground."""
    assert (lesson.folder / FILE).exists(), f"{lesson.slug} has no {FILE}"
    exercises = lesson.exercises
    assert 3 <= len(exercises) <= 5
    widgets = set(lesson.meta["en"].get("widgets") or [])
    assert widgets or any(ex["kind"] == "predict" for ex in exercises), lesson.slug
