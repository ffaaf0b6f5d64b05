"""The backward table's cells and columns fitted to the room they have (plain Python).

A cell breaks only between words (``fitting.words``: never inside a shape such as
``(2, 2)``), or inside a long call or list after one of its own commas
(``sum(dZ,`` over ``axis=0)``, ``[[1, 1],`` over ``[1, 1]]``); a piece still too long, or a
cell with more lines than a row may take, is cut with an ellipsis. A column that holds
nothing yet (only ``-``) gives way before any cell wraps; the others shrink widest first;
when the table cannot show every column without cutting, the columns the learner needs
least go first (``DROP_ORDER``), and the G column always stays. Room left over once the
columns are fitted goes to the wrapped cells that it saves the most lines of (``widen``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tutor.app.fitting import words

#: Columns hidden, in this order, when the table is too narrow for all of them: C when
#: every row's VJP names it (``dh += dloss_1 * Gh``), the inputs' values (the tree shows
#: them), C's operation (the question shows it), the term, and V when the VJP names it.
DROP_ORDER = ("C", "inputs", "op", "contribution", "V")
#: Of those, the ones hidden only when every row says them in another column.
REDUNDANT_ONLY = frozenset({"C", "V"})
#: The columns that are never cut while another can give way: the node, its local
#: derivative or VJP, and its gradient. The others shrink first, and may be cut.
ESSENTIAL = frozenset({"V", "dC/dV", "VJP", "G"})
#: A column may be cut down to this many cells (or its label's width) before one is dropped.
LEAST = 8
#: The ellipsis a cut cell ends with.
MORE = "…"
#: What a cell holds when it has nothing to say (the output's row has no consumer, no term).
NOTHING = frozenset({"", "-"})
#: A bare number, which a call keeps with the argument before it (``ones(2, 2)``).
NUMBER = re.compile(r"-?\d+(\.\d*)?")


def _is_call(text: str, at: int) -> bool:
    """Whether the ``(`` at ``at`` opens a call (``sum(``), not a shape or a group."""
    return at > 0 and (text[at - 1].isalnum() or text[at - 1] in "_]")


def _next_argument(word: str, at: int) -> str:
    """The argument of a call or list that starts at ``at`` (up to its ``,`` or closing)."""
    depth = 0
    for j in range(at, len(word)):
        if word[j] in "([":
            depth += 1
        elif word[j] in ")]":
            if depth == 0:
                return word[at:j]
            depth -= 1
        elif word[j] == "," and depth == 0:
            return word[at:j]
    return word[at:]


def pieces(word: str) -> list[str]:
    """``word`` split after the commas of its outermost call or list (never in a shape).

    ``sum(dZ, axis=0)`` -> ``sum(dZ,`` ``axis=0)``; ``[[1, 1], [1, 1]]`` -> ``[[1, 1],``
    ``[1, 1]]``; ``(2, 2)``, ``(1 - o)`` and a call's numbers (``ones(2, 2)``,
    ``onehot(Yb, 27)``) stay whole.
    """
    out: list[str] = []
    stack: list[str] = []
    start = 0
    for i, ch in enumerate(word):
        if ch == "(":
            stack.append("call" if _is_call(word, i) else "group")
        elif ch == "[":
            stack.append("list")
        elif ch in ")]":
            if stack:
                stack.pop()
        elif ch == "," and word[i + 1 : i + 2] == " " and len(stack) == 1:
            kind = stack[0]
            number = NUMBER.fullmatch(_next_argument(word, i + 2)) is not None
            if kind == "list" or (kind == "call" and not number):
                out.append(word[start : i + 1])
                start = i + 2
    out.append(word[start:])
    return [p for p in out if p]


#: Marks that stay with the piece after them: a norm with its number (``‖·‖ 6.0965``), and
#: a binary operator with its right operand, so a line never ends in one (``dloss /`` over
#: ``8`` read on into the next column: ``dloss / 0.1250``); the break comes before it.
GLUED = ("‖·‖", "*", "/", "+", "-", "@", "**")


def atoms(text: str) -> list[str]:
    """The pieces a cell's text may break between, in order (``GLUED`` marks kept on)."""
    out: list[str] = []
    for piece in (p for s, e in words(text) for p in pieces(text[s:e])):
        if out and out[-1] in GLUED:
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


def cut(text: str, width: int) -> str:
    """``text`` in ``width`` cells: whole, or its start and an ellipsis."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)].rstrip() + MORE


def cell_lines(text: str, width: int, most: int) -> list[str]:
    """``text`` in at most ``most`` lines of at most ``width`` cells.

    Lines break between atoms; an atom wider than the cell is cut, and a text that needs
    more lines ends its last one with an ellipsis.
    """
    width = max(1, width)
    lines: list[str] = []
    for atom in atoms(text):
        if lines and len(lines[-1]) + 1 + len(atom) <= width:
            lines[-1] += " " + atom
        else:
            lines.append(cut(atom, width))
    if not lines:
        return [""]
    if len(lines) > most:
        last = lines[most - 1]
        lines = lines[: most - 1] + [last + MORE if len(last) < width else last[:-1] + MORE]
    return lines


def fits(text: str, width: int, most: int) -> bool:
    """Whether ``text`` fits ``width`` cells in ``most`` lines with nothing cut."""
    lines: list[str] = []
    for atom in atoms(text):
        if len(atom) > width:
            return False
        if lines and len(lines[-1]) + 1 + len(atom) <= width:
            lines[-1] += " " + atom
        else:
            lines.append(atom)
            if len(lines) > most:
                return False
    return True


@dataclass
class ColumnStats:
    """What the column widths are chosen from, kept up to date as rows are added."""

    labels: tuple[str, ...]
    """The column labels."""
    natural: list[int]
    """Each column's widest text (or label)."""
    longest_atom: list[int]
    """Each column's widest unbreakable piece."""
    longest: list[str]
    """Each column's longest text (the one that needs the most lines)."""
    filled: list[bool]
    """Whether a row has put anything but ``NOTHING`` in each column."""

    @classmethod
    def start(cls, labels: tuple[str, ...]) -> ColumnStats:
        """No rows yet: the labels' widths."""
        widths = [len(x) for x in labels]
        return cls(labels, widths, list(widths), [""] * len(labels), [False] * len(labels))

    def add(self, row: Sequence[str]) -> None:
        """Count one more row of texts."""
        for i, text in enumerate(row):
            self.natural[i] = max(self.natural[i], len(text))
            self.longest_atom[i] = max([self.longest_atom[i], *map(len, atoms(text))])
            if len(text) > len(self.longest[i]):
                self.longest[i] = text
            self.filled[i] = self.filled[i] or text not in NOTHING


def clean_width(text: str, most: int) -> int:
    """The narrowest width at which ``text`` fits in ``most`` lines with nothing cut."""
    width = max([1, *map(len, atoms(text))])
    while not fits(text, width, most):
        width += 1
    return width


def shrink(
    stats: ColumnStats, keep: Sequence[int], room: int, least: Sequence[int], most: int
) -> list[int]:
    """Widths of the ``keep`` columns in ``room`` cells.

    Columns wrap before anything is cut: first the columns that are not ``ESSENTIAL``,
    then the essential ones, down to the width at which their longest text still fits
    ``most`` lines; then the same two down to their least (cut with an ellipsis). In
    each step the widest column gives way first.
    """
    widths = [stats.natural[i] for i in keep]
    wrapped = [min(stats.natural[i], clean_width(stats.longest[i], most)) for i in keep]
    floors = [[max(w, least[i]) for w, i in zip(wrapped, keep, strict=True)]]
    floors.append([least[i] for i in keep])
    tier = [stats.labels[i] in ESSENTIAL for i in keep]
    excess = sum(widths) - room
    for floor in floors:
        for essential in (False, True):
            while excess > 0:
                shrinkable = [
                    k for k in range(len(widths)) if widths[k] > floor[k] and tier[k] == essential
                ]
                if not shrinkable:
                    break
                widest = max(shrinkable, key=lambda k: widths[k])
                widths[widest] -= 1
                excess -= 1
    return widths


def choose(
    stats: ColumnStats, room: int, gap: int, most: int, redundant: frozenset[str] = frozenset()
) -> tuple[list[int], list[int]]:
    """The columns shown (indexes) and their widths, in ``room`` cells with ``gap`` each.

    Columns go in ``DROP_ORDER`` (those of ``REDUNDANT_ONLY`` only if ``redundant`` names
    them), one at a time, until every column left fits with nothing cut; past the last
    column that is not ``ESSENTIAL``, until the essential ones fit (the others may end
    in an ellipsis), else the fewest columns, cut to fit. Before any of that, a column
    that holds nothing yet goes while the others would wrap (at 80x24 the output's row
    read ``L`` over ``(output)`` beside an empty ``contribution``).
    """
    labels = stats.labels
    count = len(labels)
    least = [max(len(labels[i]), min(stats.longest_atom[i], LEAST)) for i in range(count)]
    keep = list(range(count))
    for x in DROP_ORDER:
        i = labels.index(x) if x in labels else -1
        if i < 0 or stats.filled[i] or x in ESSENTIAL:
            continue
        if sum(stats.natural[k] for k in keep) + gap * len(keep) <= room:
            break
        keep.remove(i)
    order = [x for x in DROP_ORDER if x not in REDUNDANT_ONLY or x in redundant]
    drop = [labels.index(x) for x in order if x in labels and labels.index(x) in keep]
    tried: list[tuple[list[int], list[int], bool, bool]] = []
    while True:
        space = room - gap * len(keep)
        widths = shrink(stats, keep, space, least, most)
        whole = [
            fits(stats.longest[i], w, most) and stats.longest_atom[i] <= w
            for i, w in zip(keep, widths, strict=True)
        ]
        essential = [labels[i] in ESSENTIAL for i in keep]
        room_ok = sum(widths) <= space
        every = room_ok and all(whole)
        needed = room_ok and all(w for w, e in zip(whole, essential, strict=True) if e)
        tried.append((list(keep), widths, every, needed))
        if every or not drop:
            break
        keep.remove(drop.pop(0))
    for keep, widths, every, _ in tried:
        if every and all(i in keep for i in range(count) if labels[i] in ESSENTIAL):
            return keep, widths
    for keep, widths, _, needed in tried:
        if needed:
            return keep, widths
    return tried[-1][0], tried[-1][1]


def widen(
    texts: Sequence[Sequence[str]],
    widths: Sequence[int],
    natural: Sequence[int],
    spare: int,
    most: int,
) -> list[int]:
    """``widths`` given up to ``spare`` more cells, where they save the most lines.

    Each step widens the one column whose next saving (the least width at which its
    cells take fewer lines) saves the most, per cell spent, of the table's lines and its
    cells' lines; it stops when no saving fits in what is left.
    """
    widths = list(widths)
    counts: dict[tuple[int, int], list[int]] = {}

    def lines(k: int, width: int) -> list[int]:
        if (k, width) not in counts:
            counts[k, width] = [len(cell_lines(row[k], width, most)) for row in texts]
        return counts[k, width]

    def total(ws: Sequence[int]) -> int:
        per = [lines(k, w) for k, w in enumerate(ws)]
        return sum(map(max, zip(*per, strict=True))) + sum(map(sum, per)) if texts else 0

    while spare > 0:
        now = total(widths)
        best: tuple[float, int, int] | None = None
        for k, width in enumerate(widths):
            have = sum(lines(k, width))
            for w in range(width + 1, min(natural[k], width + spare) + 1):
                if sum(lines(k, w)) < have:
                    trial = [*widths[:k], w, *widths[k + 1 :]]
                    gain = (now - total(trial)) / (w - width)
                    if best is None or gain > best[0]:
                        best = (gain, k, w)
                    break
        if best is None:
            break
        _, k, w = best
        spare -= w - widths[k]
        widths[k] = w
    return widths
