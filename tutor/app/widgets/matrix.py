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

from tutor.notation import grad_name, shape_text
from tutor.session import Session
from tutor.tensor.compare import compare
from tutor.tensor.show import as_rows, corner_cells

#: The corner shown: rows and columns.
ROWS, COLS = 5, 6
#: Width of one entry.
CELL = 10


def grid(array: npt.ArrayLike, wrong: np.ndarray | None = None, hide: bool = False) -> Text:
    """A corner of ``array`` as text; ``wrong`` marks entries red (others green)."""
    cells, cut_rows, cut_cols = corner_cells(array, ROWS, COLS)
    mask = as_rows(wrong) if wrong is not None else None
    text = Text()
    for row in cells:
        text.append("[")
        for (i, j), value in row:
            shown = "·".rjust(CELL) if hide else " " + f"{value:{CELL - 1}.3g}"
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

    def show(self) -> None:
        """Redraw from the session's state."""
        self.query_one("#matrix-body", Static).update(self.render_state())

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
        self.border_title = f"{name} {shape}"
        wrong = s.last_wrong.get(name)
        if wrong is not None:
            want = np.asarray(node.grad)
            answer = np.asarray(wrong)
            show_right = s.numbers_shown(name)
            if answer.shape != want.shape:
                must = f"must be {shape_text(want.shape)}"
                parts.append(
                    Text(f"your {grad_name(name)} {shape_text(answer.shape)}: {must}", "bold red")
                )
                parts.append(grid(answer))
            else:
                cmp = compare(answer, want, graph.lesson.tolerance)
                parts.append(
                    Text(
                        f"your {grad_name(name)} {shape_text(answer.shape)}: "
                        f"{cmp.wrong} wrong (red)",
                        "bold red",
                    )
                )
                parts.append(grid(answer, cmp.mask))
            parts.append(Text(f"right {grad_name(name)} {shape_text(want.shape)}", "bold green"))
            parts.append(grid(want, hide=not show_right))
            if not show_right:
                parts.append(Text("(the numbers tier of the hints shows the values)", "dim"))
        parts.append(Text(f"{name} {shape} (value)", "bold cyan"))
        parts.append(grid(node.value))
        for c in s.live_consumers.get(name, ()):
            cshape = shape_text(np.shape(graph.nodes[c].grad))
            if c in s.known:
                parts.append(Text(f"{grad_name(c)} {cshape} (upstream, found)", "bold"))
                parts.append(grid(s.known[c]))
            else:
                parts.append(Text(f"{grad_name(c)} {cshape}: not found yet", "dim"))
        return Group(*parts)
