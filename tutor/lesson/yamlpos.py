"""Positions in a YAML lesson file: ``Pos``, a string's character ``Spots``, ``Problem``.

``Doc`` is a YAML document as plain data plus the position of every key and value (and of
every character of a string value, whatever its scalar style). ``tutor.lesson.yaml_load``
builds it from untrusted text; ``tutor.lesson.yaml_traps`` names the YAML traps in messages.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

#: Largest lesson (or course) file accepted, in bytes; no text in a file is longer.
MAX_BYTES = 256 * 1024
#: Deepest nesting of mappings and lists accepted.
MAX_NESTING = 20

#: Where a value sits in a document: mapping keys and list indexes (``("inputs", "a")``).
Path_ = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Pos:
    """A place in a file, 1-based as editors show it."""

    line: int
    """Line number, from 1."""
    col: int
    """Column number, from 1."""

    def shifted(self, cols: int) -> Pos:
        """The same line, ``cols`` columns further right."""
        return Pos(self.line, self.col + cols)


#: Line breaks as YAML (and both loaders' marks) count them.
_BREAKS = "\n\r\x85\u2028\u2029"
_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class Spots:
    """Where each character of a string value is in the file (``at(offset)``).

    A value that is its own source text on one line (a plain or simply quoted scalar)
    needs no table: character ``k`` is ``k`` columns right of ``start``. A folded
    (``>``), literal (``|``), multi-line or escaped scalar has one ``Pos`` per character.
    """

    start: Pos
    """Where character 0 of the value is."""
    table: tuple[Pos, ...] = ()
    """The position of every character, when they are not all on ``start``'s line."""

    def at(self, offset: int) -> Pos:
        """Position of character ``offset`` of the value (past the end: after the last)."""
        if not self.table:
            return self.start.shifted(max(offset, 0))
        if offset < len(self.table):
            return self.table[max(offset, 0)]
        return self.table[-1].shifted(offset - len(self.table) + 1)


#: Most problems reported per file; the rest are counted (``capped``).
MAX_PROBLEMS = 50


def capped(lines: list[str], most: int = MAX_PROBLEMS) -> list[str]:
    """At most ``most`` formatted problems, then ``and N more`` for the rest."""
    if len(lines) <= most:
        return lines
    return [*lines[:most], f"and {len(lines) - most} more"]


@dataclass(slots=True)
class Problem:
    """One thing wrong with a lesson file."""

    pos: Pos
    """Where it is."""
    message: str
    """What is wrong, in one line."""
    severity: str = "error"
    """``error`` (or ``warning``)."""

    def format(self, path: str) -> str:
        """``PATH:LINE:COL: error: message``."""
        return f"{path}:{self.pos.line}:{self.pos.col}: {self.severity}: {self.message}"


