"""The lesson graph as a Textual ``Tree``: the output at the root, operands as children.

A node used in several places is expanded once; every other place shows a one-line
reference marked as shared, so heavy reuse never grows an exponential tree. Rows are
updated in place when gradients become known; the tree is never rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tutor.engine import fmt
from tutor.graph import CONST, INPUT
from tutor.session import GIVEN, REVEALED, Session

#: Widest "name = formula" column before it is cut.
MAX_LABEL = 26
#: Columns each tree level indents by, and the width of the expand icon.
INDENT, ICON = 3, 2
#: Rows down to this depth line their data columns up; deeper rows just follow on.
ALIGN_DEPTH = 6
#: Branches deeper than this continue as a new section under the root, so the tree stays
#: shallow enough to draw (Textual lays tree lines out recursively) and to read.
MAX_TREE_DEPTH = 24


@dataclass(frozen=True, slots=True)
class Place:
    """What a tree row stands for."""

    name: str
    """The graph node."""
    reference: bool
    """True for a shared node's extra appearances (a one-line reference)."""
    depth: int = 0
    """Depth in the tree (the root is 0)."""
    leaf: bool = False
    """Drawn without an expand icon."""
    continued: bool = False
    """A reference to a deep branch that is laid out again as a section under the root."""


class GraphTree(Tree[Place]):
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

    def __init__(self, session: Session, **kwargs) -> None:
        graph = session.graph
        super().__init__(graph.output, data=Place(graph.output, False), **kwargs)
        self.session = session
        self.guide_depth = 3
        self.auto_expand = False
        self.rows: dict[str, list[TreeNode[Place]]] = {}
        self.width_label = min(MAX_LABEL, max(len(self._head(n)) for n in graph.nodes))
        self.tag_width = max((len(self._tag(n)) for n in graph.nodes), default=0)
        self.compact = False
        self._drawn: dict[str, tuple[object, ...]] = {}
        """Each node's state when its rows were last drawn (see ``sync``)."""
        self._followed: str | None = None
        """The current node the cursor was last moved to."""
        self._lay_out()

    def _head(self, name: str) -> str:
        """``L = d * f`` for an operation, the name for an input, the number for a constant."""
        node = self.session.graph.nodes[name]
        if node.kind == CONST:
            return f"{fmt(node.value)} (const)"
        if node.kind == INPUT:
            return name
        return f"{name} = {node.formula}"

    def _tag(self, name: str) -> str:
        """`` ×2`` after a node used more than once (one edge per use), else ``""``."""
        uses = sum(self.session.graph.nodes[name].uses.values())
        return f" ×{uses}" if uses > 1 else ""

    def _lay_out(self) -> None:
        """Lay the graph out once, expanding each node at its first appearance only."""
        graph = self.session.graph
        self.root.data = Place(graph.output, False, 0, False)
        self.align_depth = 0
        self.rows[graph.output] = [self.root]
        placed = {graph.output}
        sections: list[tuple[TreeNode[Place], str, int]] = [(self.root, graph.output, 0)]
        while sections:
            stack = [sections.pop(0)]
            while stack:
                parent, name, depth = stack.pop()
                pending: list[tuple[TreeNode[Place], str, int]] = []
                depth += 1
                for child in graph.nodes[name].inputs:
                    shared = child in placed
                    placed.add(child)
                    leaf = shared or not graph.nodes[child].inputs
                    self.align_depth = max(self.align_depth, min(depth, ALIGN_DEPTH))
                    if not leaf and depth > MAX_TREE_DEPTH:
                        row = parent.add_leaf("", data=Place(child, True, depth, True, True))
                        section = self.root.add("", data=Place(child, False, 1, False), expand=True)
                        self.rows.setdefault(child, []).extend([section, row])
                        sections.append((section, child, 1))
                        continue
                    if leaf:
                        row = parent.add_leaf("", data=Place(child, shared, depth, True))
                    else:
                        row = parent.add("", data=Place(child, False, depth, False), expand=True)
                        pending.append((row, child, depth))
                    self.rows.setdefault(child, []).append(row)
                stack.extend(reversed(pending))
        self.root.expand()
        for name in self.rows:
            self.refresh_node(name)

    def label_for(self, place: Place) -> Text:
        """The row text: ``L = d * f   data -8.0000   grad ?``, styled by kind and state."""
        s = self.session
        node = s.graph.nodes[place.name]
        head = self._head(place.name)
        if len(head) > self.width_label:
            head = head[: self.width_label - 1] + "…"
        kind_style = {INPUT: "bold cyan", CONST: "dim"}.get(node.kind, "bold")
        text = Text()
        if place.reference:
            text.append("↪ ", "magenta")
            text.append(place.name, kind_style)
            note = "  continued below" if place.continued else "  shared, expanded above"
            text.append(note, "magenta dim")
            return text
        current = s.current == place.name
        text.append("▶ " if current else "  ", "bold yellow")
        pad = self.width_label + INDENT * (self.align_depth - min(place.depth, self.align_depth))
        pad += (ICON if place.leaf else 0) + self.tag_width
        tag = self._tag(place.name)
        text.append(head, "bold yellow" if current else kind_style)
        text.append(tag, "magenta")
        if self.compact:  # gradient first, so a narrow panel cuts the value, not the answer
            text.append("  ")
            self._append_grad(text, place.name, 0)
            text.append(f"  {node.value:.4f}", "dim")
            return text
        text.append(" " * max(0, pad - len(head + tag)))
        text.append(f" data {node.value:>8.4f}", "dim" if node.kind == CONST else "")
        if node.kind != CONST:
            text.append("  grad ")
            self._append_grad(text, place.name, 8)
        return text

    def _append_grad(self, text: Text, name: str, width: int) -> None:
        """The gradient if known (coloured by how it became known), else a ``?``."""
        s = self.session
        if s.graph.nodes[name].kind == CONST:
            return
        if name in s.known:
            style = {REVEALED: "yellow", GIVEN: "blue"}.get(s.status.get(name) or "", "green")
            text.append(f"{s.known[name]:>{width}.4f}", style)
        elif name in s.reach:
            text.append("?".rjust(width), "bold" if s.is_ready(name) else "dim")

    def row_width(self) -> int:
        """Columns the widest full row needs (guides, head, data and grad with their words)."""
        deepest = max(
            (r.data.depth for rows in self.rows.values() for r in rows if r.data), default=0
        )
        head = self.width_label + self.tag_width + INDENT * max(deepest, self.align_depth)
        return 2 + ICON + head + 14 + 15 + 2

    def on_resize(self) -> None:
        """Drop the words 'data' and 'grad' when the full rows would not fit."""
        compact = self.size.width < self.row_width()
        if compact != self.compact:
            self.compact = compact
            self.border_subtitle = "gradient · value" if compact else ""
            for name in self.rows:
                self.refresh_node(name)

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
        current = self._followed = self.session.current
        rows = self.rows.get(current or "", [])
        if rows:
            self.move_cursor(rows[0])

    def on_tree_node_selected(self, event: Tree.NodeSelected[Place]) -> None:
        """Turn a row selection into ``NodePicked``."""
        event.stop()
        if event.node.data is not None:
            self.post_message(self.NodePicked(self, event.node.data.name))
