"""Lesson Markdown → HTML, on the server: math as MathML, code highlighted,
example outputs from the lesson's cache. Nothing is fetched by the browser."""

from __future__ import annotations

import html
from functools import cache

import latex2mathml.converter
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from app.lessons import Lesson
from app.lessons.examples import outputs_for
from app.widgets import WIDGETS


def _math(latex: str, display: bool) -> str:
    return latex2mathml.converter.convert(latex, display="block" if display else "inline")


def _code(code: str, language: str) -> str:
    try:
        lexer = get_lexer_by_name(language or "text")
    except ClassNotFound:
        lexer = get_lexer_by_name("text")
    return highlight(code, lexer, HtmlFormatter(nowrap=True))


def widget_html(name: str, lang: str) -> str:
    """The mount point of a widget; app/static/js/widgets/<name>.js fills it."""
    widget = WIDGETS[name]  # an unknown name fails the lesson tests
    title = html.escape(widget.title(lang))
    return (
        f'<section class="widget" data-widget="{html.escape(name)}" data-testid="widget-{html.escape(name)}" aria-label="{title}">'
        f'<h3 class="widget-title">{title}</h3><div class="widget-body"></div></section>'
    )


def _parser(outputs: list[str] | None, lang: str) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.use(dollarmath_plugin, allow_space=True, double_inline=True)
    md.use(anchors_plugin, min_level=2, max_level=3)
    example = iter(outputs or [])

    def fence(self, tokens, idx, options, env):
        token = tokens[idx]
        info = token.info.split()
        language = info[0] if info else ""
        # tabindex: a block that may scroll sideways can be scrolled from the keyboard
        body = f'<pre class="code" tabindex="0"><code class="language-{html.escape(language)}">{_code(token.content, language)}</code></pre>'
        if language == "widget":
            return widget_html(info[1] if len(info) > 1 else "", lang)
        if info[1:2] == ["run"]:
            out = next(example, None)
            if outputs is None or out is None:
                note = "Output not yet generated." if lang == "en" else "尚未生成输出。"
                body += f'<p class="output-missing">{note}</p>'
            elif out:
                label = "Output" if lang == "en" else "输出"
                body += f'<pre class="output" tabindex="0" aria-label="{label}"><code>{html.escape(out)}</code></pre>'
            return f'<div class="example" data-example>{body}</div>'
        return body

    md.add_render_rule("fence", fence)
    md.add_render_rule("math_inline", lambda self, t, i, o, e: _math(t[i].content, False))
    md.add_render_rule("math_inline_double", lambda self, t, i, o, e: _math(t[i].content, True))
    md.add_render_rule("math_block", lambda self, t, i, o, e: f'<div class="math" tabindex="0">{_math(t[i].content, True)}</div>')
    return md


@cache
def render_lesson(lesson: Lesson, lang: str) -> str:
    markdown = lesson.body[lang]
    return _parser(outputs_for(lesson.folder, markdown), lang).render(markdown)
