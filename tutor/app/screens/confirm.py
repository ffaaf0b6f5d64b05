"""A yes/no question in a modal dialog."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from tutor.safe_text import visible


class ConfirmScreen(ModalScreen[bool]):
    """Ask a question; dismiss with True (yes) or False (no)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical(id="dialog"):
            yield Label(Text(visible(self.question)), id="question-text")
            with Horizontal(id="buttons"):
                yield Button("Yes (y)", variant="error", id="yes")
                yield Button("No (n)", variant="primary", id="no")

    def on_mount(self) -> None:
        """Focus 'No', the safe choice."""
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def yes(self) -> None:
        """Confirm."""
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def no(self) -> None:
        """Decline."""
        self.dismiss(False)

    def action_answer(self, value: bool) -> None:
        """Answer from the keyboard."""
        self.dismiss(value)
