"""The lesson graph as a Textual ``Tree``: the output at the root, operands as children.

A node used in several places is expanded once; every other place shows a one-line
reference marked as shared, so heavy reuse never grows an exponential tree. Rows are
updated in place when gradients become known; the tree is laid out again only when a
new width changes how deep its sections go (``tree_plan``: names read whole).

The layout is planned for the whole graph up front (cheap, plain Python), but tree rows
are made lazily: the first ``EAGER_ROWS`` rows (every row of a small lesson) are built
and expanded at once; deeper nodes start collapsed and get their rows when expanded, or
when they become the current node: a 5,000-node lesson opens with a few hundred rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from rich.text import Text
from textual.message import Message
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from tutor.app.widgets.tree_cells import data_text, grad_cell, node_head, uses_tag
from tutor.app.widgets.tree_columns import (
    ALIGN_DEPTH,
    CONTINUED,
    ICON,
    MIN_ROOM,
    SHARED,
    TreeColumns,
)
from tutor.app.widgets.tree_plan import MAX_TREE_DEPTH, Place, plan_tree
from tutor.graph.build import CONST, INPUT
from tutor.session import Session

#: Rows built (and expanded) when the tree is made; the rest are built on demand.
EAGER_ROWS = 400


class GraphTree(TreeColumns, Tree[Place]):
    """The computation graph, drawn from the output back to the inputs."""

    @dataclass
    class NodePicked(Message):
        """The learner picked a node (Enter or a click)."""

        tree: GraphTree
        """The tree it was picked in."""
        name: str
        """The node picked."""

        @property
        def control(self) -> GraphTree:
            """The tree (lets ``@on(..., "#graph")`` match)."""
            return self.tree

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        graph = session.graph
        super().__init__(graph.output, data=Place(graph.output, False), id=id)
        self.session = session
        self.asked = frozenset(session.asked)
        """The nodes the lesson asks (only theirs have a ``?``: ``grad_cell``)."""
        self.on_the_way = session.graph.on_the_way()  # the backward table's rule too
        """The asked nodes and those their gradients come through (only theirs show a
        gradient the tutor filled in; the backward table's rows are theirs too)."""
        self.start_columns(graph)
        self.auto_expand = False
        self.rows: dict[str, list[TreeNode[Place]]] = {}
        """The rows built so far of each node (its home row and its references)."""
        self.plan: dict[str, list[Place]] = {}
        """The child rows of each node that is expanded somewhere (built or not)."""
        self._home_parent: dict[str, str] = {}
        """The node under which each node's home row (its expanded appearance) sits."""
        self._home: dict[str, TreeNode[Place]] = {}
        """The home rows built so far."""
        self.heading_widget: Static | None = None
        """The line over the tree that names the columns (set by the screen)."""
        self._drawn: dict[str, tuple[object, ...]] = {}
        """Each node's state when its rows were last drawn (see ``sync``)."""
        self._followed: str | None = None
        """The current node the cursor was last moved to."""
        self.max_depth = MAX_TREE_DEPTH
        """How deep a section goes before its branches continue under the root."""
        self.branch_depth = MAX_TREE_DEPTH
        """The deepest row with rows under it, laid out whole (no section depth past it
        changes the tree)."""
        self._lay_out()
        self.need = self._spaced_need()
        """The narrowest panel whose rows fit spaced (else they are ``PACKED``)."""
        self.guide_depth = self.indent

    def _lay_out(self) -> None:
        """Plan the tree in sections at most ``max_depth`` deep (``tree_plan``); build the top."""
        planned = plan_tree(self.session.graph, self.max_depth)
        out = self.session.graph.output
        self.root.data = planned.root
        self.plan, self._home_parent = planned.kids, planned.home_parent
        self.deepest = planned.deepest
        if not planned.cut:  # the whole tree's (a cut plan's is its own: 60x18's is 1)
            self.branch_depth = planned.branch_depth
        self.align_depth = min(self.deepest, ALIGN_DEPTH)
        self._home[out] = self.root
        self.rows[out] = [self.root]
        self.root.set_label(self.label_for(self.root.data))
        self._build_eagerly()

    def replan(self, max_depth: int) -> bool:
        """Lay the tree out again in sections ``max_depth`` deep, if that changes it."""
        if min(max_depth, self.branch_depth) == min(self.max_depth, self.branch_depth):
            self.max_depth = max_depth
            return False
        self.max_depth = max_depth
        self.clear()
        self.rows, self._home, self._drawn = {}, {}, {}
        self._followed = None
        self._lay_out()
        return True

    def _build_eagerly(self) -> None:
        """Open rows in display order (depth first) until ``EAGER_ROWS`` rows are shown.

        Rows made but further down (e.g. the root's later sections) do not count: the first
        branch opens as deep as it would with every row built.
        """
        shown = 0
        stack = [self.root]
        while stack and shown < EAGER_ROWS:
            row = stack.pop()
            shown += 1
            if row.allow_expand:
                self._build_children(row)
                row.expand()
                stack.extend(reversed(row.children))

    def _build_children(self, row: TreeNode[Place]) -> int:
        """Add the planned child rows under ``row`` (once); return how many were added."""
        place = row.data
        if place is None or place.reference or row.children:
            return 0
        kids = self.plan.get(place.name, [])
        for kid in kids:
            label = self.label_for(kid)
            if kid.leaf:
                child = row.add_leaf(label, data=kid)
            else:
                child = row.add(label, data=kid)
            if not kid.reference:
                self._home.setdefault(kid.name, child)
            self.rows.setdefault(kid.name, []).append(child)
        return len(kids)

    def home_row(self, name: str) -> TreeNode[Place] | None:
        """The row where ``name`` is expanded (or first shown), built and opened up to."""
        if name in self._home:
            return self._home[name]
        parent = self._home_parent.get(name)
        if parent is None:
            return None  # not in the tree (does not feed the output)
        above = self.home_row(parent)
        if above is None:
            return None
        self._build_children(above)
        above.expand()
        return self._home.get(name)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Place]) -> None:
        """Build a lazily planned row's children when it is first expanded."""
        self._build_children(event.node)

    def get_label_width(self, node: TreeNode[Place]) -> int:
        """Width of a row's icon and label, without rendering it (Textual asks every row)."""
        icon = len(self.ICON_NODE) if node.allow_expand else 0
        # Textual types TreeNode.label as str | Text; the setter always stores Text
        return icon + cast(Text, node.label).cell_len

    def _reference(self, place: Place, style: str) -> Text:
        """``↪ e  continued below`` (``shared, expanded above``), as much as fits the row.

        The note shortens, then goes; then the name is cut.
        """
        room = self.node_end + self._columns_after - self.indent * place.depth - 2
        name = place.name
        notes = CONTINUED if place.continued else SHARED
        note = next((n for n in notes if len(name + n) <= room), "")
        if len(name) > room:
            name = name[: max(1, room - 1)] + "…"
        text = Text()
        text.append("↪ ", "magenta")
        text.append(name, style)
        text.append(note, "magenta dim")
        return text

    def label_for(self, place: Place) -> Text:
        """The row: ``L = d * f`` then its data and grad under the heading, styled by state."""
        s = self.session
        graph = s.graph
        node = graph.nodes[place.name]
        # rows deeper than the aligned depth give their extra indent back from the node text,
        # so every row's data and grad stay under the heading; a shallower row's text takes
        # the indent it does not use, a leaf's the icon it lacks, a row's the tag column
        room = self.width_label - self.indent * max(0, place.depth - self.align_depth)
        room = max(room + (ICON if place.leaf else 0), MIN_ROOM)
        room += self.indent * (self.align_depth - min(place.depth, self.align_depth))
        room += self.tag_width
        data = data_text(graph, place.name)
        room += self.data_width - len(data)  # and a right-aligned value's blank cells
        head = node_head(graph, place.name)
        tag = uses_tag(graph, place.name)
        if len(head + tag) > room and len(place.name + tag) + 2 > room:
            tag = ""  # too narrow for both: the name whole (the question lists the uses)
        avail = room - len(tag)
        if len(head) > avail and node.kind == CONST:
            head = node.label  # "2", not "2 (…": the style says it is a constant
        if len(head) > avail:
            head = head[: max(1, avail - 1)] + "…"
        kind_style = {INPUT: "bold cyan", CONST: "dim"}.get(node.kind, "bold")
        text = Text()
        if place.reference:
            return self._reference(place, kind_style)
        current = s.current == place.name
        if self.mark:
            text.append("▶ " if current else "  ", "bold yellow")
        text.append(head, "bold yellow" if current else kind_style)
        text.append(tag, "magenta")
        gap = max(0, room - len(head + tag))
        lead = min(gap, self.data_width - len(data))  # the value's own blank cells
        text.append(" " * (gap - lead + self.gap))
        text.append(" " * lead + data, "dim")
        text.append(" " * self.gap)
        cell = grad_cell(self.session, place.name, self.asked, self.on_the_way)
        if cell is not None:
            text.append(cell[0].rjust(self.grad_width), cell[1])
        return text

    def on_resize(self) -> None:
        """Fit the sections and columns to the new width; redraw what moved."""
        before = (self.width_label, self.align_depth, self.tag_width)
        width = self.scrollable_content_region.width
        packed = self.space(width)
        self.guide_depth = self.indent
        replanned = self.replan(self.section_depth(width))
        self.columns(width)
        self.show_heading()
        if packed or replanned or (self.width_label, self.align_depth, self.tag_width) != before:
            for name in self.rows:
                self.refresh_node(name)
            self._invalidate()  # measure the rows again: a stale width scrolled sideways
        if replanned:
            self.show_current()
        row = self.home_row(self.session.current or "")
        if row is not None:
            self.show_grad_of(row)

    def watch_show_vertical_scrollbar(self) -> None:
        """Fit the columns again: the scrollbar took a column, or gave it back.

        (A row one cell too wide scrolled sideways: neuron-tanh at 80x24.)
        """
        self.on_resize()

    def show_heading(self) -> None:
        """Draw the heading, scrolled sideways with the rows."""
        if self.heading_widget is not None:
            self.heading_widget.update(self.heading()[int(self.scroll_x) :])

    def watch_scroll_x(self, old: float, new: float) -> None:
        """Keep the heading over its columns when the rows scroll sideways."""
        super().watch_scroll_x(old, new)
        self.show_heading()

    def _state(self, name: str) -> tuple[object, ...]:
        """What a node's rows show that can change: its status, current or not, ready or not."""
        s = self.session
        return (s.status.get(name), s.current == name, name in s.reach and s.is_ready(name))

    def sync(self) -> None:
        """Redraw the rows whose node changed state since drawn; follow a new current node."""
        for name in self.rows:
            if self._drawn.get(name) != self._state(name):
                self.refresh_node(name)
        if self.session.current != self._followed:
            self.show_current()

    def refresh_node(self, name: str) -> None:
        """Redraw every row of ``name`` (and nothing else)."""
        self._drawn[name] = self._state(name)
        for row in self.rows.get(name, ()):
            if row.data is not None:
                row.set_label(self.label_for(row.data))

    def show_current(self) -> None:
        """Scroll to the current node's row and put the cursor on it."""
        self._followed = self.session.current
        self.show_node(self.session.current or "")

    def show_node(self, name: str) -> None:
        """Build the rows down to ``name``'s home row, scroll to it and put the cursor on it."""
        row = self.home_row(name)
        if row is not None:
            self._tree_lines  # noqa: B018 (lay out rows just built or opened, so row has its line)
            self.move_cursor(row)
            self.show_grad_of(row)

    def show_grad_of(self, row: TreeNode[Place]) -> None:
        """Scroll sideways just enough that ``row``'s grad column is in view.

        A row deeper than the panel can align pushes its columns right; the current one is
        followed there (the heading scrolls with the rows), and back when it fits again.
        """
        depth = row.data.depth if row.data is not None else 0
        end = self.indent * depth + self.get_label_width(row)
        room = self.scrollable_content_region.width
        if room > 0:
            self.scroll_to(x=max(0, end - room), animate=False, force=True, immediate=True)

    def on_tree_node_selected(self, event: Tree.NodeSelected[Place]) -> None:
        """Turn a row selection into ``NodePicked``."""
        event.stop()
        if event.node.data is not None:
            self.post_message(self.NodePicked(self, event.node.data.name))
