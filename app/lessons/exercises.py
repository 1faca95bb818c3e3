"""Exercises: 3 to 5 at the end of every lesson, in `exercises.yaml` beside its
Markdown. An exercise is one of the KINDS below (one row each; the page's
`app/static/js/exercises/<kind>.js` makes it interactive):

- `number`, `shape`: the learner types the answer and the page checks it. The
  expected value is never typed by hand: `code` prints it, run by Keras like a
  lesson example, and the output is stored in `exercises.json` (keyed by the
  code's hash; `python -m app.lessons.exercises build` after editing).
- `choice`: one of `choices` is right (`answer`, counted from 0).
- `predict`: "predict, then train". The learner writes (or picks) what they
  expect, loads the experiment (`patch`: changes to the lesson's preset) into
  the playground and trains; the page shows their prediction beside the run's
  result (the metrics named in `watch`).

Every exercise has `id`, `prompt` and a worked `solution` (behind a reveal),
each text in both languages. See docs/lessons.md.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from app.i18n import LANGS, t
from app.lessons.render import render_fragment, render_inline

FILE = "exercises.yaml"
CACHE = "exercises.json"


class ExerciseError(ValueError):
    pass


def _text(value: Any, where: str) -> dict[str, str]:
    if not (isinstance(value, dict) and all(isinstance(value.get(lang), str) and value[lang].strip() for lang in LANGS)):
        raise ExerciseError(f"{where}: expected a text in every language ({', '.join(LANGS)}); received {value!r}")
    return {lang: value[lang] for lang in LANGS}


@dataclass(frozen=True)
class Kind:
    name: str
    fields: tuple[str, ...]  # besides id, kind, prompt and solution
    computed: bool = False  # its answer is printed by `code`


KINDS = {
    k.name: k
    for k in (
        Kind("number", ("code", "tolerance"), computed=True),
        Kind("shape", ("code",), computed=True),
        Kind("choice", ("choices", "answer")),
        Kind("predict", ("choices", "patch", "watch")),
    )
}


def code_key(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()[:16]


def parse_shape(text: str) -> list[int | None] | None:
    """"(None, 10)", "[None, 10]", "None,10", "10" → [None, 10] / [10]; None if it is no shape."""
    inner = text.strip().strip("()[]").strip()
    if not inner:
        return []
    out: list[int | None] = []
    for part in (p.strip() for p in inner.split(",")):
        if part == "":
            continue  # "(10,)"
        if part in ("None", "none", "null"):
            out.append(None)
        elif re.fullmatch(r"\d+", part):
            out.append(int(part))
        else:
            return None
    return out


def parse_number(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", "").replace("_", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def answer_of(kind: Kind, output: str, where: str) -> Any:
    """The expected answer from what `code` printed (its last line)."""
    last = output.strip().splitlines()[-1] if output.strip() else ""
    value = parse_number(last) if kind.name == "number" else parse_shape(last)
    if value is None:
        raise ExerciseError(f"{where}: its code printed {last!r}, which is not a {kind.name}")
    return value


def validate(raw: Any, where: str) -> list[dict[str, Any]]:
    """The exercises of one file, checked (ExerciseError says where and what)."""
    if not isinstance(raw, list):
        raise ExerciseError(f"{where}: expected a list of exercises; received {type(raw).__name__}")
    seen: set[str] = set()
    out = []
    for i, item in enumerate(raw):
        at = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise ExerciseError(f"{at}: expected a mapping; received {item!r}")
        kind = KINDS.get(item.get("kind"))
        if kind is None:
            raise ExerciseError(f"{at}: kind expected one of {', '.join(KINDS)}; received {item.get('kind')!r}")
        ident = item.get("id")
        if not (isinstance(ident, str) and re.fullmatch(r"[a-z0-9-]{1,40}", ident)) or ident in seen:
            raise ExerciseError(f"{at}: id expected a new slug of a-z, 0-9 and -; received {ident!r}")
        seen.add(ident)
        unknown = set(item) - {"id", "kind", "prompt", "solution", *kind.fields}
        if unknown:
            raise ExerciseError(f"{at}: {kind.name} has no field {', '.join(sorted(unknown))}")
        ex: dict[str, Any] = {"id": ident, "kind": kind.name, "prompt": _text(item.get("prompt"), f"{at}.prompt"), "solution": _text(item.get("solution"), f"{at}.solution")}
        if kind.computed:
            if not (isinstance(item.get("code"), str) and "print(" in item["code"]):
                raise ExerciseError(f"{at}.code: expected Python that prints the answer")
            ex["code"] = item["code"]
        if kind.name == "number":
            tolerance = item.get("tolerance", 0.001)
            if not (isinstance(tolerance, int | float) and 0 <= tolerance < 1):
                raise ExerciseError(f"{at}.tolerance: expected a relative tolerance from 0 to 1; received {tolerance!r}")
            ex["tolerance"] = float(tolerance)
        if "choices" in kind.fields and "choices" in item:
            choices = item["choices"]
            if not (isinstance(choices, list) and 2 <= len(choices) <= 6):
                raise ExerciseError(f"{at}.choices: expected 2 to 6 choices; received {choices!r}")
            ex["choices"] = [_text(c, f"{at}.choices[{j}]") for j, c in enumerate(choices)]
        if kind.name == "choice":
            if "choices" not in ex or not (isinstance(item.get("answer"), int) and 0 <= item["answer"] < len(ex["choices"])):
                raise ExerciseError(f"{at}.answer: expected the index of the right choice; received {item.get('answer')!r}")
            ex["answer"] = item["answer"]
        if kind.name == "predict":
            patch, watch = item.get("patch", {}), item.get("watch")
            if not isinstance(patch, dict):
                raise ExerciseError(f"{at}.patch: expected changes to the lesson's preset (a mapping); received {patch!r}")
            if not (isinstance(watch, list) and watch and all(isinstance(w, str) for w in watch)):
                raise ExerciseError(f"{at}.watch: expected the names of the logs to show, e.g. [loss, val_accuracy]; received {watch!r}")
            ex["patch"], ex["watch"] = patch, watch
        out.append(ex)
    if not 3 <= len(out) <= 5:
        raise ExerciseError(f"{where}: expected 3 to 5 exercises; received {len(out)}")
    return out


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch: what a `predict` exercise does to the lesson's preset."""
    if not isinstance(patch, dict):
        return patch
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


