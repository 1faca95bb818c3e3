"""Every relative link in the project's Markdown leads somewhere: the file
exists (relative to the page, as GitHub resolves it) and a `#anchor` into a
Markdown file names one of its headings (GitHub's slugs). The repository paths
the prose names (`app/runs/events.md`, `bench/run.py`, ...) exist too.

Lesson pages (`app/lessons/NN-slug/*.md`) are left out: the app serves them at
/lessons/<slug>, so a relative link there is a route of the site, not a file."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIP_EVERYWHERE = {"node_modules", "__pycache__"}
SKIP_AT_ROOT = {"build", "data", "tmp"}  # git-ignored: build output, the app's data and scratch folders
LESSONS = ROOT / "app" / "lessons"


def markdown_files() -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(ROOT):
        here = Path(folder)
        dirs[:] = sorted(
            d for d in dirs
            if not d.startswith(".")  # .git, .venv, caches
            and not d.endswith(".egg-info")
            and d not in SKIP_EVERYWHERE
            and not (here == ROOT and d in SKIP_AT_ROOT)
        )  # fmt: skip
        if here.parent == LESSONS:
            continue  # a lesson's pages
        found += [here / name for name in sorted(files) if name.endswith(".md")]
    return found


FILES = markdown_files()
IDS = [str(p.relative_to(ROOT)) for p in FILES]

# --- reading Markdown as CommonMark (and GitHub) does, closely enough

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) outside fenced code blocks."""
    out, fence = [], None
    for n, line in enumerate(text.splitlines(), start=1):
        m = FENCE.match(line)
        if fence is None:
            if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):  # ```` ```python ```` is inline code
                fence = m.group(1)
                continue
            out.append((n, line))
        elif m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not m.group(2).strip():
            fence = None
    return out


CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")


def without_code_spans(line: str) -> str:
    return CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


INLINE_LINK = re.compile(
    r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]"  # [text], one level of nested brackets
    r"\(\s*(<[^<>\n]*>|(?:[^\s()]|\([^\s()]*\))*)"  # (destination
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"  # optional "title")
)
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^<>]*>|\S+)")
HTML_LINK = re.compile(r"<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*[\"']([^\"']*)[\"']", re.I)
EXTERNAL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")


def links(text: str) -> list[tuple[int, str]]:
    found = []
    for n, line in prose_lines(text):
        line = without_code_spans(line)
        found += [(n, m.group(1)) for m in INLINE_LINK.finditer(line)]
        found += [(n, m.group(1)) for m in REFERENCE.finditer(line)]
        found += [(n, m.group(1)) for m in HTML_LINK.finditer(line)]
    return [(n, t[1:-1] if t.startswith("<") else t) for n, t in found]


ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")


def heading_texts(text: str) -> list[str]:
    lines = prose_lines(text)
    found = []
    for i, (n, line) in enumerate(lines):
        m = ATX.match(line)
        if m:
            found.append(m.group(1) or "")
        elif SETEXT.match(line) and i and lines[i - 1][0] == n - 1:
            above = lines[i - 1][1]
            if above.strip() and not ATX.match(above) and not above.lstrip().startswith(("|", "-", "*", ">")):
                found.append(above.strip())
    return found


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: the rendered text lowercased, every
    character but letters, marks, digits, connectors (_), spaces and hyphens
    dropped, spaces turned into hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link shows its text
    text = re.sub(r"<[^>]+>", "", text).replace("`", "")
    text = re.sub(r"(\*+|(?<!\w)_+|_+(?!\w))", "", text)  # emphasis markers, not snake_case
    kept = (c for c in text.lower() if c in " -" or unicodedata.category(c)[0] in "LMN" or unicodedata.category(c) == "Pc")
    return "".join(kept).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    seen: dict[str, int] = {}
    out = set()
    for heading in heading_texts(text):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.add(base if count == 0 else f"{base}-{count}")
    out |= set(re.findall(r"<a\b[^>]*\b(?:name|id)\s*=\s*[\"']([^\"']+)[\"']", text, re.I))
    return out


