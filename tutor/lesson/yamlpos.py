"""Read untrusted YAML into plain Python while keeping every key's and value's position.

Only the YAML core types are built (mappings, lists, strings, numbers, booleans,
null); tags that would build Python objects, aliases (the classic expansion bomb),
duplicate keys, oversized files and deep nesting are refused with a position.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

import yaml

#: libyaml's parser when PyYAML was built with it (10x faster), else the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Largest lesson file accepted, in bytes.
MAX_BYTES = 256 * 1024
#: Deepest nesting of mappings and lists accepted.
MAX_NESTING = 20
#: Where a value sits in a document: mapping keys and list indexes (``("inputs", "a")``).
Path_ = tuple[str | int, ...]
_TOO_DEEP = f"nested too deeply (over {MAX_NESTING} levels)"

_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


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


def _pos(mark: Any) -> Pos:
    """A PyYAML mark as a 1-based ``Pos``."""
    return Pos(mark.line + 1, mark.column + 1) if mark is not None else Pos(1, 1)


def load(text: str) -> Doc:
    """Read ``text`` (one YAML document) safely.

    Raises:
        YamlProblem: syntax errors, aliases, over-deep nesting, too large a file.

    """
    size = len(text.encode("utf-8", "replace"))
    if size > MAX_BYTES:
        raise YamlProblem(Problem(Pos(1, 1), f"file too large ({size} bytes, at most {MAX_BYTES})"))
    try:
        _scan(text)
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        if _LOADER is not yaml.SafeLoader and "nesting" in str(exc.problem):
            # libyaml stops at its own depth limit (1000) before the events reach
            # ours; the pure-Python parser finds where our limit is first passed.
            _scan(text, yaml.SafeLoader)
            raise YamlProblem(Problem(_pos(exc.problem_mark), _TOO_DEEP)) from None
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(_explain(text, _pos(mark), f"YAML syntax error: {what}")) from None
    except yaml.reader.ReaderError as exc:
        pos = _offset_pos(text, exc.position)
        what = f"character #x{exc.character:04x}" if isinstance(exc.character, int) else "byte"
        raise YamlProblem(Problem(pos, f"{what} is not allowed in a YAML file")) from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise YamlProblem(Problem(Pos(1, 1), f"YAML error: {message}")) from None
    doc = Doc(data=None, source=text)
    if node is None:
        doc.values[()] = Pos(1, 1)
        return doc
    doc.data = _build(node, (), doc)
    return doc


def _offset_pos(text: str, offset: int) -> Pos:
    """Return the ``Pos`` of character ``offset`` of ``text``."""
    before = text[:offset]
    return Pos(before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


def _tag_problem(node: yaml.Node) -> Problem:
    """Describe a node whose tag is not a core type (``!!python/...``, a date ...)."""
    tag = node.tag
    if tag == "tag:yaml.org,2002:timestamp" and isinstance(node, yaml.ScalarNode):
        message = f"{node.value!r} reads as a date, which lessons do not use; quote it"
    else:
        prefix = "tag:yaml.org,2002:"
        short = "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag
        message = f"YAML tag {short!r} is not allowed (lessons hold plain data only)"
    return Problem(_pos(node.start_mark), message)


def _scan(text: str, loader: type | None = None) -> None:
    """Walk the event stream once: refuse aliases, deep nesting and several documents."""
    depth = 0
    documents = 0
    for event in yaml.parse(text, Loader=loader or _LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(
                Problem(
                    _pos(event.start_mark),
                    "YAML aliases (*name) are not allowed in lessons; "
                    "text starting with * must be quoted",
                )
            )
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlProblem(
                    Problem(_pos(event.start_mark), "a lesson file holds one YAML document")
                )
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                raise YamlProblem(Problem(_pos(event.start_mark), _TOO_DEEP))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1


_constructor = yaml.constructor.SafeConstructor()


def _build(node: yaml.Node, path: Path_, doc: Doc) -> Any:
    """Turn a composed node into plain data, recording positions and problems."""
    doc.values[path] = _pos(node.start_mark)
    if node.tag not in _CORE_TAGS:
        doc.problems.append(_tag_problem(node))
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, doc) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str | int | float | bool) or key is None:
                doc.problems.append(Problem(_pos(key_node.start_mark), "keys must be plain names"))
                continue
            word = key_node.value if isinstance(key, bool) and not key_node.style else None
            key = str(key) if not isinstance(key, str) else key
            if key in out:
                first = doc.keys[path + (key,)]
                hint = f"; YAML reads {word} as a boolean: quote the word" if word else ""
                doc.problems.append(
                    Problem(
                        _pos(key_node.start_mark),
                        f"duplicate key {key!r} (first at line {first.line}){hint}",
                    )
                )
                continue
            if word is not None:
                doc.key_words[path + (key,)] = word
            doc.keys[path + (key,)] = _pos(key_node.start_mark)
            out[key] = _build(value_node, path + (key,), doc)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), doc) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    doc.styles[path] = node.style
    value = _scalar(node, doc)
    if isinstance(value, bool) and not node.style:
        doc.words[path] = node.value
    return value


def _scalar(node: yaml.ScalarNode, doc: Doc) -> Any:
    """Construct one scalar with PyYAML's safe constructor (core types only)."""
    if node.tag not in _CORE_TAGS:
        doc.problems.append(_tag_problem(node))
        return None
    try:
        return _constructor.construct_object(node, deep=False)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        doc.problems.append(Problem(_pos(node.start_mark), f"cannot read value: {exc}"))
        return None


