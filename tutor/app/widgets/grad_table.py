"""The Deep Learning book's table, gaining rows as nodes are answered.

Every column stays in view: when the rows are wider than the panel, the widest columns
wrap (after commas, before ``=``, at spaces), so nothing is cut off on the right; only a
panel too narrow for the longest words scrolls sideways.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from tutor.kind import BackwardRow as Row
from tutor.session import Session
from tutor.teach.hints import table_rows

COLUMNS = ("V", "C", "op", "dC/dV", "inputs", "contribution", "G")
#: Spaces before each cell: two when the rows fit, else one (the table's own padding
#: would always take two, one on each side).
GAPS = (2, 1)
#: Columns the vertical scrollbar takes (set in app.tcss), kept free for it.
SCROLLBAR = 1


def cells(row: Row) -> tuple[str, ...]:
    """The texts of one row, in column order."""
    return (row.V, row.C, row.op, row.dCdV, row.inputs, row.contribution, row.G)


def fit(rows: list[tuple[str, ...]], room: int, labels: tuple[str, ...] = COLUMNS) -> list[int]:
    """Column widths for ``rows`` in ``room`` cells (gaps excluded): the widest shrink first.

    A column keeps at least its label's width and its longest word: numbers and names are
    never cut, so in a very narrow panel the table scrolls sideways instead.
    """
    natural = [len(label) for label in labels]
    longest_word = natural[:]
    for row in rows:
        for i, text in enumerate(row):
            natural[i] = max(natural[i], len(text))
            longest_word[i] = max([longest_word[i], *map(len, text.split())])
    widths = natural[:]
    while sum(widths) > room:
        shrinkable = [i for i in range(len(widths)) if widths[i] > longest_word[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def pack(words: list[str], width: int, sep: str = " ") -> list[str]:
    """Words joined by ``sep`` into lines of at most ``width`` (a longer word folds)."""
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + len(sep) + len(word) <= width:
            lines[-1] += sep + word
            continue
        lines.extend(word[i : i + width] for i in range(0, max(len(word), 1), max(width, 1)))
    return lines


def lines_of(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width``.

    Broken after commas first, then before ``=``, then at spaces; a longer word folds.
    """
    atoms = text.split(", ")
    atoms = [atom + "," for atom in atoms[:-1]] + atoms[-1:]
    lines: list[str] = []
    for atom in atoms:
        if lines and len(lines[-1]) + 1 + len(atom) <= width:
            lines[-1] += " " + atom
            continue
        parts = [atom] if len(atom) <= width else atom.replace(" = ", "\n= ").split("\n")
        for part in parts:
            lines.extend(pack(part.split(" "), width))
    return lines


def wrap(text: str, width: int, gap: int) -> Text:
    """``text`` wrapped to ``width`` (see ``lines_of``), each line after ``gap`` spaces."""
    return Text("\n".join(" " * gap + line for line in lines_of(text, width)))


def _on_the_way(session: Session) -> frozenset[str]:
    """The asked nodes and every node between them and the output (their consumers' chain)."""
    graph = session.graph
    seen: set[str] = set()
    stack = list(graph.order)
    while stack:
        name = stack.pop()
        if name not in seen:
            seen.add(name)
            stack.extend(graph.nodes[name].consumers)
    return frozenset(seen)


class GradTable(DataTable[Text]):
    """Rows ``V, C, op, dC/dV, inputs, contribution, G`` for every answered node."""

    can_focus = False  # Tab goes between the answer box and the graph only

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(zebra_stripes=True, cursor_type="row", cell_padding=0, id=id)
        self.session = session
        self.shown: list[str] = []
        """The nodes whose rows are in the table, in order."""
        self.texts: list[tuple[str, ...]] = []
        """The texts of every row shown, unwrapped."""
        self.widths: list[int] = []
        """The column widths the rows were wrapped to."""
        self.gap = GAPS[0]
        """Spaces before each cell."""
        self.asked = _on_the_way(session)
        """The nodes the lesson asks and those their gradients come through (only theirs
        are rows: linear-layer's ``b`` and ``T`` are filled in, but no asked node needs them)."""
        local = session.graph.kind.texts.local_column
        self.labels = (*COLUMNS[:3], local, *COLUMNS[4:])
        """The column labels (a tensor lesson's fourth shows VJPs)."""

    def on_mount(self) -> None:
        """Add the rows already known (a resumed lesson)."""
        self.sync()

    def on_resize(self) -> None:
        """Wrap the rows again for the new width."""
        self.sync()

    def sync(self) -> None:
        """Show the rows of every known node on the way to an asked one, in the order known.

        A node the lesson does not ask and no asked node's gradient passes through
        (linear-layer's ``b``) is filled in as the lesson goes on; its rows would show a
        VJP the learner was never asked for.
        """
        asked = self.asked
        known = [n for n in self.session.known if n in asked]  # in the order known
        if known[: len(self.shown)] != self.shown:
            self.shown, self.texts = [], []
        new = known[len(self.shown) :]
        for name in new:
            self.texts.extend(cells(row) for row in table_rows(self.session.graph, name))
        self.shown.extend(new)
        labels = self.labels
        widths, gap = [999] * len(labels), GAPS[0]
        for gap in GAPS if self.size.width else ():
            room = self.size.width - SCROLLBAR - gap * len(labels)
            widths = fit(self.texts, room, labels)
            if sum(widths) <= room and widths == fit(self.texts, 999, labels):
                break  # every row fits unwrapped with this gap
        if (widths, gap) != (self.widths, self.gap) or self.row_count > len(self.texts):
            self.widths, self.gap = widths, gap
            self.clear(columns=True)  # columns only ever grow: start them afresh
            self.add_columns(*(" " * gap + label for label in labels))
        for texts in self.texts[self.row_count :]:
            row = [wrap(text, width, gap) for text, width in zip(texts, widths, strict=True)]
            self.add_row(*row, height=None)
        if self.row_count and new:
            self.move_cursor(row=self.row_count - 1)
