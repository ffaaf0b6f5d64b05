"""``SessionPanel``: a panel drawn from the session, once when made and again on ``show``."""

from __future__ import annotations

from rich.console import RenderableType
from textual.widgets import Static

from tutor.session import Session


class SessionPanel(Static):
    """A ``Static`` whose content is ``make_content()`` of the session it was given."""

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        self.session = session
        super().__init__(self.make_content(), id=id)

    def show(self) -> None:
        """Redraw from the session."""
        self.update(self.make_content())

    def make_content(self) -> RenderableType:
        """What the panel shows now (each panel writes its own)."""
        raise NotImplementedError
