"""The graph tree's columns, fitted to a width (plain Python, no Textual).

A row is ``▶ L = d * f (2 uses)  data  grad`` after its tree guides. The node text takes
what the data and grad columns leave; rows down to ``align_depth`` line their columns up
under the heading, deeper rows give their indent back from the node text.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from tutor.app.widgets.tree_cells import data_text, grad_text, node_head, uses_tag
from tutor.app.widgets.tree_plan import MAX_TREE_DEPTH, MIN_SECTION_DEPTH
from tutor.graph.build import CONST
from tutor.graph.model import Graph

#: The node column's width before the panel is measured.
MAX_LABEL = 26
#: The node column gives way to a narrow panel down to this, after the aligned depth has.
MIN_LABEL = 12
#: Then down to this, so the grad column stays in view (the question shows the formula
#: whole); only a panel narrower still scrolls sideways.
NARROW_LABEL = 6
#: A row deeper than the aligned depth keeps at least this much of its node text.
MIN_ROOM = 4
#: Columns each tree level indents by, and the width of the expand icon.
INDENT, ICON = 3, 2
#: A panel too narrow for rows ``MIN_SECTION_DEPTH + 1`` deep (60x18) packs them: levels
#: indent by 2, one space between columns, no ``▶`` (the current node's colour and the
#: cursor mark it) and sections a level deep; (indent, gap, marker) each way.
SPACED, PACKED = (INDENT, 2, 2), (2, 1, 0)
#: A reference row's note, longest first: the longest that fits the row is shown.
CONTINUED = ("  continued below", "  below")
SHARED = ("  shared, expanded above", "  shared, above", "  shared")
#: Rows down to this depth line their data columns up; deeper rows just follow on.
ALIGN_DEPTH = 6
#: A narrow panel starts sections (``tree_plan``) where a row would keep less node text.
READABLE = 20


class TreeColumns:
    """The widths of a tree's columns and its spacing, fitted by ``space`` and ``columns``."""

    deepest: int
    """The deepest row of the tree as planned now (set by the tree)."""
    need: int
    """The narrowest panel whose rows fit spaced (set by the tree, once planned)."""

    def start_columns(self, graph: Graph[Any]) -> None:
        """The natural widths of ``graph``'s texts, spaced out (before any width is known)."""
        self.indent, self.gap, self.mark = SPACED
        """Cells per tree level, between columns, and for the ``▶`` (``SPACED``/``PACKED``)."""
        self.align_depth = ALIGN_DEPTH
        """Rows down to this depth line their columns up under the heading."""
        self.natural_label = max(len(node_head(graph, n)) for n in graph.nodes)
        """The widest node text: shown whole when the panel has room."""
        self.natural_tagged = max(
            len(node_head(graph, n) + uses_tag(graph, n)) for n in graph.nodes
        )
        """The widest node text with its tag (for tags in the node text)."""
        self.width_label = min(MAX_LABEL, self.natural_label)
        """The node column's width (longer node texts end in an ellipsis)."""
        self.natural_tag = max((len(uses_tag(graph, n)) for n in graph.nodes), default=0)
        """The widest `` (2 uses)`` tag."""
        self.tag_width = self.natural_tag
        """The tag column's width: 0 when a narrow panel puts each tag in its node text."""
        self.data_width = max(4, *(len(data_text(graph, n)) for n in graph.nodes))
        """The data column's width."""
        self.grad_width = max(
            4,
            *(len(grad_text(n.grad)) for n in graph.nodes.values() if n.kind != CONST),
        )
        """The grad column's width (every gradient is computed already: its width is known)."""

    def _spaced_need(self) -> int:
        """The width rows ``MIN_SECTION_DEPTH + 1`` deep need, spaced, with a short text."""
        indent, gap, mark = SPACED
        fixed = mark + ICON + gap + self.data_width + gap + self.grad_width
        depth = min(self.deepest, MIN_SECTION_DEPTH + 1)
        return fixed + indent * depth + min(self.natural_label, NARROW_LABEL)

    def space(self, width: int) -> bool:
        """Space the rows out, or pack them narrower than ``need``; True if that changed."""
        spacing = PACKED if width < self.need else SPACED
        if spacing == (self.indent, self.gap, self.mark):
            return False
        self.indent, self.gap, self.mark = spacing
        return True

    def columns(self, width: int) -> None:
        """Fit the columns to ``width`` cells: the node text whole when there is room.

        Rows down to ``align_depth`` line their data and grad up under the heading; the
        node text (down to ``MIN_LABEL``), the depth aligned, then the node text again
        (down to ``NARROW_LABEL``) give way, in that order, to a narrow panel.
        """
        self.tag_width = self.natural_tag
        self._fit(width)
        if self.tag_width and self.width_label < min(self.natural_label, MIN_LABEL):
            self.tag_width = 0  # too narrow for a column of tags: each goes in its node text
            self._fit(width)

    def _fit(self, width: int) -> None:
        """``columns`` with the tag column as it is."""
        fixed = self.mark + ICON + self.tag_width + self._columns_after
        natural = self.natural_label if self.tag_width else self.natural_tagged
        least = min(natural, MIN_LABEL)
        # the deepest rows aligned that leave the node text whole, but at least ALIGN_DEPTH
        depth = min(self.deepest, max(ALIGN_DEPTH, (width - fixed - natural) // self.indent))
        # then the node text gives way, down to MIN_LABEL; then the depth, down to 1
        depth = min(depth, max(1, (width - fixed - least) // self.indent))
        self.align_depth = max(0, min(depth, self.deepest))
        label = width - fixed - self.indent * self.align_depth
        floor = NARROW_LABEL if self.mark else MIN_ROOM  # packed: every cell counts
        self.width_label = max(min(natural, floor), min(natural, label))

    @property
    def node_end(self) -> int:
        """The cells up to the end of an aligned row's node text and its tag column."""
        return self.indent * self.align_depth + ICON + self.mark + self.width_label + self.tag_width

    @property
    def _columns_after(self) -> int:
        """The cells after the node text: the gaps, the data and the grad."""
        return self.gap + self.data_width + self.gap + self.grad_width

    def heading(self) -> Text:
        """``node ... data  grad`` over the columns of the rows."""
        data_at = self.node_end + self.gap
        text = Text("node".ljust(data_at) + "data".rjust(self.data_width), "bold")
        text.append(" " * self.gap + "grad".rjust(self.grad_width), "bold")
        return text

    def section_depth(self, width: int) -> int:
        """How deep a section may go in ``width`` cells: each row keeps ``READABLE`` cells.

        (Guides took a narrow panel's width: lstm-step at 80x24 showed 'a…' for 'a = a_3 + b'.)
        """
        fixed = self.mark + ICON + self._columns_after
        # a column of tags if it leaves the room, else each tag in its node text (columns)
        least = MIN_SECTION_DEPTH if self.mark else 1  # packed rows: sections a level deep
        depth = (
            width - fixed - self.natural_tag - min(READABLE, self.natural_label)
        ) // self.indent
        if depth - 1 < least:
            depth = (width - fixed - min(READABLE, self.natural_tagged)) // self.indent
        # the section's leaves and references sit one deeper than it
        return max(least, min(MAX_TREE_DEPTH, depth - 1))
