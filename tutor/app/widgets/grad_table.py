"""The Deep Learning book's table, gaining rows as nodes are answered."""

from __future__ import annotations

from textual.widgets import DataTable

from tutor.hints import table_rows
from tutor.session import Session

COLUMNS = ("V", "C", "op", "dC/dV", "inputs", "contribution", "G")


class GradTable(DataTable):
    """Rows ``V, C, op, dC/dV, inputs, contribution, G`` for every answered node."""

    def __init__(self, session: Session, **kwargs) -> None:
        super().__init__(zebra_stripes=True, cursor_type="row", **kwargs)
        self.session = session
        self.shown: list[str] = []
        """The nodes whose rows are in the table, in order."""

    def on_mount(self) -> None:
        """Add the columns and the rows already known (a resumed lesson)."""
        self.add_columns(*COLUMNS)
        self.sync()

    def sync(self) -> None:
        """Show the rows of every known node, in the order they became known."""
        known = list(self.session.known)  # answered and filled-in nodes, in the order known
        if known[: len(self.shown)] != self.shown:
            self.clear()
            self.shown = []
        for name in known[len(self.shown) :]:
            self.add_node(name)
            self.shown.append(name)

    def add_node(self, name: str) -> None:
        """Append the rows of node ``name`` and scroll to them."""
        for row in table_rows(self.session.graph, name):
            self.add_row(row.V, row.C, row.op, row.dCdV, row.inputs, row.contribution, row.G)
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)
