"""What the lessons' figure scripts (`figures/make_<name>.py`) share: the SVG document
around a drawing, its fonts and colours, text, arrows, wrapped lines, embedded images,
Graphviz's output made page-ready, and writing one file per language.

Importing the kit sets the environment the lessons' examples run in (the TensorFlow
backend, TensorFlow's C++ logging off), so a script imports it before Keras, in an import
block of its own (`# isort: split` after it). See docs/lessons.md, "Figures".
"""

from __future__ import annotations

import base64
import io
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape as escape_xml

import numpy as np
from PIL import Image

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

LANGS = ("en", "zh")
# A CJK face for the Chinese labels after the system one; set once, on the root element.
FONT = "system-ui, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
MONO = "ui-monospace, Menlo, Consolas, monospace"
INK = "#1a1a1a"
# The first lessons' pair: the forward pass in blue, the backward pass in orange.
DEEP_BLUE, DEEP_ORANGE = "#0b5cad", "#b35900"
# Okabe–Ito: colours that colour-blind readers tell apart; pair each with a dash or a
# marker of its own, so that nothing depends on colour alone.
BLUE, VERMILLION, GREEN, PINK, ORANGE = "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"
# The tint of each colour, to fill what it outlines.
LIGHT = {
    BLUE: "#d6e9f5",
    VERMILLION: "#f8dcc9",
    GREEN: "#cdebe0",
    PINK: "#f3dcea",
    DEEP_BLUE: "#e6f0fb",
    DEEP_ORANGE: "#fff4e6",
}


def document(
    width: float | str,
    height: float | str,
    body: list[str],
    *,
    title: str | None = None,
    defs: str | None = None,
    font_size: float | None = None,
    sized: bool = False,
    role: bool = True,
    background: str = "#ffffff",
) -> str:
    """A whole SVG document, one element a line: the root (`viewBox` from the size, the
    kit's font; `sized` also fixes width and height), the `title` a screen reader says,
    `defs`, the background, then `body`."""
    size = f' width="{width}" height="{height}"' if sized else ""
    aria = ' role="img"' if role else ""
    font = f' font-size="{font_size}"' if font_size is not None else ""
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"{size}{aria} '
        f'font-family="{FONT}"{font} fill="{INK}">'
    ]
    if title is not None:
        head.append(f"<title>{escape_xml(title)}</title>")
    if defs is not None:
        head.append(defs)
    head.append(f'<rect width="{width}" height="{height}" fill="{background}"/>')
    return "\n".join([*head, *body, "</svg>"]) + "\n"


def defs(*items: str, lines: bool = False) -> str:
    """A `<defs>` of markers, clip paths, ...: on one line, or one item a line."""
    return "\n".join(["<defs>", *items, "</defs>"]) if lines else f"<defs>{''.join(items)}</defs>"


def arrowhead(
    name: str,
    fill: str,
    size: float = 7,
    *,
    ref_x: float = 9,
    fixed: bool = False,
    orient: str = "auto",
) -> str:
    """A triangular `<marker>` for `marker-end="url(#name)"`; `fixed` keeps its size in user
    units instead of scaling it with the stroke width."""
    units = ' markerUnits="userSpaceOnUse"' if fixed else ""
    return (
        f'<marker id="{name}" viewBox="0 0 10 10" refX="{ref_x}" refY="5"{units} markerWidth="{size}" '
        f'markerHeight="{size}" orient="{orient}"><path d="M0,0 L10,5 L0,10 z" fill="{fill}"/></marker>'
    )


def dashes(pattern: str) -> str:
    """The stroke-dasharray attribute of a dash pattern ("5 3"); none for a solid line ("")."""
    return f' stroke-dasharray="{pattern}"' if pattern else ""


