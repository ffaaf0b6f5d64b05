"""The lesson graph drawn as micrograd's ``draw_dot`` draws it, updated as the learner goes.

One box per value, ``│ a │ data 2.0000 │ grad ? │`` (a tensor's: name, shape, norms), one
small node per operation, edges with arrowheads, left to right in layers; a value used
twice is one box with two edges. The layout is Graphviz's (``tutor.layout``), made once;
after that a redraw repaints only the boxes whose state changed (a gradient found, the
current node moved, a wrong try), so it stays cheap on big graphs. The current node's
box is framed heavy and yellow, and the view scrolls to follow it; a wrong try frames
its box red and marks its gradient ``✗``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip

from tutor.graph.build import CONST, INPUT
from tutor.layout import Layout, fields, op_text, record_fields
from tutor.layout_draw import Part, edge_canvas, record_lines
from tutor.session import GIVEN, REVEALED, RIGHT, Session

EDGE = Style(color="grey62")
PLAIN = Style()
#: A box's frame by the state of its node.
FRAMES = {
    "current": Style(color="yellow", bold=True),
    "wrong": Style(color="red", bold=True),
    RIGHT: Style(color="green"),
    REVEALED: Style(color="yellow"),
    GIVEN: Style(color="blue"),
    "ready": Style(color="white"),
    "waiting": Style(color="grey50"),
}
#: A found gradient's colour by how it became known (as in the tree).
GRADS: dict[str, Style] = {
    RIGHT: Style(color="green"),
    REVEALED: Style(color="yellow"),
    GIVEN: Style(color="blue"),
}
LABELS = {INPUT: Style(color="cyan", bold=True), CONST: Style(dim=True)}
OP = Style(color="magenta", bold=True)


class WholeCells(ScrollBarRender):
    """A scrollbar whose thumb is whole cells, coloured, with no glyph in it.

    Textual draws a thumb's ends with eighth-of-a-cell blocks; under the graph the end of
    the horizontal thumb read as a stray ``▌`` (the thumb itself is only a colour).
    """

    VERTICAL_BARS = [" "] * len(ScrollBarRender.VERTICAL_BARS)
    HORIZONTAL_BARS = [" "] * len(ScrollBarRender.HORIZONTAL_BARS)


@dataclass(frozen=True, slots=True)
class BoxState:
    """What a box shows that can change."""

    frame: str
    """Key of ``FRAMES``: current, wrong, a status, ready or waiting."""
    data: str
    """The value shown."""
    grad: str | None
    """The gradient shown (None: not found yet)."""
    wrong: bool
    """A wrong try was made here and the gradient is not found yet."""


class GraphView(ScrollView, can_focus=True):
    """The computation graph as boxes and arrows (scroll with the arrow keys or the mouse)."""

    @dataclass
    class NodePicked(Message):
        """The learner clicked a node's box."""

        view: GraphView
        """The view it was picked in."""
        name: str
        """The node picked."""

        @property
        def control(self) -> GraphView:
            """The view (lets ``@on(..., "#graphview")`` match)."""
            return self.view

    def __init__(
        self,
        session: Session,
        layout: Layout,
        *,
        id: str | None = None,
        data: dict[str, str] | None = None,
        fit: tuple[str, ...] = (),
    ) -> None:
        super().__init__(id=id)
        self.session = session
        self.picture = layout
        self.data: dict[str, str] = data or {}
        """Values shown instead of the graph's (a nudge shows ``old→new``)."""
        self.grads: dict[str, str] = {}
        """Gradients shown instead of the session's (the train view shows each step's)."""
        self.spec = fields(session.graph, (*self.data.values(), *fit))
        self._chars = edge_canvas(layout)
        self._styles = [[EDGE if c != " " else PLAIN for c in row] for row in self._chars]
        self._strips: dict[int, Strip] = {}
        self._drawn: dict[str, BoxState] = {}
        self._followed: str | None = None
        for box in layout.ops.values():
            self._put(box.x, box.y, op_text(session.graph.nodes[box.name]), OP)
        self.virtual_size = Size(layout.width, layout.height)

    # -- state --------------------------------------------------------------------------

    def state(self, name: str) -> BoxState:
        """What the box of ``name`` should show now."""
        s = self.session
        node = s.graph.nodes[name]
        brief = s.graph.kind.show_brief
        data = self.data.get(name) or brief(node.value)
        grad = self.grads.get(name) or (brief(s.known[name]) if name in s.known else None)
        wrong = grad is None and name in s.last_wrong
        status = s.status.get(name)
        if s.current == name:
            frame = "wrong" if wrong else "current"
        elif status is not None:
            frame = status
        elif wrong:
            frame = "wrong"
        else:
            frame = "ready" if name in s.reach and s.is_ready(name) else "waiting"
        return BoxState(frame, data, grad, wrong)

    def sync(self) -> None:
        """Repaint the boxes whose node changed since drawn; follow a new current node."""
        rows: set[int] = set()
        for box in self.picture.boxes.values():
            now = self.state(box.name)
            if self._drawn.get(box.name) != now:
                self._paint(box.name, now)
                rows.update(range(box.y, box.y + box.h))
        for row in rows:
            self._strips.pop(row, None)
        if rows:
            self.refresh()
        if self.session.current != self._followed:
            self.show_current()

    def _paint(self, name: str, state: BoxState) -> None:
        """Draw one box into the canvas."""
        node = self.session.graph.nodes[name]
        box = self.picture.boxes[f"v:{name}"]
        grad = "✗" if state.wrong else state.grad
        parts = record_fields(node, self.spec, state.data, grad)
        frame = FRAMES[state.frame]
        heavy = state.frame == "current" or (
            state.frame == "wrong" and self.session.current == name
        )
        for run in record_lines(box.x, box.y, parts, heavy):
            style = frame
            if run.part == Part.LABEL:
                style = frame if heavy else LABELS.get(node.kind, Style(bold=True))
            elif run.part == Part.GRAD:
                status = self.session.status.get(name)
                style = (
                    FRAMES["wrong"]
                    if state.wrong
                    else GRADS.get(status or "", Style(bold=True) if heavy else Style(dim=True))
                )
            elif run.part == Part.DATA:
                style = PLAIN
            self._put(run.col, run.row, run.text, style)
        self._drawn[name] = state

    def _put(self, col: int, row: int, text: str, style: Style) -> None:
        """Write ``text`` into the canvas at ``(col, row)`` (clipped to the canvas)."""
        line, styles = self._chars[row], self._styles[row]
        for i, ch in enumerate(text[: max(0, len(line) - col)]):
            line[col + i] = ch
            styles[col + i] = style

    # -- drawing ------------------------------------------------------------------------

    def on_mount(self) -> None:
        """Paint every box once; scrollbars of whole cells (``WholeCells``)."""
        # per instance, as ScrollBar.renderer's docstring shows (a ClassVar to mypy)
        self.horizontal_scrollbar.renderer = WholeCells  # type: ignore[misc]
        self.vertical_scrollbar.renderer = WholeCells  # type: ignore[misc]
        for box in self.picture.boxes.values():
            self._paint(box.name, self.state(box.name))

    def _strip(self, row: int) -> Strip:
        """One canvas row as a strip (cached until a box on it is repainted)."""
        strip = self._strips.get(row)
        if strip is None:
            chars, styles = self._chars[row], self._styles[row]
            segments: list[Segment] = []
            start = 0
            for i in range(1, len(chars) + 1):
                if i == len(chars) or styles[i] is not styles[start]:
                    segments.append(Segment("".join(chars[start:i]), styles[start]))
                    start = i
            strip = self._strips[row] = Strip(segments, len(chars))
        return strip

    def render_line(self, y: int) -> Strip:
        """The visible part of canvas row ``y`` (scrolled)."""
        x0, y0 = self.scroll_offset
        row = y + y0
        width = self.scrollable_content_region.width
        if row >= self.picture.height:
            return Strip.blank(width, self.rich_style)
        return self._strip(row).crop(x0, x0 + width).extend_cell_length(width, self.rich_style)

    def text(self) -> str:
        """The whole picture as plain text (rows without trailing blanks)."""
        return "\n".join("".join(row).rstrip() for row in self._chars)

    def box_text(self, name: str) -> str:
        """The middle row of ``name``'s box as plain text (``│ a │ data 2.0000 │ grad ? │``)."""
        box = self.picture.boxes[f"v:{name}"]
        return "".join(self._chars[box.y + 1][box.x : box.x + box.w])

    # -- following and picking ------------------------------------------------------------

    def box_region(self, name: str) -> Region | None:
        """The region of ``name``'s box in the canvas, if it has one."""
        box = self.picture.boxes.get(f"v:{name}")
        return None if box is None else Region(box.x, box.y, box.w, box.h)

    def show_current(self) -> None:
        """Scroll so the current node's box is in view (centred when it was not)."""
        self._followed = self.session.current
        region = self.box_region(self.session.current or "")
        if region is not None:  # the box's left end (its name) when it is wider than the view
            region = region._replace(width=min(region.width, self.scrollable_content_region.width))
            self.scroll_to_region(region, animate=False, immediate=True, force=True)

    def on_click(self, event: events.Click) -> None:
        """A click on a box picks its node."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        x0, y0 = self.scroll_offset
        name = self.picture.box_at(offset.x + x0, offset.y + y0)
        if name is not None:
            event.stop()
            self.post_message(self.NodePicked(self, name))


def graph_view(
    session: Session, data: dict[str, str] | None = None, fit: tuple[str, ...] = ()
) -> GraphView | str:
    """The graph view of the session, titled; or why it cannot be shown (then: the tree).

    ``data``: values to show instead of the graph's, by node (a nudge's ``old → new``);
    ``fit``: more texts the data and grad fields must have room for.
    """
    from tutor.layout import LayoutUnavailable, lay_out

    try:
        layout = lay_out(session.graph, fit=(*(data or {}).values(), *fit))
    except LayoutUnavailable as exc:
        return f"{exc}."
    view = GraphView(session, layout, id="graphview", data=data, fit=fit)
    view.border_title = "Graph (click a box to pick it; arrows scroll)"
    return view
