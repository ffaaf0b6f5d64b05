"""The matrix panel of a tensor lesson: the current node's matrices.

It shows, in this order, what the learner needs while answering: the upstream gradients,
the learner's last wrong answer with its wrong entries marked (and the right shape), the
node's value, and the consumers' other operands. It draws from the session only
(``show`` is called on every session change). The right values appear only once the
learner has seen the numbers tier, or the answer. A tensor of more than two dimensions
is shown as NumPy prints it, in 2-D slices labelled ``[0, 1, :, :]``, side by side when
they fit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tutor.app.widgets.question import DONE
from tutor.app.widgets.unbroken import Unbroken
from tutor.notation import grad_name, number, shape_text
from tutor.session import Session
from tutor.tensor.compare import compare
from tutor.tensor.show import as_rows, corner_cells, index_text, slice_index, slices

#: The corner shown before the panel is measured: rows and columns.
ROWS, COLS = 5, 6
#: The least rows a grid shows, however many grids share the panel.
MIN_ROWS = 3
#: A panel with fewer lines than this leaves no blank line between its grids.
ROOMY = 12
#: Columns between slices shown side by side.
SLICE_GAP = 2


def cell_width(array: npt.ArrayLike) -> int:
    """Columns one entry takes: its widest number in the question's precision, a space."""
    values = np.asarray(array, dtype=np.float64).ravel()[:10_000]
    if values.size == 0:
        return 2
    widest = max(len(number(float(values.min()))), len(number(float(values.max()))))
    return 1 + max(widest, len(number(0.0)))


