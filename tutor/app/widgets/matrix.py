"""The matrix panel of a tensor lesson: the current node's matrices.

It shows the node's value, the upstream gradients it needs, and the learner's last wrong
answer with its wrong entries marked. It draws from the session only (``show`` is called
on every session change). The right values appear only once the learner has seen the
numbers tier, or the answer.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tutor.notation import grad_name, number, shape_text
from tutor.session import Session
from tutor.tensor.compare import compare
from tutor.tensor.show import as_rows, corner_cells

#: The corner shown before the panel is measured: rows and columns.
ROWS, COLS = 5, 6
#: The least rows a grid shows, however many grids share the panel.
MIN_ROWS = 3


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


def grid(
    array: npt.ArrayLike,
    wrong: np.ndarray | None = None,
    hide: bool = False,
    room: tuple[int, int] = (ROWS, COLS),
) -> Text:
    """A corner of ``array`` (``room``: rows, columns) as text; ``wrong`` marks entries red.

    Entries are written as the question writes numbers (``2.4971``), so the panel and
    the question agree.
    """
    cells, cut_rows, cut_cols = corner_cells(array, *room)
    width = cell_width(array)
    mask = as_rows(wrong) if wrong is not None else None
    text = Text()
    for row in cells:
        text.append("[")
        for (i, j), value in row:
            shown = "·".rjust(width) if hide else number(value).rjust(width)
            style = ""
            if mask is not None:
                style = "bold red" if mask[i, j] else "green"
            text.append(shown, style)
        text.append(" …]" if cut_cols else " ]")
        text.append("\n")
    if cut_rows:
        text.append("  …\n")
    return text


class MatrixPanel(VerticalScroll):
    """The current tensor node's matrices (scrolls when they are tall)."""

    can_focus = False

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session

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
        """Redraw from the session's state."""
        self.query_one("#matrix-body", Static).update(self.render_state())

    def grids(self) -> int:
        """How many matrices the current node shows (its value, upstreams, a wrong answer)."""
        s = self.session
        name = s.current
        if name is None:
            return 1
        return 1 + len(s.live_consumers.get(name, ())) + (2 if name in s.last_wrong else 0)

    def room(self, array: npt.ArrayLike) -> tuple[int, int]:
        """Rows and columns of ``array`` to show: the panel's width, its height shared out.

        Before the panel has a size, the 5 by 6 corner.
        """
        width, height = self.scrollable_content_region.size
        if not width or not height:
            return ROWS, COLS
        count = self.grids()
        rows = max(MIN_ROWS, (height - 3 * count) // count)  # a title and a cut line each
        return fit(array, width, rows)

    def render_state(self) -> Group:
        """What the panel shows for the current node."""
        s = self.session
        name = s.current
        if name is None:
            return Group(Text("The lesson is complete.", "dim"))
        graph = s.graph
        node = graph.nodes[name]
        parts: list[Text] = []
        shape = shape_text(np.shape(node.value))
        self.border_title = f"{name}, shape {shape}"
        wrong = s.last_wrong.get(name)
        if wrong is not None:
            want = np.asarray(node.grad)
            answer = np.asarray(wrong)
            show_right = s.numbers_shown(name)
            if answer.shape != want.shape:
                must = f"must be {shape_text(want.shape)}"
                parts.append(
                    Text(
                        f"your {grad_name(name)}, shape {shape_text(answer.shape)}: {must}",
                        "bold red",
                    )
                )
                parts.append(grid(answer, room=self.room(answer)))
            else:
                cmp = compare(answer, want, graph.tolerance)
                parts.append(
                    Text(
                        f"your {grad_name(name)}, shape {shape_text(answer.shape)}: "
                        f"{cmp.wrong} wrong (red)",
                        "bold red",
                    )
                )
                parts.append(grid(answer, cmp.mask, room=self.room(answer)))
            parts.append(
                Text(f"right {grad_name(name)}, shape {shape_text(want.shape)}", "bold green")
            )
            parts.append(grid(want, hide=not show_right, room=self.room(want)))
            if not show_right:
                parts.append(Text("(the numbers tier of the hints shows the values)", "dim"))
        parts.append(Text(f"{name} (value), shape {shape}", "bold cyan"))
        parts.append(grid(node.value, room=self.room(node.value)))
        for c in s.live_consumers.get(name, ()):
            cshape = shape_text(np.shape(graph.nodes[c].grad))
            if c in s.known:
                parts.append(Text(f"{grad_name(c)} (upstream, found), shape {cshape}", "bold"))
                parts.append(grid(s.known[c], room=self.room(s.known[c])))
            else:
                parts.append(Text(f"{grad_name(c)}, shape {cshape}: not found yet", "dim"))
        return Group(*parts)
