"""The feedback log: what was said, wrapped to the log's width, wrapped again on a resize.

A ``RichLog`` wraps each line once, at the width it has when written: the first lines,
written while the screen still had its first layout, stayed ~8 columns short of their
panel for good. This log keeps what it was given (the last ``KEPT`` writes) and writes it
all again when its width changes. Plain text wraps with ``Unbroken`` (never inside
brackets: a shape stays on one line).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from rich.console import RenderableType
from rich.panel import Panel
from rich.text import Text
from textual import events
from textual.widgets import RichLog

from tutor.app.widgets.unbroken import Unbroken
from tutor.safe_text import one_line, visible

if TYPE_CHECKING:
    from tutor.teach.hints import Hint

#: The writes kept for wrapping again (older ones scroll out of the log).
KEPT = 300


class FeedbackLog(RichLog):
    """The feedback panel's log."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            id=id, wrap=True, markup=False, auto_scroll=True, min_width=10, max_lines=4 * KEPT
        )
        self.written: list[object] = []
        """What was written, oldest first (at most ``KEPT``)."""
        self.drawn_width = 0
        """The width the lines were wrapped at (0: not yet)."""

    def write_hint(self, hint: Hint) -> None:
        """One hint tier in a panel: its text as Markdown (a generated tier keeps its lines)."""
        from tutor.lesson.markdown import render  # not for the first screen (render_cache)

        text = render(visible(hint.text), breaks=hint.kind != "lesson")
        self.write(Panel(text, title=Text(one_line(hint.title)), border_style="cyan"))

    def write(
        self,
        content: RenderableType | object,
        width: int | None = None,
        expand: bool = False,
        shrink: bool = True,
        scroll_end: bool | None = None,
        animate: bool = False,
    ) -> Self:
        """Add ``content`` at the bottom (a ``Text`` wraps outside brackets only).

        Lines are wrapped to the log's width: ``width``, ``expand`` and ``shrink`` are
        RichLog's and ignored here.
        """
        item = Unbroken(content) if isinstance(content, Text) else content
        self.written.append(item)
        del self.written[:-KEPT]
        if self.drawn_width:
            super().write(item, scroll_end=scroll_end, animate=animate)
        return self

    def on_resize(self, event: events.Resize) -> None:
        """A new width: wrap everything again (the first size: wrap it for the first time)."""
        width = event.size.width
        if not width or width == self.drawn_width:
            return
        self.drawn_width = width
        self._size_known = True  # RichLog would replay its own deferred writes: none here
        self.clear()
        for item in self.written:
            super().write(item, scroll_end=True)
