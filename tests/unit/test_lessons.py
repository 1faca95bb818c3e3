"""The lesson registry and the renderer (no Keras needed: outputs come from the cache)."""

from __future__ import annotations

import builtins
import json
import re
import symtable
from pathlib import Path

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


HAN_PAIR = re.compile("([\u2018\u2019\u201c\u201d\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef])(\\s+)([\u2018\u2019\u201c\u201d\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef])")


def prose(html: str) -> str:
    """The page's text outside code blocks: inline tags removed (one between two characters
    is no space), block edges a mark that is not white space (no space is shown there)."""
    html = re.sub(r"<pre.*?</pre>", "", html, flags=re.S)
    html = re.sub(r"</?(?:p|h\d|li|ul|ol|div|section|table|thead|tbody|tr|td|th|blockquote|figure|figcaption|math)\b[^>]*>", "\x00", html)
    return re.sub(r"<[^>]+>", "", html)


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_chinese_prose_has_no_space_the_source_did_not_write(lesson):
    """A browser shows any white space between two CJK characters as a space, a source
    line break included; only a space written on one line of the source is meant."""
    lines = [re.sub(r"[*`]", "", line) for line in lesson.body["zh"].splitlines()]  # emphasis and code marks are no text
    meant = {m.group(0) for line in lines for m in HAN_PAIR.finditer(line) if not re.match("[　-〿＀-￯]", m.group(1))}
    stray = [m.group(0) for m in HAN_PAIR.finditer(prose(render_lesson(lesson, "zh"))) if m.group(0) not in meant]
    assert not stray, stray[:5]


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("口音的\n女生", "<p>口音的女生</p>"),
        ("**加粗**\n文字", "<p><strong>加粗</strong>文字</p>"),
        ("句子。\nKeras 说", "<p>句子。Keras 说</p>"),
        ("随机\n“图片”\n来演示", "<p>随机“图片”来演示</p>"),  # Chinese quotes are no Latin text
        ("the “word”\nnext", "<p>the “word”\nnext</p>"),
        ("使用\nKeras", "<p>使用\nKeras</p>"),  # Han beside a Latin word keeps its space
        ("one\ntwo", "<p>one\ntwo</p>"),
    ],
)
def test_a_soft_break_between_cjk_characters_is_nothing(source, shown):
    from app.lessons.render import _parser

    assert _parser([], "zh").render(source).strip() == shown


# Examples a learner can copy: each block runs as the page shows it, in order, with nothing hidden.


def test_the_runner_adds_no_code_to_the_examples(monkeypatch):
    """Only environment variables (no code) may be added: the imports, the seed and the print
    options the outputs depend on are in the lesson's first example, where a learner sees them."""
    import subprocess

    from app.lessons import examples

    seen = {}

    def fake(argv, **kwargs):
        seen["script"] = Path(argv[-1]).read_text(encoding="utf-8")
        seen["env"] = kwargs["env"]
        return subprocess.CompletedProcess(argv, 0, stdout=f"{examples.MARK}\n1\n", stderr="")

    monkeypatch.setattr(examples.subprocess, "run", fake)
    assert examples.run(["print(1)"]) == ["1"]
    code = [line for line in seen["script"].splitlines() if line.strip() and "kp-example-output" not in line]
    assert code == ["print(1)"], code
    assert seen["env"]["KERAS_BACKEND"] == "tensorflow" and seen["env"]["PYTHONHASHSEED"] == "0"


def undefined_names(code: str) -> set[str]:
    """Global names the code reads but never binds (nor are they builtins)."""
    top = symtable.symtable(code, "<examples>", "exec")
    bound = {s.get_name() for s in top.get_symbols() if s.is_assigned() or s.is_imported()} | set(dir(builtins))
    read = set()

    def walk(table):
        for symbol in table.get_symbols():
            if symbol.is_referenced() and (table is top or symbol.is_global()):
                read.add(symbol.get_name())
        for child in table.get_children():
            walk(child)

    walk(top)
    return read - bound


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_every_example_defines_what_it_uses_or_a_block_before_it_does(lesson):
    for lang in LANGS:
        blocks = extract(lesson.body[lang])
        for i in range(len(blocks)):
            missing = undefined_names("\n".join(blocks[: i + 1]))
            assert not missing, f"{lesson.slug}/{lang}.md example {i + 1} uses {sorted(missing)}, which no example up to it defines"


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_no_python_block_is_left_unrun(lesson):
    """A Python block is an example (`python run`) whose output is real; a fragment that is not
    meant to run (a signature, a sketch) is marked as such, never as python."""
    for lang in LANGS:
        fences = re.findall(r"^```(\S*)(.*)$", lesson.body[lang], flags=re.M)
        unrun = [info for info, rest in fences if info in ("python", "py") and rest.split() != ["run"]]
        assert not unrun, f"{lesson.slug}/{lang}.md has {len(unrun)} python block(s) without `run`"


