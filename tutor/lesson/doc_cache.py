"""Lesson and course files read before, kept in the data folder as the ``Doc`` they read as.

Reading YAML needs PyYAML, whose import is about 7 ms of the app's launch (its reader
compiles a large regular expression). A document read without a problem (no duplicate key,
refused tag, YAML 1.1 trap or control character) is kept, one file a text, at
``DATA/cache/docs/KEY.json``: its data and the position of every key and value. The key is
made of the text and a stamp of the tutor's code (``tutor.lesson.cache_file.key_of``), so
an edited file or a new version is parsed again.

A cache file is untrusted input. It is used only when it is at most ``MAX_BYTES``, is JSON
of this ``FORMAT``, its data nests at most ``MAX_NESTING`` deep and holds only what YAML's
core types read as (mappings with text keys, lists, text, numbers, booleans, null), every
text shows as written (``tutor.safe_text.is_safe``: no control character but line breaks and
tabs), every path is made of keys and list indexes, every position is a line and column
from 1, and every scalar style is one of YAML's. Anything else is parsed afresh, and the
reader then checks the data as it checks any file's. At most ``MAX_FILES`` are kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tutor.lesson.cache_file import key_of, prune, read_json, write_json
from tutor.lesson.yamlpos import MAX_BYTES as MAX_TEXT
from tutor.lesson.yamlpos import MAX_NESTING, Doc, Path_, Pos
from tutor.safe_text import is_safe

#: A cache file's format; a file of any other is ignored.
FORMAT = 1
#: A cache file larger than this is neither read nor written (a lesson of ``MAX_TEXT``
#: bytes with a position for each of its values fits).
MAX_BYTES = 16 * MAX_TEXT
#: Cache files kept, the newest (by when they were written).
MAX_FILES = 200
#: The scalar styles PyYAML reports: plain (None; libyaml: ""), quoted, literal, folded.
STYLES = (None, "", '"', "'", "|", ">")
#: The ``Doc`` maps kept, each as a list of ``[path, value]`` pairs (``_value`` reads one).
_MAPS = ("keys", "values", "styles", "words", "key_words")


class DocCache:
    """Documents read before, kept in one folder, a file each."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        """The cache folder (``DATA/cache/docs``)."""
        self._last: tuple[str, Path] | None = None
        """The last text looked up and its file: a miss's ``put`` follows its ``get``."""

    def get(self, text: str) -> Doc | None:
        """The ``Doc`` ``text`` read as, if it was kept (and its file is valid)."""
        return _doc(read_json(self._path(text), MAX_BYTES), text)

    def put(self, text: str, doc: Doc) -> None:
        """Keep ``doc`` (read from ``text``) unless reading it found a problem or warning."""
        if doc.problems or doc.warnings:
            return  # read again each time, so each problem is found and said again
        out: dict[str, Any] = {"format": FORMAT, "data": doc.data}
        for name in _MAPS:
            found: dict[Path_, Any] = getattr(doc, name)
            out[name] = [[list(path), _out(value)] for path, value in found.items()]
        write_json(self._path(text), out, most=MAX_BYTES)
        prune(self.folder, MAX_FILES)

    def _path(self, text: str) -> Path:
        """The file for ``text``; its key is computed once for a ``get`` and its ``put``."""
        if self._last is None or self._last[0] is not text:  # the very text: no compare
            self._last = (text, self.folder / f"{key_of(text)}.json")
        return self._last[1]


def _out(value: Any) -> Any:
    """A map's value as JSON: a position as ``[line, col]``, anything else as it is."""
    return [value.line, value.col] if isinstance(value, Pos) else value


def _doc(kept: Any, text: str) -> Doc | None:
    """The ``Doc`` a cache file's JSON holds for ``text``, or None when it is not a valid one."""
    if not isinstance(kept, dict) or kept.get("format") != FORMAT:
        return None
    data = kept.get("data")
    if not _plain(data, 0):
        return None
    maps: dict[str, dict[Path_, Any]] = {}
    for name in _MAPS:
        pairs = kept.get(name)
        if not isinstance(pairs, list):
            return None
        found: dict[Path_, Any] = {}
        for pair in pairs:
            if not (isinstance(pair, list) and len(pair) == 2):
                return None
            path, value = _path(pair[0]), _value(name, pair[1])
            if path is None or value is _BAD:
                return None
            found[path] = value
        maps[name] = found
    if () not in maps["values"]:
        return None  # every document has the position of its whole
    return Doc(
        data=data,
        keys=maps["keys"],
        values=maps["values"],
        styles=maps["styles"],
        source=text,
        words=maps["words"],
        key_words=maps["key_words"],
    )


_BAD = object()


def _value(name: str, value: Any) -> Any:
    """A map's value read back (``_BAD`` when it is not one the map can hold)."""
    if name in ("keys", "values"):
        if isinstance(value, list) and len(value) == 2 and all(_count(v) for v in value):
            return Pos(value[0], value[1])
        return _BAD
    if name == "styles":
        return value if value in STYLES else _BAD
    return value if isinstance(value, str) and is_safe(value) and len(value) < 64 else _BAD


def _count(value: Any) -> bool:
    """Whether ``value`` is a line or column number (an int from 1, not a bool)."""
    return type(value) is int and 1 <= value <= MAX_TEXT + 1


def _path(value: Any) -> Path_ | None:
    """A path read back (keys and list indexes), or None."""
    if not isinstance(value, list) or len(value) > MAX_NESTING + 1:
        return None
    for part in value:
        if isinstance(part, str):
            if not is_safe(part):
                return None
        elif type(part) is not int or part < 0:
            return None
    return tuple(value)


def _plain(value: Any, depth: int) -> bool:
    """Whether ``value`` is data YAML's core types read as, nested at most ``MAX_NESTING``."""
    if isinstance(value, dict | list):
        if depth >= MAX_NESTING:
            return False
        if isinstance(value, dict):
            return all(is_safe(k) and _plain(v, depth + 1) for k, v in value.items())
        return all(_plain(v, depth + 1) for v in value)
    if isinstance(value, str):
        return is_safe(value)
    return value is None or isinstance(value, bool | int | float)
