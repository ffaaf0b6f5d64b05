"""Reading a lesson's ``graph`` list: each ``target = expression`` line with its positions.

``tutor.lesson.reader.Reader`` hands the list here; each line is split at its first ``=``,
its expression parsed in the lesson kind's graph-line dialect, and its names checked in
order (used before assigned, not defined, assigned twice), every problem at its column.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tutor.grammar.dialect import CONSTANTS
from tutor.grammar.errors import ParseError
from tutor.grammar.limits import MAX_LENGTH
from tutor.grammar.tree import names
from tutor.lesson.model import Statement
from tutor.lesson.yaml_traps import trap_hint
from tutor.lesson.yamlpos import Path_, Spots
from tutor.messages import clip_repr

if TYPE_CHECKING:
    from tutor.lesson.reader import Reader

MAX_STATEMENTS = 5000
#: Longest graph line (the JSON Schema's ``maxLength``); its expression is shorter still.
MAX_LINE = MAX_LENGTH

#: A name as a graph line assigns it.
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
#: A second assignment on a line of its own inside one multi-line entry.
_NEXT_ASSIGN = re.compile(r"[\n\r][ \t]*([A-Za-z_]\w*)[ \t]*=(?!=)")
#: An ``=`` that is no comparison (``==``, ``<=``, ``>=``, ``!=``).
_LONE_EQUALS = re.compile(r"(?<![=<>!])=(?!=)")
#: Every ``name =`` of a text (what a broken, maybe joined, graph line assigns).
_ASSIGNED = re.compile(r"(?<![\w.])([A-Za-z_]\w*)[ \t]*=(?!=)")
_BREAKS_TO_SPACES = {ord(c): " " for c in "\n\r\x85\u2028\u2029"}


def read_statements(reader: Reader, value: Any, inputs: set[str]) -> list[Statement]:
    """The ``graph`` list, each line parsed and its names checked in order."""
    if value is None:
        if "graph" in reader.doc.data:
            reader.error(reader.doc.value(("graph",)), "'graph' must list at least one assignment")
        return []
    if not isinstance(value, list) or not value:
        reader.error(
            reader.doc.value(("graph",)), "'graph' must be a list of lines like 'e = a * b'"
        )
        return []
    if len(value) > MAX_STATEMENTS:
        reader.error(
            reader.doc.value(("graph",)), f"too many statements (at most {MAX_STATEMENTS})"
        )
        return []
    defined = dict.fromkeys(inputs, "input")
    last_at = {target_of(v): i for i, v in enumerate(value) if isinstance(v, str)}
    # pi and e are constants unless the lesson names them itself (anywhere)
    constants = set(CONSTANTS) - set(inputs) - set(last_at)
    out = []
    for i, line in enumerate(value):
        statement = read_statement(reader, line, ("graph", i))
        if statement is None:
            # a broken line still assigns its name: later lines using it are not blamed
            # (and so do lines joined to it by their indentation: `y = x * x - z = y + x`)
            for name in assigned(line):
                defined.setdefault(name, "statement")
            continue
        ok = True
        for ref in names(statement.expr):
            if ref.name not in defined and ref.name not in constants:
                later = last_at.get(ref.name, -1) >= i
                why = "is used before it is assigned" if later else "is not defined"
                reader.error(statement.at(ref.col), f"name {clip_repr(ref.name)} {why}")
                ok = False
        if statement.target in defined:
            where = "an input" if defined[statement.target] == "input" else "assigned already"
            reader.error(
                statement.pos,
                f"{clip_repr(statement.target)} is {where}; each name is assigned once",
            )
            continue
        defined[statement.target] = "statement"
        if ok:
            out.append(statement)
    return out


def read_statement(reader: Reader, line: Any, path: Path_) -> Statement | None:
    """One ``target = expression`` line."""
    pos = reader.doc.value(path)
    if not isinstance(line, str):
        hint = trap_hint(reader.doc, path, line)
        reader.error(pos, f"each graph line is text like 'e = a * b', not {line!r}{hint}")
        return None
    spots = reader.doc.spots(path, line)
    flat = one_line(line)
    match = assignment(flat)
    if not match:
        reader.error(spots.start, f"expected 'name = expression', got {clip_repr(flat.strip())}")
        return None
    target, target_at, rhs_at = match
    if not reader.check_name(target, spots.at(target_at), "assigned name"):
        return None
    rhs = flat[rhs_at:]
    block = reader.doc.styles.get(path) in ("|", ">")  # a block's lines are not joined
    joined = None if block else _joined_at(flat, rhs_at, spots)
    if joined is not None:
        reader.error(
            spots.at(joined),
            f"this '=' starts another graph line, joined to line {spots.start.line} by its "
            "indentation (YAML reads a line indented past the '- ' above as more of that "
            "line): start each '- ' at the same column",
        )
        return None
    second = _NEXT_ASSIGN.search(line, rhs_at)
    if second is not None:  # a block scalar holding two lines `y = ...` and `z = ...`
        at = spots.at(second.start(1))
        reader.error(at, "one assignment per graph entry: start another '- ' line")
        return None
    try:
        parsed = reader.parse(rhs)
    except ParseError as exc:
        for problem in exc.all():
            reader.error(spots.at(rhs_at + problem.col), problem.message)
        return None
    if len(line) > MAX_LINE:  # the expression is short enough; its name makes it long
        reader.error(pos, f"graph line too long ({len(line)} characters, at most {MAX_LINE})")
        return None
    return Statement(
        target,
        parsed,
        " ".join(flat.split()),
        spots.start,
        spots.at(rhs_at),
        spots if spots.table else None,
        rhs_at,
    )


def _joined_at(flat: str, rhs_at: int, spots: Spots) -> int | None:
    """Offset of an assignment's ``=`` on a later source line than the line's start.

    A graph item indented one space too far is folded into the item above it
    (``y = x * x - z = y + x``); its own ``=`` is then on the next line of the file.
    """
    if not spots.table:
        return None
    for match in _LONE_EQUALS.finditer(flat, rhs_at):
        if spots.at(match.start()).line != spots.start.line:
            return match.start()
    return None


def one_line(text: str) -> str:
    """The text with its line breaks as spaces (same length, so columns still map)."""
    return text.translate(_BREAKS_TO_SPACES)


def assigned(line: Any) -> list[str]:
    """Every name a graph line written as ``line`` seems to assign.

    More than one when lines were joined by their indentation: ``y = x * x - z = y + x``.
    """
    text = one_line(line) if isinstance(line, str) else ""
    return [match.group(1) for match in _ASSIGNED.finditer(text)]


def target_of(line: str) -> str | None:
    """The assigned name of a graph line, if it looks like one."""
    match = assignment(line)
    return match[0] if match else None


def assignment(line: str) -> tuple[str, int, int] | None:
    """Split ``target = rhs``: the target, its offset and the offset of the right-hand side.

    The target is what precedes the first ``=`` (``==`` is no assignment). Linear time:
    a regular expression with a lazy target and optional spaces took quadratic time on
    a long line of spaces, which a lesson file could use to hang ``check``.
    """
    eq = line.find("=")
    if eq < 0 or line.startswith("=", eq + 1):
        return None
    head = line[:eq]
    target = head.strip()
    if not target:
        return None
    return target, len(head) - len(head.lstrip()), eq + 1
