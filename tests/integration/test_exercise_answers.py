"""Every computed exercise answer is what the installed Keras prints for its code.

A lesson's exercises run in order as one program, as `python -m app.lessons.exercises
build` ran them to store the answers. To import TensorFlow a few times rather than once
per lesson, a group of lessons shares one process: each lesson's program runs with its
own globals, in an empty folder, after Keras's session, registered objects and global
settings are reset, as the code export test runs its scripts."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from app.lessons import LessonRegistry
from app.lessons.examples import ENVIRONMENT, outputs, script
from app.lessons.exercises import FILE, KINDS, answer_of

WITH = [lesson for lesson in LessonRegistry() if (lesson.folder / FILE).exists() and any("code" in ex for ex in lesson.exercises)]
GROUPS = 4
CHUNKS = [WITH[i::GROUPS] for i in range(GROUPS)]

RUNNER = r"""
import contextlib, io, json, os, sys, tempfile, traceback
import keras
programs = json.load(sys.stdin)
results = {}
for name, program in programs.items():
    keras.backend.clear_session()
    keras.saving.get_custom_objects().clear()
    keras.config.set_floatx("float32")
    keras.config.set_epsilon(1e-7)
    keras.config.set_image_data_format("channels_last")
    keras.config.set_dtype_policy("float32")
    out = io.StringIO()
    with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stdout(out):
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            exec(compile(program, f"{name}/exercises", "exec"), {"__name__": "__main__"})
            status = "ok"
        except BaseException:
            status = traceback.format_exc()
        finally:
            os.chdir(cwd)
    results[name] = {"status": status, "stdout": out.getvalue()}
print(json.dumps(results))
"""


def computed(lesson) -> list[dict]:
    return [ex for ex in lesson.exercises if "code" in ex]


def test_the_groups_hold_every_lesson_once():
    assert sorted(x.slug for chunk in CHUNKS for x in chunk) == sorted(x.slug for x in WITH)


@pytest.mark.slow
@pytest.mark.parametrize("lessons", CHUNKS, ids=[f"group-{i + 1}" for i in range(GROUPS)])
def test_exercise_answers_are_what_keras_computes(lessons):
    programs = {lesson.slug: script([ex["code"] for ex in computed(lesson)]) for lesson in lessons}
    done = subprocess.run([sys.executable, "-c", RUNNER], input=json.dumps(programs), env=os.environ | ENVIRONMENT,
                          capture_output=True, text=True, timeout=900, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    for lesson in lessons:
        result = results[lesson.slug]
        assert result["status"] == "ok", f"{lesson.slug}:\n{result['status']}"
        printed = outputs(result["stdout"])
        for ex, out in zip(computed(lesson), printed, strict=True):
            assert answer_of(KINDS[ex["kind"]], out, ex["id"]) == ex["expected"], f"{lesson.slug}/{ex['id']}: the page expects {ex['expected']}, Keras now prints {out!r}"
