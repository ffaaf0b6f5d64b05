"""A light footer: the screen's keys on one line, drawn once, clickable.

Textual's ``Footer`` rebuilds a widget per key whenever focus moves, which was the
largest single cost of opening a lesson; the lesson screen's keys never change, so one
``Static`` does the same job.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widgets import Static


def key_label(key: str) -> str:
    """``ctrl+t`` -> ``^t``, ``f1`` -> ``F1``."""
    first = key.split(",")[0]
    return "^" + first[5:] if first.startswith("ctrl+") else first.upper()


class KeyBar(Static):
    """``^t Hint  ^r Reveal ...`` for the given bindings; a click runs the action."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self, bindings: list[Binding], *, id: str | None = None) -> None:
        self.bindings = [b for b in bindings if b.show]
        self.spans: list[tuple[int, int, str]] = []
        text = Text(no_wrap=True, overflow="ellipsis")
        for b in self.bindings:
            start = len(text)
            text.append(f" {key_label(b.key)}", "bold $footer-key-foreground")
            text.append(f" {b.description} ")
            self.spans.append((start, len(text), b.action))
        super().__init__(text, id=id)

    def on_mount(self) -> None:
        """Use the theme's key colour (markup styles need the app's variables)."""
        key_style = self.app.theme_variables.get("footer-key-foreground", "") or "bold"
        text = Text(no_wrap=True, overflow="ellipsis")
        for b in self.bindings:
            text.append(f" {key_label(b.key)}", f"bold {key_style}")
            text.append(f" {b.description} ")
        self.update(text)

    async def on_click(self, event: events.Click) -> None:
        """Run the action of the key under the mouse."""
        for start, end, action in self.spans:
            if start <= event.x < end:
                await self.screen.run_action(action)
                return
