"""``check`` on a lesson's texts (its description and hints), each problem at its line:col.

- placeholders that cannot be filled: errors (``placeholder_problems``);
- Markdown that would not read as written (``tutor.lesson.markdown.lint``): warnings;
- in a randomized lesson, literal numbers that equal a value, gradient or local
  derivative of the lesson that changes in quiz variants: warnings naming the
  placeholder to write instead (``stale_numbers``).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterator
from typing import Any

from tutor.graph.build import CONST, Graph
from tutor.lesson.find import Lesson
from tutor.lesson.yamlpos import Path_, Pos, Problem, Spots
from tutor.teach import placeholders

#: Quiz variants compared with the lesson's own numbers to see which quantities change.
VARIANTS = 5
#: Node[Any] computations allowed for those variants: big graphs get fewer (at least 2).
VARIANT_BUDGET = 10_000

#: A number as written in text; a sign is not part of it (``-2/16`` quotes 2 and 16).
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(?!\w|\.\d)")
#: After ``**`` (an exponent) or before ``*name`` / ``* (`` (a coefficient): part of a
#: formula, not a quoted value.
_EXPONENT = re.compile(r"\*\*\(?-?\s*\Z")
_CODE = re.compile(r"`[^`]*`")
_COEFFICIENT = re.compile(r"\s*\*(?!\*)\s*[A-Za-z_(]")


def texts(lesson: Lesson) -> Iterator[tuple[Path_, str]]:
    """Each text of the lesson with its path in the file: the description, then each hint.

    A hint written per tier is one text per tier: ``("hints", "z", "local")``.
    """
    if lesson.description:
        yield ("description",), lesson.description
    for name, text in lesson.hints.items():
        yield ("hints", name), text
    for name, tiers in lesson.tier_hints.items():
        for tier, text in tiers.items():
            yield ("hints", name, tier), text


class TextPos:
    """Where each character of one text (the value at ``path``) is in the file: ``at(offset)``.

    Built once per text from ``Doc.spots`` (one walk of the value's source, whatever its
    scalar style), so placing every problem of a text costs time linear in its length.
    Falls back to the value's own position when the text is not in the file's value.
    """

    def __init__(self, lesson: Lesson, path: Path_, text: str) -> None:
        self.start = lesson.pos(*path)
        self.spots: Spots | None = None
        self.lead = 0
        doc = lesson.doc
        raw: Any = doc.data if doc is not None else None
        for key in path:
            raw = raw.get(key) if isinstance(raw, dict) else None
        if doc is None or not doc.source or not isinstance(raw, str):
            return
        lead = raw.find(text) if text else 0
        if lead < 0:
            return
        self.lead = lead
        self.spots = doc.spots(path, raw)

    def at(self, offset: int) -> Pos:
        """The file position of character ``offset`` of the text."""
        if self.spots is None:
            return self.start
        return self.spots.at(self.lead + offset)


def text_pos(lesson: Lesson, path: Path_, text: str, offset: int) -> Pos:
    """The file position of character ``offset`` of ``text``, the value at ``path``."""
    return TextPos(lesson, path, text).at(offset)


def placeholder_problems(lesson: Lesson, graph: Graph[Any]) -> list[Problem]:
    """Errors: placeholders naming no node or no input, unreadable ones, lone braces."""
    found = []
    for path, text in texts(lesson):
        problems = placeholders.problems(graph, text)
        if problems:
            where = TextPos(lesson, path, text)
            found += [Problem(where.at(offset), message) for offset, message in problems]
    return found


def markdown_warnings(lesson: Lesson) -> list[Problem]:
    """Warnings: Markdown that would not read as written (see ``tutor.lesson.markdown.lint``)."""
    from tutor.lesson.markdown import lint

    found = []
    for path, text in texts(lesson):
        problems = lint(text)
        if problems:
            where = TextPos(lesson, path, text)
            found += [Problem(where.at(at), message, "warning") for at, message in problems]
    return found


def _quantities(graph: Graph[Any]) -> dict[str, float]:
    """Every number a placeholder can quote, by its placeholder."""
    out: dict[str, float] = {}
    for name, node in graph.nodes.items():
        if node.kind == CONST:
            continue
        out["{" + name + "}"] = node.value
        out["{grad:" + name + "}"] = node.grad
        for operand in dict.fromkeys(node.inputs):
            p = placeholders.Placeholder(0, 0, "local", (name, operand))
            value = placeholders.quantity(graph, p)
            if value is not None and graph.nodes[operand].kind != CONST:
                out[p.suggestion] = value
    return out


def _changing(lesson: Lesson, graph: Graph[Any]) -> dict[str, float]:
    """The quantities of the lesson's own numbers that some quiz variant changes."""
    from tutor.graph.build import GraphError
    from tutor.teach.quiz import variant

    base = _quantities(graph)
    changing: dict[str, float] = {}
    for seed in range(max(2, min(VARIANTS, VARIANT_BUDGET // max(len(graph.nodes), 1)))):
        try:
            other = _quantities(variant(lesson, seed))
        except GraphError:
            continue
        for key, value in base.items():
            if key not in changing and not math.isclose(
                other.get(key, value), value, rel_tol=1e-9, abs_tol=1e-12
            ):
                changing[key] = value
    return changing


class _Index:
    """Changing quantities by magnitude, rounded to the decimals a number is written with."""

    def __init__(self, changing: dict[str, float]) -> None:
        self.changing = changing
        self.tables: dict[int, dict[float, list[str]]] = {}

    def find(self, written: str) -> list[str]:
        """Placeholders whose quantity, up to sign, is ``written`` to its decimals."""
        plain = "e" not in written.lower()
        decimals = len(written.split(".")[1]) if plain and "." in written else 0
        if not plain:
            number = float(written)
            return [k for k, v in self.changing.items() if math.isclose(abs(v), number)]
        table = self.tables.get(decimals)
        if table is None:
            table = self.tables[decimals] = {}
            for key, value in self.changing.items():
                size = abs(value)
                if decimals or size.is_integer():
                    table.setdefault(round(size, decimals), []).append(key)
        return table.get(round(float(written), decimals), [])


class _Spans:
    """Half-open spans of a text, merged, to ask whether an offset is inside one."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def has(self, offset: int) -> bool:
        """Whether ``offset`` is inside a span."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]


def _exponent(text: str, start: int) -> bool:
    """Whether the number at ``start`` follows ``**`` (an exponent), spaces aside.

    Looks back only over the spaces just before the number and the few characters of
    ``**(-``, so checking every number of a text stays linear in its length.
    """
    j = start
    while j > 0 and text[j - 1].isspace():
        j -= 1
    return _EXPONENT.search(text, max(0, j - 4), start) is not None


def stale_numbers(lesson: Lesson, graph: Graph[Any]) -> list[Problem]:
    """Warnings: in a randomized lesson, numbers that a quiz variant would make wrong.

    A number written in a description or hint is reported when, up to the decimals it is
    written with and up to its sign, it equals a node's value, gradient or local
    derivative at the lesson's inputs that changes in quiz variants. Not reported:
    0 and 1 (the constants of rules: ``1 - o**2``, "times 1"), exponents (``r**3``),
    coefficients (``2*x``, ``3 * r``), and numbers in code spans (`` `0.25` ``: the way
    to say a number is meant literally).
    """
    if not lesson.randomize or not any(_NUMBER.search(text) for _, text in texts(lesson)):
        return []
    changing = _changing(lesson, graph)
    if not changing:
        return []
    index = _Index(changing)
    found: list[Problem] = []
    for path, text in texts(lesson):
        spans = [(p.start, p.end) for p in placeholders.placeholders(text)]
        spans += [m.span() for m in _CODE.finditer(text)]
        inside = _Spans(spans)
        where: TextPos | None = None
        for match in _NUMBER.finditer(text):
            start = match.start()
            if inside.has(start) or float(match.group()) in (0.0, 1.0):
                continue
            if _exponent(text, start) or _COEFFICIENT.match(text, match.end()):
                continue
            names = index.find(match.group())
            if not names:
                continue
            shown = " or ".join(names[:3]) + (" ..." if len(names) > 3 else "")
            where = where or TextPos(lesson, path, text)
            found.append(
                Problem(
                    where.at(start),
                    f"{match.group()} is a number of the lesson's own inputs that changes in "
                    f"quiz variants: write {shown}",
                    "warning",
                )
            )
    return found


def warnings(lesson: Lesson) -> list[Problem]:
    """Every warning about a loaded lesson's texts (none when its graph cannot be built)."""
    from tutor.graph.build import GraphError, build

    problems = markdown_warnings(lesson) + (lesson.doc.warnings if lesson.doc else [])
    if not lesson.randomize:
        return problems
    try:
        graph = build(lesson)
    except GraphError:
        return problems
    return problems + stale_numbers(lesson, graph)
