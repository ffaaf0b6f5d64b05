"""A light footer: the screen's keys on one line, drawn once, clickable.

Textual's ``Footer`` rebuilds a widget per key whenever focus moves, which was the
largest single cost of opening a lesson; the lesson screen's keys never change, so one
``Static`` does the same job.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widgets import Static

from tutor.app.keys import SPELLED

#: A key drawn in the bar: its first and past-last cell, and the action a click runs.
Span = tuple[int, int, str]


def key_label(key: str) -> str:
    """``ctrl+t`` -> ``^t``, ``f1`` -> ``F1``, ``escape`` -> ``Esc``: as the help writes keys."""
    first = key.split(",")[0]
    if first.startswith("ctrl+"):
        return "^" + first[5:]
    if first in SPELLED:
        return SPELLED[first]
    return first.upper() if re.fullmatch(r"f\d+", first) else first


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
        self.key_style = "bold $footer-key-foreground"
        text, self.spans = self.text_for(None)
        """Where each key drawn is, for clicks: (start, end, action), set when drawn."""
        super().__init__(text, id=id)

    def text_for(self, width: int | None) -> tuple[Text, list[Span]]:
        """The keys that fit in ``width`` cells whole (None: every key), and their spans.

        It only computes; ``draw`` shows the text and keeps its spans for clicks.

        The first keys are the essential ones (hint, reveal, help, quit); a key that does
        not fit is left out rather than cut ("^p Pal"), and F1's help lists every key.
        """
        text = Text(no_wrap=True, overflow="crop")
        spans: list[Span] = []
        for b in self.bindings:
            entry = f" {key_label(b.key)} {b.description} "
            if width is not None and len(text) + len(entry.rstrip()) > width:
                break
            start = len(text)
            text.append(f" {key_label(b.key)}", self.key_style)
            text.append(f" {b.description} ")
            spans.append((start, len(text), b.action))
        return text, spans

    def draw(self, width: int | None) -> None:
        """Show the keys that fit ``width`` and click where they are shown."""
        text, self.spans = self.text_for(width)
        self.update(text)

    def on_mount(self) -> None:
        """Use the theme's key colour (markup styles need the app's variables)."""
        self.key_style = "bold " + (
            self.app.theme_variables.get("footer-key-foreground", "") or "bold"
        )
        self.draw(self.size.width or None)

    def on_resize(self, event: events.Resize) -> None:
        """Show the keys that fit the new width whole."""
        self.draw(event.size.width)

    async def on_click(self, event: events.Click) -> None:
        """Run the action of the key under the mouse."""
        for start, end, action in self.spans:
            if start <= event.x < end:
                await self.screen.run_action(action)
                return
