"""Every "Things to try" item that names a playground change, made in the
page as a learner would (tests/browser/tries.py), and what its text says
follows: the model builds (or Keras refuses it where the text says so), its
parameters and shapes, a run's end."""

from __future__ import annotations

import pytest

from tests.browser.tries import LESSONS, tries, walk

FOLDERS = sorted(p for p in LESSONS.iterdir() if (p / "en.md").exists())


@pytest.mark.slow
@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_the_things_to_try_work_as_written(page, folder):
    slug = folder.name.split("-", 1)[1]
    walk(page, slug, tries(folder))
    assert page.errors == []