class YamlProblem(Exception):
    """The YAML could not be read at all; carries its ``Problem``."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass(slots=True)
class Doc:
    """A YAML document as plain data plus the position of every key and value."""

    data: Any
    """The document (usually a dict)."""
    keys: dict[Path_, Pos] = field(default_factory=dict)
    """Position of each mapping key, by path (``("inputs", "a")``)."""
    values: dict[Path_, Pos] = field(default_factory=dict)
    """Position of each value, by path; ``values[()]`` is the document."""
    styles: dict[Path_, str | None] = field(default_factory=dict)
    """Scalar style of each string value (None plain, ``'"'``, ``"'"``, ``"|"``, ``">"``)."""
    problems: list[Problem] = field(default_factory=list)
    """Duplicate keys and refused tags found while reading (reading goes on)."""
    warnings: list[Problem] = field(default_factory=list)
    """What ``check`` warns about but reading accepts (control characters in a text)."""
    source: str = ""
    """The YAML text (to place the characters of multi-line values)."""
    _lines: list[int] | None = None
    """Offset in ``source`` of the start of each line (computed when first needed)."""
    words: dict[Path_, str] = field(default_factory=dict)
    """The source text of every plain (unquoted) boolean value, by path (``yes``): YAML 1.1
    reads ``yes``, ``no``, ``on`` and ``off`` as booleans, and messages say so."""
    key_words: dict[Path_, str] = field(default_factory=dict)
    """The same for keys: ``inputs: {yes: 1}`` has the key ``'True'`` from the word ``yes``."""

    def spots(self, path: Path_, value: str) -> Spots:
        """Where each character of the string ``value`` at ``path`` is in the file.

        Maps the value back onto its source text for each scalar style: plain and
        quoted scalars fold line breaks and drop indentation, single quotes write ``'``
        as ``''``, double quotes have escapes (a tab, a hex code, an escaped line
        break), and block scalars (``|``, ``>``) start after their header line.
        """
        start = self.values.get(path, Pos(1, 1))
        style = self.styles.get(path)
        if style in ("'", '"'):
            start = start.shifted(1)
        index = self._offset(start)
        if not self.source or index is None:
            return Spots(start)
        if style not in ("|", ">") and self.source[index : index + len(value)] == value:
            return Spots(start)  # on one line as written (no break, no escape)
        return Spots(start, tuple(self._pos(i) for i in _align(self.source, index, style, value)))

    def _offset(self, pos: Pos) -> int | None:
        """Offset in ``source`` of a ``Pos`` (None if it is outside)."""
        lines = self._line_starts()
        if not 1 <= pos.line <= len(lines):
            return None
        return lines[pos.line - 1] + pos.col - 1

    def _pos(self, offset: int) -> Pos:
        """The ``Pos`` of an offset in ``source``."""
        lines = self._line_starts()
        line = bisect_right(lines, offset)
        return Pos(line, offset - lines[line - 1] + 1)

    def _line_starts(self) -> list[int]:
        """Offsets where lines start (CR LF is one break)."""
        if self._lines is None:
            self._lines = [0] + [m.end() for m in _BREAK.finditer(self.source)]
        return self._lines

    def key(self, path: Path_) -> Pos:
        """Position of the key at ``path`` (or the closest known place)."""
        return self.keys.get(path) or self.value(path)

    def value(self, path: Path_) -> Pos:
        """Position of the value at ``path`` (or of its key, or of the document)."""
        while path:
            if path in self.values:
                return self.values[path]
            if path in self.keys:
                return self.keys[path]
            path = path[:-1]
        return self.values.get((), Pos(1, 1))


def _align(src: str, j: int, style: str | None, value: str) -> list[int]:
    """Offset in ``src`` of each character of ``value``, a scalar starting at offset ``j``.

    Walks the source and the value together: equal characters match; whitespace and line
    breaks the value does not have (indentation, folded breaks, trailing spaces) are
    skipped; a double-quoted escape matches the one character it stands for; ``''``
    matches ``'``. ``j`` is the first character after an opening quote, or a block
    scalar's indicator (its header line is skipped).
    """
    n = len(src)
    if style in ("|", ">"):
        while j < n and src[j] not in _BREAKS:
            j += 1
        j += 2 if src[j : j + 2] == "\r\n" else 1
    out: list[int] = []
    for char in value:
        while j < n:
            here = src[j]
            if style == '"' and here == "\\" and j + 1 < n:
                if src[j + 1] in _BREAKS:  # an escaped line break joins the lines
                    j += 2
                    while j < n and src[j] in " \t" + _BREAKS:
                        j += 1
                    continue
                out.append(j)
                j += {"x": 4, "u": 6, "U": 10}.get(src[j + 1], 2)
                break
            if here == char:
                out.append(j)
                j += 2 if style == "'" and char == "'" and src[j + 1 : j + 2] == "'" else 1
                break
            if here in " \t" or here in _BREAKS:
                j += 1
                continue
            out.append(j)  # not expected: keep the place rather than run ahead
            break
        else:
            out.append(max(n - 1, 0))
    return out