@pytest.mark.parametrize("lang", LANGS)
def test_a_fragment_is_labelled_and_highlighted_as_python(lang):
    from app.i18n import t
    from app.lessons.render import _parser

    html = _parser([], lang).render("```signature\nkeras.layers.Dense(units, activation=None)\n```\n")
    assert f'<span class="code-label">{t("code_signature", lang)}</span>' in html
    assert 'class="language-python"' in html and '<span class="n">units</span>' in html


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_code_block_has_a_copy_button_and_the_examples_a_note(lesson, lang):
    from app.i18n import t

    html = render_lesson(lesson, lang)
    blocks = html.count('<pre class="code"')
    assert html.count("data-copy ") == blocks and html.count(f">{t('copy_code', lang)}</button>") == blocks
    assert re.findall(r"<pre class=\"output\"[^>]*>(?:(?!</pre>).)*data-copy", html, flags=re.S) == []  # outputs are not copied
    note = html.count(t("examples_note", lang))
    if extract(lesson.body[lang]):
        assert note == 1 and html.index(t("examples_note", lang)) < html.index("data-example"), lesson.slug
    else:
        assert note == 0


# One glossary (app/lessons/glossary.yaml): one rendering per term, one quotation style per language.


def lesson_prose(lesson, lang: str) -> str:
    from app.lessons.glossary import prose

    return "\n".join([lesson.meta[lang]["title"], lesson.meta[lang]["summary"], prose(lesson.body[lang], lang)])


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_no_lesson_uses_a_variant_the_glossary_lists(lesson, lang):
    from app.lessons.glossary import load

    misused = [f"{variant} (use {getattr(term, lang)})" for term, variant in load().misuses(lesson_prose(lesson, lang), lang)]
    assert not misused, f"{lesson.slug}/{lang}.md: {misused}"


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_prose_quotes_in_its_language_s_style(lesson, lang):
    from app.lessons.glossary import load

    wrong = load().wrong_quotes(lesson_prose(lesson, lang), lang)
    assert not wrong, f"{lesson.slug}/{lang}.md quotes with {wrong}; the glossary says {load().quotes[lang]['use']}"


def test_the_glossary_finds_what_it_must():
    from app.lessons.glossary import load, prose

    glossary = load()
    text = prose("用梯度\n磁带求导，`tape = tf.GradientTape()` 里的磁带不算；批量归一化不是变体。\n\n```python run\n# 小工具\n```\n", "zh")
    assert [variant for _, variant in glossary.misuses(text, "zh")] == ["梯度磁带", "磁带"]  # across the line break; code is no prose
    assert glossary.wrong_quotes(prose('他说"好"，`"x"` 不算', "zh"), "zh") == ['"']
    assert glossary.wrong_quotes(prose("Keras's “accuracy”", "en"), "en") == ["“", "”"]
    terms = [(t.en, t.zh) for t in glossary.terms]
    assert len(set(terms)) == len(terms) and all(t.zh not in t.variants for t in glossary.terms)


# Numbers the text works out by hand are the printed outputs of an example (issue: defects in the text).


def outputs(slug: str) -> list[str]:
    lesson = REGISTRY.get(slug)
    return load_cache(lesson.folder)[key(extract(lesson.body["en"]))]


def test_backend_2_derives_the_percentage_error_term_by_term():
    printed = "\n".join(outputs("backend-2"))
    assert "250000025.0" in printed and "25025.0" in printed and "50." in printed
    for lang in LANGS:
        text = REGISTRY.get("backend-2").body[lang]
        assert r"100 \cdot 1/2 = 50" in text and "250{,}000{,}025" in text and r"100 \cdot 0.5/2" not in text


def test_bidirectional_without_merging_gives_a_tuple():
    assert "None tuple [(2, 5, 4), (2, 5, 4)]" in outputs("recurrent-bidirectional")[1]
    lesson = REGISTRY.get("recurrent-bidirectional")
    assert "a tuple of both" in lesson.body["en"] and "list of both" not in lesson.body["en"]
    assert "两者组成的元组" in lesson.body["zh"] and "两者组成的列表" not in lesson.body["zh"]


def test_label_smoothing_is_lowest_at_the_smoothed_target_in_both_languages():
    assert any(out.splitlines() == ["0.0 0.999", "0.2 0.9"] for out in outputs("probabilistic-losses"))
    lesson = REGISTRY.get("probabilistic-losses")
    assert "predicts the smoothed target itself" in lesson.body["en"]
    assert "预测平滑后的目标本身" in lesson.body["zh"] and "得到奖励的概率" not in lesson.body["zh"]


def test_neural_network_basics_describes_its_preset():
    lesson = REGISTRY.get("neural-network-basics")
    hidden = lesson.preset["model"]["layers"][0]["config"]
    optimizer = lesson.preset["compile"]["optimizer"]
    steps = json.loads((lesson.folder / "tries.json").read_text(encoding="utf-8"))["steps"]
    assert steps[0]["expect"]["shapes"]["0"] == f"(None, {hidden['units']})"
    assert steps[0]["expect"]["total_params"] == 2 * hidden["units"] + hidden["units"] + hidden["units"] + 1
    said = {
        "en": [f"hidden layer of {hidden['units']} ReLU units", optimizer["class_name"], f"learning rate of {optimizer['config']['learning_rate']}", f"for {lesson.preset['fit']['epochs']} epochs"],
        "zh": [f"含 {hidden['units']} 个 ReLU 单元的隐藏层", optimizer["class_name"], f"学习率为 {optimizer['config']['learning_rate']}", f"训练 {lesson.preset['fit']['epochs']} 轮"],
    }
    for lang in LANGS:
        section = lesson.body[lang].split(SECTION[lang], 1)[1]
        intro = section.split("\n1. ", 1)[0].replace("\n", "" if lang == "zh" else " ")
        assert all(fact in intro for fact in said[lang]), (lang, [f for f in said[lang] if f not in intro])