def broken_links(path: Path, root: Path = ROOT) -> list[str]:
    """What is wrong with the relative links of one page (GitHub resolves a
    link that starts with / from the repository's root)."""
    problems = []
    for n, target in links(path.read_text(encoding="utf-8")):
        if not target or EXTERNAL.match(target):
            continue
        where, _, anchor = target.partition("#")
        where = where.split("?", 1)[0]
        if not where:
            file = path
        elif where.startswith("/"):
            file = root / where.lstrip("/")
        else:
            file = path.parent / where
        file = Path(os.path.normpath(file))
        name = file.relative_to(root) if file.is_relative_to(root) else file
        if not file.exists():
            problems.append(f"line {n}: {target}: no such file {name}")
        elif anchor and file.suffix == ".md" and file.is_file() and anchor not in anchors(file):
            problems.append(f"line {n}: {target}: no heading #{anchor} in {name}")
    return problems


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_relative_links_lead_somewhere(path):
    assert broken_links(path) == []


# Paths the prose names from the repository's root, in code spans or not:
# `app/runs/events.md`, bench/run.py. Placeholders (`<slug>`) are not paths.
REPO_PATH = re.compile(r"(?<![\w./<>-])((?:app|docs|tests|bench|scripts)/[\w./-]*?\.(?:md|py|js|json|html|css|toml|txt))(?![\w/<>-])")


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_repository_paths_named_in_the_prose_exist(path):
    missing = [
        f"line {n}: {name}"
        for n, line in prose_lines(path.read_text(encoding="utf-8"))
        for name in REPO_PATH.findall(line)
        if not (ROOT / name).exists()
    ]
    assert missing == []


def test_documents_named_in_the_code_exist():
    """Docstrings and comments point readers at documents: `see docs/architecture.md`."""
    missing = [
        f"{source.relative_to(ROOT)}: {name}"
        for source in sorted((ROOT / "app").rglob("*.py"))
        for name in REPO_PATH.findall(source.read_text(encoding="utf-8"))
        if name.endswith(".md") and not (ROOT / name).exists()
    ]
    assert missing == []


# --- the checker itself


def test_the_files_include_the_documentation():
    names = set(IDS)
    assert {"README.md", "docs/architecture.md", "app/spec/spec.md", "app/runs/events.md"} <= names
    assert not any(n.startswith((".venv", "node_modules")) or "/node_modules/" in n for n in names)


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Live controls", "live-controls"),
        ("`POST /api/inspect`", "post-apiinspect"),
        ("`POST /api/datasets/{name}/signature`", "post-apidatasetsnamesignature"),
        ("Run views (`bench/views.py`), same machine and day", "run-views-benchviewspy-same-machine-and-day"),
        ("2026-11-26 (evening), 2 cores (x86_64), no GPU", "2026-11-26-evening-2-cores-x86_64-no-gpu"),
        ("The calculators: `/api/explore/*`", "the-calculators-apiexplore"),
        ("A **bold** word and a [link](x.md)", "a-bold-word-and-a-link"),
        ("中文 标题", "中文-标题"),
    ],
)
def test_github_slugs(heading, anchor):
    assert slug(heading) == anchor


def test_the_checker_finds_broken_links(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "events.md").write_text("# Events\n\n## Live controls\n\nText\n---\n", encoding="utf-8")
    page = tmp_path / "docs" / "page.md"
    page.write_text(
        "# Page\n\n"
        "[ok](../app/events.md) [ok](../app/events.md#live-controls) [ok](#page) [ok](https://keras.io)\n"
        "[ok](/app/events.md#text) <a href=\"../app/events.md#events\">ok</a>\n"
        "`[not a link](missing.md)`\n\n"
        "```\n[not a link](missing.md)\n```\n\n"
        "[gone](events.md) [wrong anchor](../app/events.md#live) ![gone](img.png)\n\n"
        "[ref]: ../docs/nothing.md\n",
        encoding="utf-8",
    )
    assert broken_links(page, root=tmp_path) == [
        "line 11: events.md: no such file docs/events.md",
        "line 11: ../app/events.md#live: no heading #live in app/events.md",
        "line 11: img.png: no such file docs/img.png",
        "line 13: ../docs/nothing.md: no such file docs/nothing.md",
    ]
