"""The server sends a lesson's figures, and nothing else of its folder."""

from __future__ import annotations

from tests.unit.test_figures import FILES


def test_the_server_sends_a_figure_and_nothing_else_of_the_folder(server):
    lesson, path = FILES[0]
    got = server.get(f"/lessons/{lesson.slug}/figures/{path.name}")
    assert got.status_code == 200 and got.headers["content-type"] == "image/svg+xml" and got.content == path.read_bytes()
    assert got.headers["content-security-policy"].startswith("default-src 'self'")
    for name in ("preset.json", "..%2Fpreset.json", "x.svg", "en.md", "make_x.py"):
        assert server.get(f"/lessons/{lesson.slug}/figures/{name}").status_code == 404, name
    page = server.get(f"/lessons/{lesson.slug}?lang=zh").text
    assert f"/lessons/{lesson.slug}/figures/" in page