def fit(array: npt.ArrayLike, width: int, rows: int) -> tuple[int, int]:
    """How many rows and columns of ``array`` fit in ``width`` cells and ``rows`` lines."""
    cols = max(1, (width - 4) // cell_width(array))  # "[" and " …]" take four
    return max(1, rows), cols


def grid_lines(
    array: npt.ArrayLike,
    wrong: np.ndarray | None = None,
    hide: bool = False,
    room: tuple[int, int] = (ROWS, COLS),
    width: int | None = None,
) -> list[Text]:
    """A corner of a 2-D (or 1-D) ``array`` (``room``: rows, columns), a line per row.

    ``wrong`` marks entries red; ``width`` is the cells an entry takes (the whole
    tensor's, so its slices line up). Entries are written as the question writes numbers
    (``2.4971``), so the panel and the question agree.
    """
    cells, cut_rows, cut_cols = corner_cells(array, *room)
    width = width or cell_width(array)
    mask = as_rows(wrong) if wrong is not None else None
    lines = []
    for row in cells:
        line = Text("[")
        for (i, j), value in row:
            shown = "·".rjust(width) if hide else number(value).rjust(width)
            style = ""
            if mask is not None:
                style = "bold red" if mask[i, j] else "green"
            line.append(shown, style)
        line.append(" …]" if cut_cols else " ]")
        lines.append(line)
    if cut_rows:
        lines.append(Text("  …"))
    return lines


def grid(
    array: npt.ArrayLike,
    wrong: np.ndarray | None = None,
    hide: bool = False,
    room: tuple[int, int] = (ROWS, COLS),
) -> Text:
    """``grid_lines`` as one text, each line ending in a newline."""
    text = Text()
    for line in grid_lines(array, wrong, hide, room):
        text.append_text(line)
        text.append("\n")
    return text


@dataclass(frozen=True, slots=True)
class Room:
    """The room one tensor has in the panel."""

    lines: int
    """Lines for its entries (its title apart)."""
    width: int
    """Cells across."""


def sliced(array: npt.ArrayLike, wrong: np.ndarray | None, hide: bool, room: Room) -> list[Text]:
    """A tensor of more than two dimensions as labelled 2-D slices, as many as fit.

    Slices go side by side while they fit the width, then in bands down the room; a last
    line says how many slices are left out.
    """
    a = np.asarray(array, dtype=np.float64)
    mask = None if wrong is None else np.asarray(wrong)
    shown, ats = slices(a.shape)
    width = cell_width(a)
    indexes = [slice_index(a.shape, shown, at) for at in ats]
    first = a[indexes[0]]
    cols = fit(first, room.width, 1)[1]
    inner = first.shape[0] if first.ndim == 2 else 1
    avail = room.lines - 1 - (len(ats) > 1)  # a label over each slice; a line of the rest
    rows = inner if inner <= avail else max(1, avail - 1)  # and a line that rows are cut
    blocks = []
    for index in indexes:
        lines = grid_lines(
            a[index], None if mask is None else mask[index], hide, (rows, cols), width
        )
        blocks.append([Text(index_text(index), "dim"), *lines])
    block_width = max(line.cell_len for block in blocks for line in block)
    across = max(1, (room.width + SLICE_GAP) // (block_width + SLICE_GAP))
    tall = max(len(block) for block in blocks)
    bands = max(1, (room.lines - (len(blocks) > across)) // tall)
    kept = blocks[: across * bands]
    out: list[Text] = []
    for start in range(0, len(kept), across):
        band = kept[start : start + across]
        for k in range(max(len(b) for b in band)):
            line = Text()
            for n, block in enumerate(band):
                part = block[k] if k < len(block) else Text()
                line.append_text(part)
                if n < len(band) - 1:
                    line.append(" " * (block_width - part.cell_len + SLICE_GAP))
            out.append(line)
    if len(kept) < len(blocks):
        left = len(blocks) - len(kept)
        out.append(Text(f"  … {left} more slice{'s' if left > 1 else ''} of {len(blocks)}"))
    return out


def tensor_lines(
    array: npt.ArrayLike, wrong: np.ndarray | None, hide: bool, room: Room
) -> list[Text]:
    """A tensor's entries in ``room``: a corner of a matrix, or slices of more dimensions."""
    a = np.asarray(array)
    if a.ndim > 2:
        return sliced(a, wrong, hide, room)
    rows = max(1, room.lines - 1) if a.ndim == 2 and a.shape[0] > room.lines else room.lines
    return grid_lines(a, wrong, hide, fit(a, room.width, rows))


class MatrixPanel(VerticalScroll):
    """The current tensor node's matrices (scrolls when they are tall)."""

    can_focus = False

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self._drawn_for: str | None = None
        """The node last drawn (the panel scrolls back up for another)."""

    def compose(self) -> ComposeResult:
        """One static text, redrawn from the session."""
        yield Static(id="matrix-body")

    def on_mount(self) -> None:
        """Draw from the session."""
        self.show()

    def on_resize(self) -> None:
        """Show as much of each matrix as the new size has room for."""
        self.show()

    def show(self) -> None:
        """Redraw from the session's state; back at the top for a new node."""
        self.query_one("#matrix-body", Static).update(self.render_state())
        if self.session.current != self._drawn_for:
            self._drawn_for = self.session.current
            self.scroll_home(animate=False)

    def operands(self) -> list[tuple[str, str]]:
        """The current node's consumers' other array inputs: (input, consumer), once each."""
        s = self.session
        name = s.current
        graph = s.graph
        seen: dict[str, str] = {}
        for c in s.live_consumers.get(name or "", ()):
            for i in graph.nodes[c].inputs:
                if i != name and i not in seen and np.ndim(graph.nodes[i].value) > 0:
                    seen[i] = c
        return list(seen.items())

    def grids(self) -> int:
        """How many tensors share the panel's height: upstreams, a wrong answer, the value.

        The operands below them get the same room, further down (the panel scrolls).
        """
        s = self.session
        name = s.current
        if name is None:
            return 1
        upstream = len(s.live_consumers.get(name, ()))
        return 1 + upstream + (2 if name in s.last_wrong else 0)

    def spaced(self) -> bool:
        """Whether there is room for a blank line between the grids."""
        return self.scrollable_content_region.height >= ROOMY

    def room(self) -> Room:
        """The room of each tensor: the panel's width, its height shared out.

        Before the panel has a size, the 5 by 6 corner's.
        """
        width, height = self.scrollable_content_region.size
        if not width or not height:
            return Room(ROWS, 80)
        count = self.grids()
        overhead = 1 + self.spaced()  # a title, and a blank line when there is room
        return Room(max(MIN_ROWS, (height - overhead * count) // count), width)

    def render_state(self) -> Group:
        """What the panel shows for the current node, the upstream gradients first."""
        s = self.session
        name = s.current
        if name is None:
            return Group(Text(DONE, "dim"))  # the question panel's words
        graph = s.graph
        node = graph.nodes[name]
        room = self.room()
        parts: list[RenderableType] = []

        def add(title: Text, array: npt.ArrayLike, wrong: np.ndarray | None = None) -> None:
            parts.append(Unbroken(title))  # a title never breaks inside its shape
            parts.extend(tensor_lines(array, wrong, False, room))
            if self.spaced():
                parts.append(Text())

        shape = shape_text(np.shape(node.value))
        self.border_title = f"{name}, shape {shape}"
        for c in s.live_consumers.get(name, ()):
            cshape = shape_text(np.shape(graph.nodes[c].grad))
            if c in s.known:
                add(Text(f"{grad_name(c)} (upstream), shape {cshape}", "bold"), s.known[c])
            else:
                parts.append(Unbroken(f"{grad_name(c)}, shape {cshape}: not found yet", "dim"))
        wrong = s.last_wrong.get(name)
        if wrong is not None:
            want = np.asarray(node.grad)
            answer = np.asarray(wrong)
            show_right = s.numbers_shown(name)
            yours = f"your {grad_name(name)}, shape {shape_text(answer.shape)}"
            if answer.shape != want.shape:
                add(Text(f"{yours}: must be {shape_text(want.shape)}", "bold red"), answer)
            else:
                cmp = compare(answer, want, graph.tolerance)
                add(Text(f"{yours}: {cmp.wrong} wrong (red)", "bold red"), answer, cmp.mask)
            parts.append(
                Unbroken(f"right {grad_name(name)}, shape {shape_text(want.shape)}", "bold green")
            )
            parts.extend(tensor_lines(want, None, not show_right, room))
            if not show_right:
                parts.append(Text("(the numbers tier of the hints shows the values)", "dim"))
            if self.spaced():
                parts.append(Text())
        add(Text(f"{name} (value), shape {shape}", "bold cyan"), node.value)
        for i, c in self.operands():
            ishape = shape_text(np.shape(graph.nodes[i].value))
            title = Text(f"{i} (in {c} = {graph.nodes[c].formula}), shape {ishape}", "cyan")
            add(title, graph.nodes[i].value)
        while parts and isinstance(parts[-1], Text) and not parts[-1].plain:
            parts.pop()
        return Group(*parts)
