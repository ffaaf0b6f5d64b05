"""A rich table of plain text cells that prints in time linear in its cells.

``rich.table.Table`` measures and renders every cell as its own renderable (padding,
wrapping, cropping): about 0.3 ms a cell, so the 15,000-row backward table of a
5,000-node lesson took seconds. ``PlainTable`` prints the same characters (same widths,
borders, wrapping and styles) for the case ``solve`` needs, plain one-line text cells:

- the column widths come from rich itself, measured on a few representative rows (the
  widest cell and the longest word of each column), which is what rich's measurement of
  all rows comes to;
- the title, the header and its rule are rendered by rich, on an empty table with those
  widths;
- body rows are joined as strings (rich draws them unstyled); only a cell wider than its
  column is wrapped, by rich.

Anything else (a cell rich would change: control characters, tabs, newlines, or a rich
version without the measurement this relies on) prints through ``rich.table.Table``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

from rich.box import HEAVY_HEAD
from rich.cells import cell_len
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

Justify = Literal["left", "right"]


def _width(text: str) -> int:
    """Terminal cells ``text`` takes (``len`` for ASCII, the common and fast case)."""
    return len(text) if text.isascii() else cell_len(text)


class PlainTable:
    """A title, left- or right-justified columns and rows of plain strings, with sections.

    Prints exactly like ``rich_table()``: ``rich.table.Table(title=...,
    title_justify="left")`` with the same columns, and the rows as ``Text`` (printed
    literally). ``tests/test_solve.py`` compares the two.
    """

    def __init__(self, title: str) -> None:
        self.title = title
        self.headers: list[str] = []
        self.justify: list[Justify] = []
        self.rows: list[tuple[str, ...]] = []
        self.ends: list[bool] = []
        """Whether row i ends a section (a rule is drawn under it)."""

    def add_column(self, header: str, justify: Justify = "left") -> None:
        """Add a column."""
        self.headers.append(header)
        self.justify.append(justify)

    def add_row(self, *cells: str, end_section: bool = False) -> None:
        """Add a row of one string per column."""
        self.rows.append(tuple(cells))
        self.ends.append(end_section)

    def rich_table(self, rows: list[int] | None = None) -> Table:
        """The same table as a ``rich.table.Table`` (only rows ``rows``, when given).

        Cells are ``Text``, so they print literally on any console (no markup, no emoji).
        """
        table = Table(title=self.title, title_justify="left")
        for header, justify in zip(self.headers, self.justify, strict=True):
            table.add_column(header, justify=justify)
        for i in range(len(self.rows)) if rows is None else rows:
            table.add_row(*map(Text, self.rows[i]), end_section=self.ends[i])
        return table

    def _representative_rows(self) -> list[int]:
        """Rows holding each column's widest cell and longest word (what widths depend on)."""
        picks: set[int] = set()
        for col in range(len(self.headers)):
            cells = [row[col] for row in self.rows]
            sizes = [_width(cell) for cell in cells]
            picks.add(sizes.index(max(sizes)))
            words = [
                max(map(_width, cell.split()), default=0) if " " in cell else size
                for cell, size in zip(cells, sizes, strict=True)
            ]
            picks.add(words.index(max(words)))
        return sorted(picks)

    def _plain(self) -> bool:
        """Whether every cell is printable one-line text (which rich prints unchanged)."""
        return all(cell == "" or cell.isprintable() for row in self.rows for cell in row)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Render the table (see the module's docstring)."""
        proxy = self.rich_table(self._representative_rows() if self.rows else [])
        calculate = getattr(proxy, "_calculate_column_widths", None)
        if not self.headers or calculate is None or not self._plain():
            yield self.rich_table()
            return
        extra = 2 + len(self.headers) - 1  # the left and right edges and the dividers
        widths: list[int] = calculate(console, options.update_width(options.max_width - extra))
        head = Table(title=self.title, title_justify="left")
        for header, justify, width in zip(self.headers, self.justify, widths, strict=True):
            head.add_column(header, justify=justify, width=max(0, width - 2))
        head_lines = Segment.split_lines(console.render(head, options))
        *top, bottom = list(head_lines)
        for line in top:  # the title, the top edge, the header and its rule
            yield from line
            yield Segment.line()
        box = HEAVY_HEAD.substitute(options, safe=console.safe_box)
        rule = box.get_row(widths, "row", edge=True)
        last = len(self.rows) - 1
        for i, row in enumerate(self.rows):
            if i == last:
                left, divider, right = box.foot_left, box.foot_vertical, box.foot_right
            else:
                left, divider, right = box.mid_left, box.mid_vertical, box.mid_right
            for text in self._row_lines(console, options, row, widths, left, divider, right):
                yield Segment(text)
                yield Segment.line()
            if self.ends[i] and i != last:
                yield Segment(rule)
                yield Segment.line()
        yield from bottom  # rich's own bottom edge
        yield Segment.line()

    def _row_lines(
        self,
        console: Console,
        options: ConsoleOptions,
        row: tuple[str, ...],
        widths: list[int],
        left: str,
        divider: str,
        right: str,
    ) -> Iterator[str]:
        """The text lines of one row: one line, unless a cell is wrapped (by rich)."""
        cells: list[list[str]] = []
        for cell, justify, width in zip(row, self.justify, widths, strict=True):
            inner = width - 2
            size = _width(cell)
            if size <= inner:
                pad = " " * (inner - size)
                cells.append([f" {cell}{pad} " if justify == "left" else f" {pad}{cell} "])
                continue
            wrap = options.update(
                width=inner, justify=justify, no_wrap=False, overflow="ellipsis", height=None
            )
            lines = console.render_lines(Text(cell), wrap, pad=True)
            cells.append([" " + "".join(s.text for s in line) + " " for line in lines])
        height = max(len(c) for c in cells)
        for n in range(height):
            parts = [c[n] if n < len(c) else " " * w for c, w in zip(cells, widths, strict=True)]
            yield left + divider.join(parts) + right


class PlainLines:
    r"""Lines of plain text in one style, printed like ``Text("\n".join(lines), style)``.

    rich wraps a ``Text`` line by line; for lines that are printable and fit the width
    there is nothing to wrap, so they are printed as one segment (what rich prints too).
    """

    def __init__(self, lines: list[str], style: str = "") -> None:
        self.lines = lines
        self.style = style

    def rich_text(self) -> Text:
        """The same lines as a ``rich.text.Text``."""
        return Text("\n".join(self.lines), self.style)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Render the lines (through ``rich_text()`` when one would wrap or is not plain)."""
        width = options.max_width
        if all((line == "" or line.isprintable()) and _width(line) <= width for line in self.lines):
            yield Segment("\n".join(self.lines), console.get_style(self.style))
            yield Segment.line()
        else:
            yield self.rich_text()


def fill_backward(
    table: Any, rows: Sequence[Any], local: str, local_of: Callable[[Any], str]
) -> None:
    """Fill the DL book's backward table: V, C, op, the local column, inputs, contribution, G.

    ``local`` names the fourth column (``dC/dV`` for scalars, ``VJP`` for tensors) and
    ``local_of(row)`` gives its cell; G is shown once per V, on the last row of its section.
    """
    for column in ("V", "C", "op", local, "inputs", "contribution"):
        table.add_column(column)
    table.add_column("G", justify="right")
    for i, row in enumerate(rows):
        last = i + 1 == len(rows) or rows[i + 1].V != row.V
        cells = (row.V, row.C, row.op, local_of(row), row.inputs, row.contribution)
        table.add_row(*cells, row.G if last else "", end_section=last)