def load(folder: Path) -> list[dict[str, Any]]:
    """A lesson's exercises with their expected answers ([] for a folder without any).
    A computed answer missing from the cache is None: the page says it is not yet
    generated, and a test fails."""
    path = folder / FILE
    if not path.exists():
        return []
    exercises = validate(yaml.safe_load(path.read_text(encoding="utf-8")), f"{folder.name}/{FILE}")
    cache = json.loads((folder / CACHE).read_text(encoding="utf-8")) if (folder / CACHE).exists() else {}
    for ex in exercises:
        if "code" in ex:
            ex["expected"] = cache.get(code_key(ex["code"]))
    return exercises


def public(ex: dict[str, Any], lang: str) -> dict[str, Any]:
    """What the page's script needs of an exercise, in the page's language."""
    out = {k: ex[k] for k in ("id", "kind", "expected", "tolerance", "answer", "patch", "watch") if k in ex}
    if "choices" in ex:
        out["choices"] = [c[lang].replace("`", "") for c in ex["choices"]]  # plain, for a <select>
        out["choices_html"] = [render_inline(c[lang], lang) for c in ex["choices"]]  # inline code shown as code
    return out


def views(exercises: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """The exercises as the lesson template shows them: prompt and worked answer as HTML
    (the answer of a computed one ends with the code Keras computed it with)."""
    out = []
    for ex in exercises:
        solution = ex["solution"][lang]
        if "code" in ex:
            solution += f"\n\n{t('ex_computed_by', lang)}\n\n```python\n{ex['code'].rstrip()}\n```\n"
        data = json.dumps(public(ex, lang), ensure_ascii=False).replace("</", "<\\/")
        out.append({"id": ex["id"], "kind": ex["kind"], "prompt_html": render_fragment(ex["prompt"][lang], lang), "solution_html": render_fragment(solution, lang), "data": data})
    return out


@cache
def lesson_views(lesson, lang: str) -> list[dict[str, Any]]:
    """`views` of a lesson's exercises, rendered once per language (as its body is), not per request."""
    return views(lesson.exercises, lang)


def build(folders: list[Path]) -> None:
    """Run every computed exercise's code (a fresh process per lesson) and store the answers."""
    from app.lessons.examples import run

    for folder in folders:
        if not (folder / FILE).exists():
            continue
        exercises = validate(yaml.safe_load((folder / FILE).read_text(encoding="utf-8")), f"{folder.name}/{FILE}")
        computed = [ex for ex in exercises if "code" in ex]
        print(f"running {folder.name}/{FILE} ({len(computed)} answers)", flush=True)
        outputs = run([ex["code"] for ex in computed]) if computed else []  # in order, in one fresh process
        cache = {code_key(ex["code"]): answer_of(KINDS[ex["kind"]], out, f"{folder.name}/{ex['id']}") for ex, out in zip(computed, outputs, strict=True)}
        (folder / CACHE).write_text(json.dumps(cache, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    from app.lessons import HERE, LessonRegistry

    names = sys.argv[2:] if len(sys.argv) > 1 and sys.argv[1] == "build" else None
    if names is None:
        sys.exit("usage: python -m app.lessons.exercises build [slug ...]")
    chosen = [lesson.folder for lesson in LessonRegistry(HERE) if not names or lesson.slug in names or lesson.folder.name in names]
    build(chosen)
