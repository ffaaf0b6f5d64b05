"""The rendered descriptions kept in the data folder (``tutor.lesson.render_cache``).

A kept description reads exactly as the renderer writes it, a lesson opened before shows its
description without markdown-it, and a cache file is untrusted input: anything but a valid
one is rendered afresh (no style, link or control character of the file's choosing).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

import tutor.lesson.markdown as markdown
from tutor.lesson.cache_file import key_of, prune
from tutor.lesson.render_cache import MAX_BYTES, MAX_FILES, RenderCache

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "The **chain rule**: dL/de = dL/dd * dd/de, and `d = e + c` hands it on *as is*.\n"


def descriptions() -> list[str]:
    """Every bundled lesson's description."""
    found = []
    for path in sorted((ROOT / "lessons").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("description"), str):
            found.append(data["description"])
    assert len(found) > 30
    return found


@pytest.fixture
def no_markdown(monkeypatch):
    """Make rendering through markdown-it fail: only a kept text can be shown."""

    def refuse(source: str, breaks: bool = False):
        raise AssertionError("rendered through markdown-it, not read from the cache")

    monkeypatch.setattr(markdown, "render", refuse)


def test_every_bundled_description_reads_back_exactly_as_rendered(tmp_path, monkeypatch):
    cache = RenderCache(tmp_path)
    fresh = [cache.render(s) for s in descriptions()]  # rendered, and kept
    assert fresh == [markdown.render(s) for s in descriptions()]
    assert any(t.spans for t in fresh)
    monkeypatch.setattr(markdown, "render", None)  # a kept text never needs the renderer
    kept = [cache.render(s) for s in descriptions()]
    assert [(t.plain, t.spans) for t in kept] == [(t.plain, t.spans) for t in fresh]


def test_a_kept_description_is_shown_without_the_renderer(tmp_path, no_markdown):
    prune(tmp_path / "missing", 1)  # a missing folder is fine
    path = tmp_path / f"{key_of(SOURCE)}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps({"format": 1, "plain": "kept", "spans": [[0, 4, "bold"]]}))
    text = RenderCache(tmp_path).render(SOURCE)
    assert text.plain == "kept" and [(s.start, s.end, s.style) for s in text.spans] == [
        (0, 4, "bold")
    ]


def test_another_text_or_version_renders_again(tmp_path):
    cache = RenderCache(tmp_path)
    cache.render(SOURCE)
    assert len(list(tmp_path.iterdir())) == 1
    cache.render(SOURCE + "More.")
    assert len(list(tmp_path.iterdir())) == 2  # each text its own key


BAD = {
    "not JSON": b"{",
    "not UTF-8": b"\xff\xfe",
    "too deep": b"[" * 100_000,
    "a list": b"[]",
    "another format": json.dumps({"format": 2, "plain": "x", "spans": []}).encode(),
    "a link in a style": json.dumps(
        {"format": 1, "plain": "click", "spans": [[0, 5, "link https://example.com"]]}
    ).encode(),
    "a colour of the file's": json.dumps(
        {"format": 1, "plain": "red", "spans": [[0, 3, "red on white"]]}
    ).encode(),
    "an escape in the text": json.dumps(
        {"format": 1, "plain": "\x1b]0;pwned\x07", "spans": []}
    ).encode(),
    "a span past the text": json.dumps(
        {"format": 1, "plain": "ab", "spans": [[0, 3, "bold"]]}
    ).encode(),
    "a negative span": json.dumps(
        {"format": 1, "plain": "ab", "spans": [[-1, 1, "bold"]]}
    ).encode(),
    "a float offset": json.dumps(
        {"format": 1, "plain": "ab", "spans": [[0.0, 1, "bold"]]}
    ).encode(),
    "a bool offset": json.dumps(
        {"format": 1, "plain": "ab", "spans": [[False, 1, "bold"]]}
    ).encode(),
    "a short span": json.dumps({"format": 1, "plain": "ab", "spans": [[0, 1]]}).encode(),
    "spans not a list": json.dumps({"format": 1, "plain": "ab", "spans": {}}).encode(),
    "a text not a string": json.dumps({"format": 1, "plain": ["ab"], "spans": []}).encode(),
    "too large": b" " * (MAX_BYTES + 1),
}


@pytest.mark.parametrize("what", BAD)
def test_a_bad_cache_file_is_rendered_afresh_and_replaced(tmp_path, what):
    path = tmp_path / f"{key_of(SOURCE)}.json"
    path.write_bytes(BAD[what])
    text = RenderCache(tmp_path).render(SOURCE)
    assert (text.plain, text.spans) == (
        markdown.render(SOURCE).plain,
        markdown.render(SOURCE).spans,
    )
    assert json.loads(path.read_text())["plain"] == text.plain  # written over, valid


def test_the_cache_keeps_the_newest_files(tmp_path):
    cache = RenderCache(tmp_path)
    for i in range(MAX_FILES + 5):
        cache.render(f"text {i}")
        newest = tmp_path / f"{key_of(f'text {i}')}.json"
        os.utime(newest, ns=(i * 10**9, i * 10**9))  # written in this order
    names = {p.name for p in tmp_path.iterdir()}
    assert len(names) == MAX_FILES
    assert f"{key_of('text 0')}.json" not in names
    assert f"{key_of(f'text {MAX_FILES + 4}')}.json" in names


def test_an_unwritable_cache_is_silent(tmp_path):
    (tmp_path / "cache").write_text("a file where the folder would be")
    cache = RenderCache(tmp_path / "cache" / "rendered")
    assert cache.render(SOURCE) == markdown.render(SOURCE)  # shown, nothing kept or raised


async def test_the_app_keeps_a_lessons_description_but_not_a_practice_problems(tmp_path):
    from tutor.app.factory import make_app
    from tutor.app.practice import make_practice_app
    from tutor.app.screens.lesson import LessonScreen
    from tutor.commands.practice import practice_source

    kept = tmp_path / "data" / "cache" / "rendered"
    app = make_practice_app(practice_source(3, None, 7, None), data_dir=tmp_path / "data")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
    assert not kept.exists() or not list(kept.iterdir())  # each problem is new: none kept
    app = make_app("micrograd-labels", data_dir=tmp_path / "data")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
    assert len(list(kept.iterdir())) == 1


def test_a_text_too_large_to_read_back_is_not_written(tmp_path):
    source = "é" * 100_000  # 600 kB of JSON (each é written as \u00e9): more than MAX_BYTES
    text = RenderCache(tmp_path).render(source)
    assert text.plain == source
    assert list(tmp_path.iterdir()) == []  # a file no launch could read back is never written
