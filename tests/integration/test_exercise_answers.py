"""Every computed exercise answer is what the installed Keras prints for its code."""

from __future__ import annotations

import pytest

from app.lessons import LessonRegistry
from app.lessons.examples import run
from app.lessons.exercises import FILE, KINDS, answer_of

WITH = [lesson for lesson in LessonRegistry() if (lesson.folder / FILE).exists() and any("code" in ex for ex in lesson.exercises)]


@pytest.mark.slow
@pytest.mark.parametrize("lesson", WITH, ids=[x.slug for x in WITH])
def test_exerciseanswer_ofs_are_what_keras_computes(lesson):
    computed = [ex for ex in lesson.exercises if "code" in ex]
    for ex, out in zip(computed, run([ex["code"] for ex in computed]), strict=True):
        assert answer_of(KINDS[ex["kind"]], out, ex["id"]) == ex["expected"], f"{lesson.slug}/{ex['id']}: the page expects {ex['expected']}, Keras now prints {out!r}"
