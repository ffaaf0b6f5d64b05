"""``SessionPanel``: a panel drawn from the session, once when made and again on ``show``."""

from __future__ import annotations

from rich.console import RenderableType
from textual import events
from textual.widgets import Static

from tutor.session import Session


class SessionPanel(Static):
    """A ``Static`` whose content is ``make_content()`` of the session it was given.

    ``room`` is its content width once laid out (0 before), so a panel can fit its lines to
    it; the panel is drawn again when that width changes.
    """

    room = 0
    """The panel's content width, once laid out (0 before: nothing is fitted)."""

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        self.session = session
        super().__init__(self.make_content(), id=id)

    def show(self) -> None:
        """Redraw from the session."""
        self.update(self.make_content())

    def make_content(self) -> RenderableType:
        """What the panel shows now (each panel writes its own)."""
        raise NotImplementedError

    def on_resize(self, event: events.Resize) -> None:
        """Draw again, fitted to the new width."""
        if self.content_size.width != self.room:
            self.room = self.content_size.width
            self.show()
