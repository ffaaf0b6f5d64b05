"""Texts fitted to the room they have: the answer box's placeholder, the smallest terminal.

Plain Python (no Textual), so the rules are tested without an app.
"""

from __future__ import annotations

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
