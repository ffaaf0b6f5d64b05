"""A lesson's description, rendered from Markdown by ``tutor.lesson.markdown`` (maths intact).

The text is rendered after the first paint: markdown-it's import costs about 6% of the
launch, and the description is the least urgent panel of the first screen.
"""

from __future__ import annotations

from textual.widgets import Static


class Description(Static):
    """The lesson's description, rendered once, just after the screen first shows."""

    def __init__(self, source: str, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.source = source

    def on_mount(self) -> None:
        """Render once the first screen is painted."""
        self.call_after_refresh(self.show_source)

    def show_source(self) -> None:
        """Render the Markdown source into the widget."""
        from tutor.lesson.markdown import render

        self.update(render(self.source))
