"""The Deep Learning book's table, gaining rows as nodes are answered.

The columns fit the panel (``tutor.app.table_fit``): the widest wrap first, between words
and never inside a shape; a row takes two to four lines (by the panel's height), and
a panel too narrow for every column hides the inputs, then C's operation, then the term,
and says so under the table. V, C, the local derivative or VJP and G always stay.
A tensor's term and G are its shape and first entry, or its count of nonzero entries when
the first is 0 (``Kind.show_cell``), so at 120x36 every column fits.
"""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from tutor.app.table_fit import ColumnStats, cell_lines, choose, widen
from tutor.kind import BackwardRow as Row
from tutor.kind import Kind
from tutor.notation import grad_name
from tutor.session import Session
from tutor.teach.hints import table_rows

COLUMNS = ("V", "C", "op", "dC/dV", "inputs", "contribution", "G")
#: Spaces before each cell: two when the rows fit, else one (the table's own padding
#: would always take two, one on each side).
GAPS = (2, 1)
#: The one cell before every column but the first when the rows are fitted tight: a rule,
#: so a wrapped cell never reads on into its neighbour ("dE2 += ones(4, 2) * dloss /" then
#: G's "[[0.1250, ..." read as one formula, and the 8 on the next line as another column).
RULE = "│"
#: Columns the vertical scrollbar takes (set in app.tcss), kept free for it when the rows
#: overflow the panel (while they fit, the column is the rows': at 120x36 makemore-ninja's
#: 'loss (output)' needed it).
SCROLLBAR = 1
#: What the C column says of the output's own row (it has no consumer).
NO_NODE = "-"
#: Lines a row may take: a panel's body lines over two, from 2 (80x24) to 4 (200x60).
LEAST_LINES, MOST_LINES = 2, 4
#: A column's width before the panel is measured (no limit: the texts' own).
UNMEASURED = 999


def cells(row: Row, kind: Kind[Any, Any]) -> tuple[str, ...]:
    """The texts of one row, in column order (the term and G as the kind shows a cell).

    A tensor's are its shape and first entry: a nested list left no room for the others.
    """
    term = kind.show_cell(row.contribution, row.contribution_value)
    return (row.V, row.C, row.op, row.dCdV, row.inputs, term, kind.show_cell(row.G, row.G_value))


def lead(gap: int, first: bool) -> str:
    """What comes before a cell: ``gap`` spaces, or the rule between tight columns."""
    return RULE if gap == 1 and not first else " " * gap


def wrap(text: str, width: int, gap: int, most: int, first: bool = True, height: int = 1) -> Text:
    """``text`` in at most ``most`` lines of ``width`` (``table_fit.cell_lines``), after ``gap``.

    Every line starts with the cell's lead (``lead``), down to ``height`` lines, so a rule
    runs down the whole row.
    """
    before = lead(gap, first)
    lines = cell_lines(text, width, most)
    lines += [""] * (height - len(lines))
    out = Text()
    for n, line in enumerate(lines):
        if n:
            out.append("\n")
        out.append(before, "dim" if before == RULE else "")
        out.append(line)
    return out


