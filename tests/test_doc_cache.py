"""Lesson and course files read before, kept as the ``Doc`` they read as (``doc_cache``).

A kept document is exactly what parsing gives (data, every position, style and word), a
document with a problem is never kept (each problem is said at each read), and a cache
file is untrusted input: anything but a valid one is parsed afresh.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutor.lesson import doc_cache, yaml_load
from tutor.lesson.cache_file import key_of
from tutor.lesson.doc_cache import MAX_BYTES, DocCache
from tutor.lesson.yaml_parse import parse
from tutor.lesson.yamlpos import Doc

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("data", "keys", "values", "styles", "words", "key_words", "source")
TEXT = (
    'title: "Mine"\ninputs: {a: 2.0, b: .inf}\nflag: yes\ngraph:\n  - L = a * a\n'
    "note: |\n  two\n  lines\n"
)


def same(a: Doc, b: Doc) -> bool:
    return all(getattr(a, f) == getattr(b, f) for f in FIELDS)


def files() -> list[Path]:
    found = sorted((ROOT / "lessons").glob("*.yaml"))
    assert len(found) > 30 and any(p.name == "course.yaml" for p in found)
    return found


def test_every_bundled_file_reads_back_exactly_as_parsed(tmp_path, each_loader, monkeypatch):
    texts = [p.read_text(encoding="utf-8") for p in files()]
    with yaml_load.kept_in(tmp_path):
        first = [yaml_load.load(t) for t in texts]  # parsed, and kept
    assert all(same(d, parse(t)) for d, t in zip(first, texts, strict=True))
    assert len(list(tmp_path.iterdir())) == len(texts)
    import tutor.lesson.yaml_parse as yaml_parse

    monkeypatch.setattr(yaml_parse, "parse", None)  # a kept document is never parsed
    with yaml_load.kept_in(tmp_path):
        again = [yaml_load.load(t) for t in texts]
    assert all(same(d, e) for d, e in zip(again, first, strict=True))


def test_a_kept_document_is_read_without_parsing(tmp_path, monkeypatch):
    import tutor.lesson.yaml_parse as yaml_parse

    parsed = parse(TEXT)
    DocCache(tmp_path).put(TEXT, parsed)
    monkeypatch.setattr(yaml_parse, "parse", None)
    kept = DocCache(tmp_path).get(TEXT)
    assert kept is not None and same(kept, parsed)
    assert kept.data["inputs"]["b"] == float("inf") and kept.words[("flag",)] == "yes"
    assert kept.styles[("note",)] == "|" and kept.spots(("note",), "two\nlines\n").at(4).line == 8


def test_a_text_is_hashed_once_per_read(tmp_path, monkeypatch):
    """A miss looks the text up, parses it and keeps it under one key, computed once."""
    keys: list[str] = []

    def counted(source: str) -> str:
        keys.append(source)
        return key_of(source)

    monkeypatch.setattr(doc_cache, "key_of", counted)
    with yaml_load.kept_in(tmp_path):
        yaml_load.load(TEXT)  # a miss: parsed and kept
    assert keys == [TEXT] and len(list(tmp_path.iterdir())) == 1
    with yaml_load.kept_in(tmp_path):
        yaml_load.load(TEXT)  # a hit
        yaml_load.load("title: other\n")  # another text: its own key
    assert keys == [TEXT, TEXT, "title: other\n"]


def test_outside_kept_in_nothing_is_kept(tmp_path):
    yaml_load.load(TEXT)
    assert not list(tmp_path.iterdir())


def test_a_document_with_a_problem_is_never_kept(tmp_path):
    bad = "title: A\ntitle: B\n"  # a duplicate key: said at every read
    with yaml_load.kept_in(tmp_path):
        assert yaml_load.load(bad).problems
        assert yaml_load.load(bad).problems
    warned = 'title: "a\\x07b"\n'  # a control character: warned at every check
    with yaml_load.kept_in(tmp_path):
        assert yaml_load.load(warned).warnings
    assert not list(tmp_path.iterdir())


def test_another_text_is_parsed_again(tmp_path):
    with yaml_load.kept_in(tmp_path):
        yaml_load.load(TEXT)
        assert yaml_load.load(TEXT + "more: 1\n").data["more"] == 1
    assert len(list(tmp_path.iterdir())) == 2


GOOD = {"format": 1, "data": {"title": "x"}, "keys": [[["title"], [1, 1]]],
        "values": [[[], [1, 1]], [["title"], [1, 8]]], "styles": [[["title"], None]],
        "words": [], "key_words": []}  # fmt: skip


def variant(**changes):
    out = json.loads(json.dumps(GOOD))
    out.update(changes)
    return json.dumps(out).encode()


BAD = {
    "not JSON": b"{",
    "not UTF-8": b"\xff",
    "too deep": b"[" * 100_000,
    "too large": b" " * (MAX_BYTES + 1),
    "another format": variant(format=2),
    "nested too deeply": variant(data={"a": json.loads("[" * 30 + "]" * 30)}),
    "a control character in a text": variant(data={"title": "\x1b[2J"}),
    "a control character in a key": variant(data={"\x1b[2J": 1}),
    "no position of the whole": variant(values=[[["title"], [1, 8]]]),
    "a position of 0": variant(values=[[[], [0, 1]]]),
    "a position that is a bool": variant(values=[[[], [True, 1]]]),
    "a path with a negative index": variant(values=[[[], [1, 1]], [[-1], [1, 1]]]),
    "a path with a float": variant(values=[[[], [1, 1]], [[1.5], [1, 1]]]),
    "a path that is text": variant(values=[[[], [1, 1]], ["title", [1, 1]]]),
    "a style of its own": variant(styles=[[["title"], "!"]]),
    "a word with an escape": variant(words=[[["title"], "\x1b]0;x\x07"]]),
    "a map that is not a list": variant(keys={}),
    "a pair of three": variant(keys=[[["title"], [1, 1], 3]]),
}


@pytest.mark.parametrize("what", BAD)
def test_a_bad_cache_file_is_parsed_afresh_and_replaced(tmp_path, what):
    path = tmp_path / f"{key_of(TEXT)}.json"
    path.write_bytes(BAD[what])
    with yaml_load.kept_in(tmp_path):
        doc = yaml_load.load(TEXT)
    assert same(doc, parse(TEXT))
    assert DocCache(tmp_path).get(TEXT) is not None  # written over, valid


def test_the_good_example_is_valid(tmp_path):
    (tmp_path / f"{key_of('x')}.json").write_bytes(variant())
    doc = DocCache(tmp_path).get("x")
    assert doc is not None and doc.data == {"title": "x"} and doc.value(("title",)).col == 8


def test_the_cache_keeps_the_newest_files(tmp_path, monkeypatch):
    import os

    monkeypatch.setattr(doc_cache, "MAX_FILES", 5)
    cache = DocCache(tmp_path)
    for i in range(8):
        text = f"n: {i}\n"
        cache.put(text, parse(text))
        os.utime(tmp_path / f"{key_of(text)}.json", ns=(i * 10**9, i * 10**9))
    names = {p.name for p in tmp_path.iterdir()}
    assert len(names) == 5 and f"{key_of('n: 7' + chr(10))}.json" in names
    assert f"{key_of('n: 0' + chr(10))}.json" not in names


def test_an_unwritable_cache_is_silent(tmp_path):
    (tmp_path / "cache").write_text("a file where the folder would be")
    with yaml_load.kept_in(tmp_path / "cache" / "docs"):
        assert same(yaml_load.load(TEXT), parse(TEXT))


async def test_practice_problems_are_never_kept(tmp_path):
    """Each problem is new: keeping it would only push real lessons out of the cache."""
    from tutor.app.practice import make_practice_app
    from tutor.app.screens.lesson import LessonScreen
    from tutor.commands.practice import practice_source

    app = make_practice_app(practice_source(3, None, 7, None), data_dir=tmp_path / "data")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        kept = tmp_path / "data" / "cache" / "docs"
        before = set(kept.iterdir()) if kept.exists() else set()
        index = app.screen.index
        assert app.ctx.paths[index] in app.ctx.texts  # the problem lives in memory
        assert app.ctx.entry(index).title
        after = set(kept.iterdir()) if kept.exists() else set()
        assert after == before
