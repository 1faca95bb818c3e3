"""Every lesson example runs under the installed Keras, exactly as the page shows it (the runner
adds no code, only environment variables), and prints what the page shows."""

from __future__ import annotations

import re

import pytest

from app.i18n import LANGS
from app.lessons import LessonRegistry
from app.lessons.examples import extract, key, load_cache, run

LESSONS = [lesson for lesson in LessonRegistry() if extract(lesson.body["en"])]
NUMBER = re.compile(r"-?\d+\.\d+(?:e-?\d+)?")


def same_output(shown: str, now: str) -> bool:
    """Equal text; decimals may differ in the last digits (threads sum in any order)."""
    if NUMBER.sub("#", shown) != NUMBER.sub("#", now):
        return False
    return all(abs(float(a) - float(b)) <= 0.02 + 0.01 * abs(float(a)) for a, b in zip(NUMBER.findall(shown), NUMBER.findall(now), strict=True))


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=[x.slug for x in LESSONS])
def test_examples_print_what_the_page_shows(lesson):
    cache = load_cache(lesson.folder)
    for blocks in {key(extract(lesson.body[lang])): extract(lesson.body[lang]) for lang in LANGS}.values():
        shown = cache[key(blocks)]
        for i, (before, now) in enumerate(zip(shown, run(blocks), strict=True)):
            assert same_output(before, now), f"{lesson.slug} example {i + 1}:\n--- page\n{before}\n--- now\n{now}"


def test_the_comparison_can_fail():
    assert same_output("loss 0.691, acc 0.520", "loss 0.695, acc 0.52")
    assert not same_output("loss 0.691", "loss 0.991")
    assert not same_output("(None, 10)", "(None, 11)")