def arrow(
    d: str,
    colour: str = INK,
    width: float = 1.6,
    *,
    marker: str = "a",
    fill: str | None = None,
    dash: str = "",
) -> str:
    """A path `d` ending in the arrowhead `marker` (defined in the figure's defs)."""
    filled = f' fill="{fill}"' if fill is not None else ""
    return (
        f'<path d="{d}"{filled} stroke="{colour}" stroke-width="{width}"{dashes(dash)} '
        f'marker-end="url(#{marker})"/>'
    )


def text(
    x: float,
    y: float,
    s: object,
    size: float = 14,
    anchor: str = "start",
    weight: str = "normal",
    fill: str = INK,
    mono: bool = False,
    *,
    markup: bool = False,
    keep_spaces: bool = False,
) -> str:
    """A `<text>` of `s` at (x, y): plain text, escaped, unless `markup` (a `<tspan>`, an
    entity). `mono` sets it in the code font, which with `keep_spaces` keeps runs of spaces
    (indented code)."""
    family = f' font-family="{MONO}"' if mono else ""
    if mono and keep_spaces:
        family += ' xml:space="preserve"'
    s = s if markup else escape_xml(str(s))
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
        f'fill="{fill}"{family}>{s}</text>'
    )


def units(s: str) -> int:
    """Width in units of about half an em: a CJK character counts two."""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in s)


def wrap(s: str, width: int) -> list[str]:
    """Lines of at most `width` units, broken between words or between CJK characters."""
    lines, line = [], ""
    for token in re.findall(r"[\u2e80-\uffff][，。；：、）]?|[^\s\u2e80-\uffff]+\s*|\s+", s):
        if line and units(line + token.rstrip()) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    return [*lines, line.rstrip()]


def png(image: np.ndarray, scale: int) -> str:
    """A float image in [0, 1], (H, W) or (H, W, 3), as a PNG data URL for `<image href>`,
    upscaled `scale` times with nearest pixels so that the pixels stay sharp."""
    picture = Image.fromarray(np.clip(np.rint(image * 255), 0, 255).astype(np.uint8))
    picture = picture.resize((picture.width * scale, picture.height * scale), Image.NEAREST)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def picture(
    x: float,
    y: float,
    size: float,
    image: np.ndarray,
    scale: int,
    stroke: str,
    width: float | None = None,
) -> list[str]:
    """An image (see `png`) `size` across at (x, y), and the frame drawn over its edge."""
    thickness = f' stroke-width="{width}"' if width is not None else ""
    return [
        f'<image x="{x}" y="{y}" width="{size}" height="{size}" href="{png(image, scale)}"/>',
        f'<rect x="{x}" y="{y}" width="{size}" height="{size}" fill="none" stroke="{stroke}"{thickness}/>',
    ]


def graphviz(source: str, *options: str) -> str:
    """Graphviz's drawing of a DOT source (`dot -Tsvg`), from its `<svg>` on: no XML
    prolog or DOCTYPE."""
    out = subprocess.run(
        ["dot", "-Tsvg", *options], input=source, capture_output=True, text=True, check=True
    ).stdout
    return out[out.index("<svg") :]


def without_comments(svg: str) -> str:
    """Graphviz's comments dropped (they name each node and edge by its DOT id)."""
    return re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)


def in_kit_font(svg: str) -> str:
    """A Graphviz drawing in the kit's font, set once on the root, without the fixed size in
    points that would keep it from scaling with the page."""
    svg = re.sub(r' font-family="[^"]*"', "", svg)
    return re.sub(
        r'<svg width="[^"]*" height="[^"]*"', f'<svg role="img" font-family="{FONT}"', svg, count=1
    )


def write(path: Path, svg: str) -> None:
    """Write one figure file (UTF-8) and say so."""
    path.write_text(svg, encoding="utf-8")
    print("wrote", path)


def write_langs(folder: Path, name: str, draw: Callable[[str], str]) -> None:
    """Write `<name>.en.svg` and `<name>.zh.svg`, each drawn by `draw(lang)`."""
    for lang in LANGS:
        write(folder / f"{name}.{lang}.svg", draw(lang))
