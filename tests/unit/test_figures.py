"""Lesson figures: every file a self-contained, script-free SVG, every one placed, every
placed one there (in the page's language when it has words), with alt text in both."""

from __future__ import annotations

import re

import pytest

from app.lessons import LessonRegistry, figures
from app.lessons.render import render_lesson

LESSONS = list(LessonRegistry())
FILES = [(lesson, path) for lesson in LESSONS for path in sorted((lesson.folder / "figures").glob("*.svg"))]
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)")


def test_a_figures_folder_holds_figures_and_the_scripts_that_make_them():
    for lesson in LESSONS:
        for path in (lesson.folder / "figures").glob("*"):
            assert path.suffix == ".svg" or re.fullmatch(r"make_[a-z0-9_-]+\.py", path.name), f"{lesson.slug}/figures/{path.name}"


def test_at_least_25_lessons_carry_a_figure():
    carrying = {lesson.slug for lesson, _ in FILES}
    assert len(carrying) >= 25, sorted(carrying)


@pytest.mark.parametrize(("lesson", "path"), FILES, ids=[f"{lesson.slug}/{path.name}" for lesson, path in FILES])
def test_every_figure_is_a_clean_svg(lesson, path):
    assert figures.NAME.fullmatch(path.name), f"{path.name}: expected <name>.svg or <name>.<en|zh>.svg"
    assert figures.problems(path) == []
    stem = path.name.split(".")[0]
    placed = [src for lang in ("en", "zh") for _, src in IMAGE.findall(lesson.body[lang])]
    assert f"figures/{stem}.svg" in placed, f"{path.name} is not placed in the lesson"
    if re.search(r"\.(en|zh)\.svg$", path.name):  # a figure with words has both languages
        other = "zh" if ".en." in path.name else "en"
        assert (path.parent / f"{stem}.{other}.svg").exists(), f"{stem} has words in one language only"


@pytest.mark.parametrize("lesson", LESSONS, ids=[x.slug for x in LESSONS])
def test_placed_figures_exist_with_alt_text_in_both_languages(lesson):
    found = {lang: IMAGE.findall(lesson.body[lang]) for lang in ("en", "zh")}
    assert [src for _, src in found["en"]] == [src for _, src in found["zh"]], "both languages place the same figures in the same order"
    for lang, images in found.items():
        for alt, src in images:
            assert len(alt.strip()) >= 10, f"{lang}: {src} needs alt text that says what it shows"
            assert figures.resolve(lesson.folder, lesson.slug, src, lang), f"{lang}: {src} is not in figures/"
        page = render_lesson(lesson, lang)
        assert page.count('data-testid="figure"') == len(images)
