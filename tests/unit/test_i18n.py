"""Both languages everywhere: a missing translation fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.i18n import LANGS, normalize_lang, t, ui_strings
from app.i18n.messages import MESSAGES

APP = Path(__file__).resolve().parents[2] / "app"
TEMPLATE_KEY = re.compile(r"""\bt\(\s*['"]([a-z0-9_]+)['"]""")
PLURAL_KEY = re.compile(r"""\bt\.plural\(\s*['"]([a-z0-9_]+)['"]""")
TERNARY_KEYS = re.compile(r"""\bt\([^()]*\?\s*['"]([a-z0-9_]+)['"]\s*:\s*['"]([a-z0-9_]+)['"]""")


def used_keys() -> set[str]:
    keys = set()
    from app.lessons.render import FRAGMENTS

    for path in [*APP.glob("templates/**/*.html"), *APP.glob("static/js/**/*.js"), APP / "lessons" / "render.py"]:
        text = path.read_text(encoding="utf-8")
        keys |= set(TEMPLATE_KEY.findall(text))
        # t.plural("key", n) reads key_one and key_other, as the language counts
        keys |= {f"{k}_{form}" for k in PLURAL_KEY.findall(text) for form in ("one", "other")}
        keys |= {k for pair in TERNARY_KEYS.findall(text) for k in pair}
    keys = {k for k in keys if not k.endswith("_")}  # a prefix: the keys it builds are listed below
    # keys built at run time
    keys |= {f"status_{s}" for s in ("idle", "queued", "running", "paused", "succeeded", "failed", "cancelled", "interrupted")}
    keys |= {f"view_{v}" for v in ("scalars", "network", "histograms", "learned", "graph", "runs", "files")}
    keys |= {f"view_{v}_empty" for v in ("network", "histograms", "learned", "runs", "files")}
    keys |= {f"problems_{k}_{form}" for k in ("values", "data", "fit") for form in ("one", "other")} | {"problems_build"}
    keys |= {f"hist_{m}" for m in ("offset", "overlay", "distribution")}
    keys |= set(FRAGMENTS.values())  # the labels of code that is shown, not run
    return keys


def test_both_languages_have_the_same_keys():
    en, zh = set(ui_strings("en")), set(ui_strings("zh"))
    assert en - zh == set(), f"missing in zh.json: {sorted(en - zh)}"
    assert zh - en == set(), f"missing in en.json: {sorted(zh - en)}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_the_pages_use_exists(lang):
    missing = used_keys() - set(ui_strings(lang))
    assert not missing, f"{lang}.json lacks {sorted(missing)}"


def test_the_scan_finds_the_keys_in_use():
    assert {"train", "cancel", "add_layer", "summary", "chart_loss", "runs_layers_one", "runs_layers_other", "reset_link", "chart_hide_data"} <= used_keys()
    assert {"examples_note", "copy_code_label", "code_signature"} <= used_keys()  # the lesson renderer's


@pytest.mark.parametrize("lang", LANGS)
def test_no_empty_strings_and_placeholders_agree(lang):
    for key, text in ui_strings(lang).items():
        assert text.strip(), key
        other = ui_strings("zh" if lang == "en" else "en")[key]
        assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", other)), key


def test_chinese_strings_are_chinese():
    zh = ui_strings("zh")
    untranslated = [k for k, v in zh.items() if v == ui_strings("en")[k] and re.search(r"[a-z]{4}", v) and k != "lang_switch_label"]
    assert not untranslated, untranslated


def test_validation_messages_exist_in_both_languages():
    for code, text in MESSAGES.items():
        assert text.en and text.zh, code
        assert set(re.findall(r"\{(\w+)\}", text.en)) == set(re.findall(r"\{(\w+)\}", text.zh)), code


def test_lookup():
    assert t("train", "zh") == "训练"
    assert normalize_lang("zh-CN,zh;q=0.9") == "zh" and normalize_lang("fr") == "en" and normalize_lang(None) == "en"
    with pytest.raises(KeyError):
        t("no_such_key", "en")


def test_every_reason_a_run_ends_says_the_same_in_both_languages():
    import re

    from app.runs.reasons import REASONS

    for code, pair in REASONS.items():
        assert set(re.findall(r"\{(\w+)\}", pair.en)) == set(re.findall(r"\{(\w+)\}", pair.zh)), code
        assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", pair.zh), code
        assert ui_strings("zh")[f"why_{code}"] == pair.zh and ui_strings("en")[f"why_{code}"] == pair.en