def _named(row: Row, node: str) -> bool:
    """Whether ``row``'s local column names ``node``'s gradient (``-``: no node, no need)."""
    if node == NO_NODE:
        return True
    return re.search(rf"(?<!\w){re.escape(grad_name(node))}(?!\w)", row.dCdV) is not None


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
        """The widths of the columns shown, the rows were wrapped to."""
        self.keep: list[int] = []
        """The columns shown (indexes into ``labels``)."""
        self.most = MOST_LINES
        """The lines a row may take."""
        self.gap = GAPS[0]
        """Spaces before each cell."""
        self.asked = session.graph.on_the_way()
        """The nodes the lesson asks and those their gradients come through (only theirs
        are rows: linear-layer's ``b`` and ``T`` are filled in, but no asked node needs them)."""
        local = session.graph.kind.texts.local_column
        self.labels = (*COLUMNS[:3], local, *COLUMNS[4:])
        """The column labels (a tensor lesson's fourth shows VJPs)."""
        self.stats = ColumnStats.start(self.labels)
        """The widths of the rows' texts, for choosing the columns."""
        self.redundant = frozenset({"V", "C"})
        """The name columns every row's local column names too (``dW += X.T @ dZ``)."""
        self.note = session.graph.kind.table_note(session.graph.output)
        """The caption under the table (what G is, or that VJPs are in symbols)."""
        self.border_subtitle = self.note

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
            self.stats = ColumnStats.start(self.labels)
            self.redundant = frozenset({"V", "C"})
        new = known[len(self.shown) :]
        for name in new:
            for record in table_rows(self.session.graph, name):
                self.texts.append(cells(record, self.session.graph.kind))
                self.stats.add(self.texts[-1])
                names = {"V": record.V, "C": record.C}
                self.redundant -= {x for x, n in names.items() if not _named(record, n)}
        self.shown.extend(new)
        fitted = self.fit_columns()
        if fitted != (self.keep, self.widths, self.gap, self.most) or self.row_count > len(
            self.texts
        ):
            self.keep, self.widths, self.gap, self.most = fitted
            self.clear(columns=True)  # columns only ever grow: start them afresh
            for n, (i, width) in enumerate(zip(self.keep, self.widths, strict=True)):
                before = lead(self.gap, n == 0)
                # as wide as fitted, not measured: DataTable measures cells when idle and
                # kept a header drawn before that ('VJP│G' over columns 30 cells apart)
                fixed = len(before) + width if width < UNMEASURED else None
                self.add_column(before + self.labels[i], width=fixed)
            self.show_hidden()
        for texts in self.texts[self.row_count :]:
            shown = list(zip(self.keep, self.widths, strict=True))
            height = max(len(cell_lines(texts[i], width, self.most)) for i, width in shown)
            row = [
                wrap(texts[i], width, self.gap, self.most, n == 0, height)
                for n, (i, width) in enumerate(shown)
            ]
            self.add_row(*row, height=None)
        if self.row_count and new:
            self.move_cursor(row=self.row_count - 1)

    def fit_columns(self) -> tuple[list[int], list[int], int, int]:
        """The columns shown, their widths, the gap before each and the lines a row takes.

        Two spaces between columns when every row fits unwrapped so; else one, and the
        columns fitted by ``table_fit.choose``, each as narrow as its wrapped lines, and the
        room that leaves given to the cells it unwraps most (``table_fit.widen``: at 120x36
        linear-layer's VJP took three lines beside six free cells). Before the panel is
        measured: everything.
        """
        every = list(range(len(self.labels)))
        if not self.size.width:
            return every, [UNMEASURED] * len(every), GAPS[0], MOST_LINES
        most = max(LEAST_LINES, min(MOST_LINES, (self.size.height - 1) // 2))
        fitted = self.fit_in(self.size.width, most)
        if self.lines(fitted) > self.size.height:  # the rows overflow: a scrollbar shows
            fitted = self.fit_in(self.size.width - SCROLLBAR, most)
        return fitted

    def fit_in(self, room: int, most: int) -> tuple[list[int], list[int], int, int]:
        """``fit_columns`` in ``room`` cells."""
        every = list(range(len(self.labels)))
        if sum(self.stats.natural) + GAPS[0] * len(every) <= room:
            return every, list(self.stats.natural), GAPS[0], most
        keep, widths = choose(self.stats, room, GAPS[1], most, self.redundant)
        widths = [self.tight(i, w, most) for i, w in zip(keep, widths, strict=True)]
        spare = room - GAPS[1] * len(keep) - sum(widths)
        rows = [[texts[i] for i in keep] for texts in self.texts]
        natural = [self.stats.natural[i] for i in keep]
        return keep, widen(rows, widths, natural, spare, most), GAPS[1], most

    def lines(self, fitted: tuple[list[int], list[int], int, int]) -> int:
        """The lines the table takes with ``fitted`` columns: the header and every row."""
        keep, widths, _, most = fitted
        shown = list(zip(keep, widths, strict=True))
        return 1 + sum(
            max(len(cell_lines(texts[i], width, most)) for i, width in shown)
            for texts in self.texts
        )

    def tight(self, column: int, width: int, most: int) -> int:
        """The widest line column ``column``'s label and texts take, wrapped to ``width``."""
        lines = (n for t in self.texts for n in map(len, cell_lines(t[column], width, most)))
        return max(len(self.labels[column]), *lines, 1)

    def show_hidden(self) -> None:
        """The caption: the note, and the columns hidden for lack of room if any."""
        hidden = [label for i, label in enumerate(self.labels) if i not in self.keep]
        if not hidden:
            self.border_subtitle = self.note
            return
        said = f"hidden: {', '.join(hidden)}"
        both = f"{self.note}; {said}"
        self.border_subtitle = both if len(both) + 6 <= self.size.width else said
