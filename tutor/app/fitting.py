"""Texts fitted to the room they have: the answer box's placeholder, the smallest terminal.

Plain Python (no Textual), so the rules are tested without an app.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: A shape written out, with what may end the clause after it: ``(4, 2)``, ``(2,),``, ``()``.
SHAPE = re.compile(r"\((?:\d+,(?: \d+,)*(?: \d+)?)?\)[,.;:]?")

#: The smallest terminal the lesson screen works in: the graph, the question, the answer
#: box, the progress line and the essential keys (hint, reveal, help, quit) all in view.
MIN_WIDTH, MIN_HEIGHT = 60, 18


def too_small(width: int, height: int) -> str | None:
    """The notice for a terminal below the smallest workable size, else None."""
    if width >= MIN_WIDTH and height >= MIN_HEIGHT:
        return None
    return (
        f"terminal too small: {width}×{height}, needs at least {MIN_WIDTH}×{MIN_HEIGHT}. "
        "Make the window bigger (or the font smaller); ctrl+q quits."
    )


#: The lesson screen's breakpoints (Textual's): from each width or height on, its class.
HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]


def breakpoints(size: tuple[int, int]) -> list[str]:
    """The classes the breakpoints give the lesson screen at ``size`` (width, height).

    A screen that has them from the start is not restyled when its first Resize arrives
    (Textual adds them then, and a class change restyles every widget: ~7 ms at launch).
    """
    found = []
    for length, marks in zip(size, (HORIZONTAL_BREAKPOINTS, VERTICAL_BREAKPOINTS), strict=True):
        found.append(max((at, name) for at, name in marks if length >= at)[1])
    return found


def split_outside_brackets(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` wherever it is not inside brackets: ``f(a, b), c`` -> 2."""
    parts: list[str] = []
    depth = start = i = 0
    while i < len(text):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif depth == 0 and text.startswith(sep, i):
            parts.append(text[start:i])
            i += len(sep)
            start = i
            continue
        i += 1
    parts.append(text[start:])
    return parts


def fit_hint(text: str, width: int) -> str:
    """The longest whole-clause beginning of ``text`` that fits in ``width`` cells.

    Clauses end at ``; ``, then items at ``, `` (never inside brackets), so a placeholder
    loses its later examples whole instead of being cut mid-word. A first item too long
    for the room is cut with an ellipsis.
    """
    if len(text) <= width:
        return text
    clauses = split_outside_brackets(text, "; ")
    kept = clauses[0]
    for clause in clauses[1:]:
        if len(kept) + 2 + len(clause) > width:
            break
        kept += "; " + clause
    if len(kept) <= width:
        return kept
    items = split_outside_brackets(clauses[0], ", ")
    kept = items[0]
    for item in items[1:]:
        if len(kept) + 2 + len(item) > width:
            break
        kept += ", " + item
    if len(kept) <= width:
        return kept
    return kept[: max(0, width - 1)] + "…"


def words(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` between spaces outside brackets: ``shape (3, 4)`` is 2 words.

    A lone ``=`` and the words either side are one: ``dL/dL = 1.0000`` stays whole.
    """
    spans: list[tuple[int, int]] = []
    depth = 0
    start: int | None = None
    for i, ch in enumerate(text):
        if ch == " " and depth == 0:
            if start is not None:
                spans.append((start, i))
                start = None
            continue
        if start is None:
            start = i
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
    if start is not None:
        spans.append((start, len(text)))
    return _glue_equals(text, spans)


def _glue_equals(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A lone ``=`` joins the words either side: ``dL/dL = 1.0000`` breaks before or after."""
    glued: list[tuple[int, int]] = []
    join_next = False
    for start, end in spans:
        lone = text[start:end] == "="
        if glued and (lone or join_next):
            glued[-1] = (glued[-1][0], end)
        else:
            glued.append((start, end))
        join_next = lone
    return glued


def phrases(text: str) -> list[tuple[int, int]]:
    """``words``, and a shape joined to the word before it, its label: ``shape (3, 4)``.

    Prose breaks between phrases: ``found, shape`` over ``(1, 5)`` read as two things. (The
    backward table's tight cells break between words: ``X (4, 3),`` may go over two lines.)
    """
    glued: list[tuple[int, int]] = []
    for start, end in words(text):
        if glued and SHAPE.fullmatch(text, start, end):
            glued[-1] = (glued[-1][0], end)
        else:
            glued.append((start, end))
    return glued


def _in_shapes(text: str) -> set[int]:
    """Where ``text`` has a space inside a shape (``(3, 4)``): never a place to break."""
    return {i for m in SHAPE.finditer(text) for i in range(m.start(), m.end()) if text[i] == " "}


def breaks(text: str, width: int) -> list[int]:
    """Offsets to break one line of ``text`` at so each piece fits in ``width`` cells.

    Breaks fall only between phrases (``phrases``), so ``shape (3, 4)`` or
    ``sum(x, axis=0)`` never breaks inside (Rich breaks at any space). A phrase longer than
    ``width`` on its own runs on from the line before and breaks at its inner spaces (never
    inside a shape), or else every ``width`` cells (``feeds`` is not left alone on a line
    above a long formula). Spaces a line ends with may pass ``width`` (they are not drawn).
    """
    width = max(1, width)
    offsets: list[int] = []
    line = 0  # where the current line starts
    inside = _in_shapes(text)
    for start, end in phrases(text):
        if end - line <= width:
            continue
        if start > line and end - start <= width:  # a word too long for any line runs on
            line = start
            offsets.append(line)
        while end - line > width:  # too long for a line: at an inner space, else anywhere
            space = text.rfind(" ", line + 1, line + width + 1)
            while space > line and space in inside:
                space = text.rfind(" ", line + 1, space)
            line = space + 1 if space > line else line + width
            offsets.append(line)
    return offsets


def pack(parts: Sequence[str], width: int, sep: str = " · ") -> str:
    """``parts`` joined by ``sep``, a new line wherever the next part would not fit.

    A part is never broken (``0 cards due for review`` stays whole); a part longer than
    ``width`` has a line of its own.
    """
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + len(sep) + len(part) <= width:
            lines[-1] += sep + part
        else:
            lines.append(part)
    return "\n".join(lines)


def toast_width(screen_width: int) -> int:
    """The cells a toast's text has on a screen ``screen_width`` wide.

    Textual's toast is 60 wide, at most half the screen, less its padding (1 each side)
    and its left border.
    """
    return max(8, min(60, screen_width // 2) - 3)


#: A piece of a path: up to and with a separator, or the last name.
_PATH_PIECE = re.compile(r"[^/]*/|[^/]+$")


def break_paths(text: str, width: int) -> str:
    """``text`` with each too long word holding a ``/`` (a path) broken after a separator.

    Such a word, longer than ``width``, goes over lines that end at a ``/``, so no name is
    cut (Rich cuts a word too long for a line anywhere).
    """

    def broken(word: str) -> str:
        if len(word) <= width or "/" not in word:
            return word
        return pack(_PATH_PIECE.findall(word), width, sep="")

    return " ".join(broken(word) for word in text.split(" "))