#: Numbers YAML 1.1 reads as text: an exponent without a dot or a sign (``1e-3``, ``2E5``).
SCIENTIFIC = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]{1,3}")


def yaml_float(number: float) -> str:
    """``number`` written so that YAML 1.1 reads it as a number: ``1.0e-6``, ``2.5e+7``.

    PyYAML (YAML 1.1) wants a dot in the mantissa and a sign in the exponent; the result is
    read back to make sure it is that number.
    """
    text = repr(float(number))
    if "e" in text:
        mantissa, exponent = text.split("e")
        if "." not in mantissa:
            mantissa += ".0"
        power = int(exponent)
        text = f"{mantissa}e{'-' if power < 0 else '+'}{abs(power)}"
    if yaml.safe_load(text) != float(number):  # pragma: no cover - a safety net
        text = f"{float(number):.17f}".rstrip("0")
    return text


def trap_hint(doc: Doc, path: Path_, value: Any) -> str:
    """Name the YAML trap behind an unexpected ``value`` at ``path`` and its fix, else ``""``.

    Booleans from ``yes``/``no``/``on``/``off``, numbers YAML 1.1 reads as text (``1e-6``),
    and text holding ``: `` read as a key and a value.
    """
    if isinstance(value, bool) and path in doc.words:
        word = doc.words[path]
        return f" (YAML reads {word} as a boolean: quote the word, '{word}')"
    if isinstance(value, str) and SCIENTIFIC.fullmatch(value.strip()):
        number = float(value)
        if abs(number) < float("inf"):
            return f" (YAML 1.1 reads {value.strip()} as text: write {yaml_float(number)})"
    if isinstance(value, dict) and len(value) == 1:
        return " (': ' inside text makes YAML read a key and a value: quote the text)"
    return ""


def _explain(text: str, pos: Pos, message: str) -> Problem:
    """A YAML syntax error, reworded when a known trap caused it (a tab, ``*``, ``: ``)."""
    lines = text.splitlines()
    line = lines[pos.line - 1] if 0 < pos.line <= len(lines) else ""
    tab = line.find("\t")
    if tab >= 0 and (tab < pos.col or not line[:tab].strip()):
        return Problem(
            Pos(pos.line, tab + 1),
            "a tab character: YAML indents with spaces only; replace the tab with spaces",
        )
    value = re.match(r"\s*(?:-\s+)?(?:[^:#]+:\s+)?(.*)", line)
    rest = value.group(1).strip() if value else ""
    if rest[:1] in ("*", "&", "!", "%", "@", "`"):
        return Problem(
            pos, f"{message}; text starting with {rest[0]} must be quoted: '{_quoted(rest)}'"
        )
    if "mapping values are not allowed" in message:
        shown = _quoted(rest, '"')
        return Problem(pos, f"{message}; text containing ': ' must be quoted: \"{shown}\"")
    return Problem(pos, message)


def _quoted(text: str, quote: str = "'") -> str:
    """``text`` as the inside of a quoted YAML scalar (short)."""
    inner = text.replace("'", "''") if quote == "'" else text.replace('"', '\\"')
    return inner if len(inner) <= 40 else inner[:37] + "..."
