"""A laid-out graph (``tutor.layout``) drawn in characters: edges, arrowheads and records.

``edge_canvas`` draws every edge once, with box-drawing characters chosen from the
directions each cell connects (two edges crossing or merging share a junction such as
``┬``), and an arrowhead where an edge meets its head. ``record_lines`` draws a value's
record, ``│ a │ data 2.0000 │ grad ? │``, in a frame that is heavy (``┏━┓``) for the
current node. Plain strings, no styles: the app's graph view colours them by the
``Part`` each run of characters is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from tutor.layout import Layout

N, E, S, W = 1, 2, 4, 8
#: The character of a cell by the directions it connects.
JOINS = {
    E | W: "─",
    N | S: "│",
    E: "─",
    W: "─",
    N: "│",
    S: "│",
    S | E: "╭",
    S | W: "╮",
    N | E: "╰",
    N | W: "╯",
    N | S | E: "├",
    N | S | W: "┤",
    E | W | S: "┬",
    E | W | N: "┴",
    N | E | S | W: "┼",
}
#: The arrowhead pointing from a cell into its neighbour in a direction.
ARROWS = {E: "▶", W: "◀", S: "▼", N: "▲"}

#: A record's frame: (top left, top join, top right, side, bottom left, bottom join,
#: bottom right, horizontal) for a light and for a heavy (current) frame.
LIGHT = ("┌", "┬", "┐", "│", "└", "┴", "┘", "─")
HEAVY = ("┏", "┳", "┓", "┃", "┗", "┻", "┛", "━")


class Part(StrEnum):
    """What a run of characters in the picture is (the view styles each)."""

    EDGE = "edge"
    FRAME = "frame"
    LABEL = "label"
    DATA = "data"
    GRAD = "grad"
    OP = "op"


@dataclass(frozen=True, slots=True)
class Run:
    """Characters at one place of the picture, all of one part."""

    col: int
    """Column of the first character."""
    row: int
    """Row."""
    text: str
    """The characters."""
    part: Part
    """What they are."""
    field: int = -1
    """For a record's field text: which field (0 the name), else -1."""


def _direction(a: tuple[int, int], b: tuple[int, int]) -> int:
    """The direction from cell ``a`` to its neighbour ``b``."""
    dc, dr = b[0] - a[0], b[1] - a[1]
    if dc > 0:
        return E
    if dc < 0:
        return W
    return S if dr > 0 else N


def _into(cell: tuple[int, int], layout: Layout, key: str) -> int:
    """The direction from a cell beside a box into the box."""
    boxes = layout.boxes if key.startswith("v:") else layout.ops
    box = boxes[key]
    col, row = cell
    if col < box.x:
        return E
    if col >= box.x + box.w:
        return W
    return S if row < box.y else N


def edge_canvas(layout: Layout) -> list[list[str]]:
    """Every edge drawn on an empty canvas of ``layout.height`` rows of ``layout.width``."""
    joins: dict[tuple[int, int], int] = {}
    arrows: dict[tuple[int, int], str] = {}
    for edge in layout.edges:
        cells = edge.cells
        if not cells:
            continue
        first = cells[0]
        joins[first] = joins.get(first, 0) | _into(first, layout, edge.tail)
        for a, b in zip(cells, cells[1:], strict=False):
            joins[a] = joins.get(a, 0) | _direction(a, b)
            joins[b] = joins.get(b, 0) | _direction(b, a)
        arrows[cells[-1]] = ARROWS[_into(cells[-1], layout, edge.head)]
    canvas = [[" "] * layout.width for _ in range(layout.height)]
    for (col, row), bits in joins.items():
        canvas[row][col] = JOINS.get(bits, "┼")
    for (col, row), arrow in arrows.items():
        canvas[row][col] = arrow
    return canvas


def record_lines(col: int, row: int, parts: Sequence[str], heavy: bool) -> list[Run]:
    """A record's runs: its frame, and each field between separators.

    ``parts`` are the fields' texts (``tutor.layout.record_fields``); the frame is heavy
    for the current node.
    """
    tl, tj, tr, side, bl, bj, br, hz = HEAVY if heavy else LIGHT
    top = tl + tj.join(hz * (len(p) + 2) for p in parts) + tr
    bottom = bl + bj.join(hz * (len(p) + 2) for p in parts) + br
    runs = [Run(col, row, top, Part.FRAME), Run(col, row + 2, bottom, Part.FRAME)]
    x = col
    for i, text in enumerate(parts):
        runs.append(Run(x, row + 1, side, Part.FRAME))
        part = Part.LABEL if i == 0 else Part.GRAD if text.startswith("grad") else Part.DATA
        runs.append(Run(x + 1, row + 1, f" {text} ", part, i))
        x += len(text) + 3
    runs.append(Run(x, row + 1, side, Part.FRAME))
    return runs
