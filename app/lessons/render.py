"""Lesson Markdown → HTML, on the server: math as MathML, code highlighted,
example outputs from the lesson's cache. Nothing is fetched by the browser."""

from __future__ import annotations

import html
import re
from functools import cache

import latex2mathml.converter
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from app.i18n import t
from app.lessons import Lesson, figures
from app.lessons.examples import outputs_for
from app.widgets import WIDGETS

# Han, CJK punctuation, full-width forms and the curly quotes Chinese prose uses
# (app/lessons/glossary.yaml): a soft line break between two of them is no space
# in Chinese, but a browser shows one ("口音的 女生", "随机 “图片”").
CJK = re.compile("[\u2018\u2019\u201c\u201d\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
CJK_PUNCTUATION = re.compile("[\u3000-\u303f\uff00-\uffef]")


def _beside(tokens, idx: int, step: int) -> str:
    """The character next to a soft break on one side ("" at the paragraph's edge):
    formatting marks (emphasis open and close) hold no text and are skipped."""
    idx += step
    while 0 <= idx < len(tokens):
        content = tokens[idx].content
        if tokens[idx].type in ("text", "code_inline") and content:
            return content[-1] if step < 0 else content[0]
        if tokens[idx].type in ("softbreak", "hardbreak", "math_inline", "image"):
            return ""
        idx += step
    return ""


def softbreak(self, tokens, idx, options, env) -> str:
    """A source line break inside a paragraph: nothing between two CJK characters
    (or beside a full-width punctuation mark), a line break (a space) otherwise."""
    before, after = _beside(tokens, idx, -1), _beside(tokens, idx, 1)
    if before and after and ((CJK.match(before) and CJK.match(after)) or CJK_PUNCTUATION.match(before) or CJK_PUNCTUATION.match(after)):
        return ""
    return "\n"


def _math(latex: str, display: bool) -> str:
    return latex2mathml.converter.convert(latex, display="block" if display else "inline")


def _code(code: str, language: str) -> str:
    try:
        lexer = get_lexer_by_name(language or "text")
    except ClassNotFound:
        lexer = get_lexer_by_name("text")
    return highlight(code, lexer, HtmlFormatter(nowrap=True))


# Info strings of code that is shown but never run, highlighted as Python under a
# visible label (the UI string named here): a learner sees it is not an example.
FRAGMENTS = {"signature": "code_signature", "sketch": "code_sketch"}


def code_block(code: str, language: str, lang: str, label: str = "") -> str:
    """A highlighted block with a button that copies its code (app/static/js/copy.js)."""
    # tabindex: a block that may scroll sideways can be scrolled from the keyboard
    pre = f'<pre class="code" tabindex="0"><code class="language-{html.escape(language)}">{_code(code, language)}</code></pre>'
    button = (
        f'<button type="button" class="copy-code" data-copy data-testid="copy-block" aria-label="{html.escape(t("copy_code_label", lang))}" '
        f'data-copied="{html.escape(t("copied", lang))}" data-selected="{html.escape(t("code_selected", lang))}">{html.escape(t("copy_code", lang))}</button>'
    )
    caption = f'<span class="code-label">{html.escape(label)}</span>' if label else ""
    return f'<div class="code-block" data-code>{caption}{button}{pre}</div>'


def widget_html(name: str, lang: str) -> str:
    """The mount point of a widget; app/static/js/widgets/<name>.js fills it."""
    widget = WIDGETS[name]  # an unknown name fails the lesson tests
    title = html.escape(widget.title(lang))
    return (
        f'<section class="widget" data-widget="{html.escape(name)}" data-testid="widget-{html.escape(name)}" aria-label="{title}">'
        f'<h3 class="widget-title">{title}</h3><div class="widget-body"></div></section>'
    )


def figure(self, tokens, idx, options, env) -> str:
    """A lesson's figure (app/lessons/figures.py): the file in the page's language if there is
    one, its alt text from this language's Markdown, its title (if any) as a caption."""
    token = tokens[idx]
    src, lesson = token.attrGet("src") or "", env.get("lesson")
    url = figures.resolve(lesson.folder, lesson.slug, src, env["lang"]) if lesson is not None else None
    if url is None:
        raise ValueError(f"{src!r} is not a figure of this lesson (figures/<name>.svg in its folder)")
    alt = self.renderInlineAsText(token.children, options, env)
    title = token.attrGet("title")
    caption = f'<span class="figure-caption">{html.escape(title)}</span>' if title else ""
    return f'<span class="figure" data-testid="figure"><img src="{html.escape(url)}" alt="{html.escape(alt)}" loading="lazy">{caption}</span>'


def _parser(outputs: list[str] | None, lang: str) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.use(dollarmath_plugin, allow_space=True, double_inline=True)
    md.use(anchors_plugin, min_level=2, max_level=3)
    example = iter(outputs or [])

    def fence(self, tokens, idx, options, env):
        token = tokens[idx]
        info = token.info.split()
        language = info[0] if info else ""
        if language == "widget":
            return widget_html(info[1] if len(info) > 1 else "", lang)
        if language in FRAGMENTS:
            return code_block(token.content, "python", lang, label=t(FRAGMENTS[language], lang))
        body = code_block(token.content, language, lang)
        if info[1:2] == ["run"]:
            note = ""
            if not env.get("examples_noted"):
                env["examples_noted"] = True
                note = f'<p class="examples-note" data-testid="examples-note">{html.escape(t("examples_note", lang))}</p>'
            out = next(example, None)
            if outputs is None or out is None:
                body += f'<p class="output-missing">{html.escape(t("example_output_missing", lang))}</p>'
            elif out:
                body += f'<pre class="output" tabindex="0" aria-label="{html.escape(t("example_output", lang))}"><code>{html.escape(out)}</code></pre>'
            return f'{note}<div class="example" data-example>{body}</div>'
        return body

    md.add_render_rule("fence", fence)
    md.add_render_rule("image", figure)
    md.add_render_rule("softbreak", softbreak)
    md.add_render_rule("math_inline", lambda self, t, i, o, e: _math(t[i].content, False))
    md.add_render_rule("math_inline_double", lambda self, t, i, o, e: _math(t[i].content, True))
    md.add_render_rule("math_block", lambda self, t, i, o, e: f'<div class="math" tabindex="0">{_math(t[i].content, True)}</div>')
    return md


@cache
def render_lesson(lesson: Lesson, lang: str) -> str:
    markdown = lesson.body[lang]
    return _parser(outputs_for(lesson.folder, markdown), lang).render(markdown, {"lesson": lesson, "lang": lang})


def render_fragment(markdown: str, lang: str) -> str:
    """A short text of a lesson that is not its body (an exercise's prompt or answer)."""
    return _parser([], lang).render(markdown)


def render_inline(markdown: str, lang: str) -> str:
    """One line of a lesson's Markdown (an exercise's choice): inline code and math, no paragraph."""
    return _parser([], lang).renderInline(markdown)
