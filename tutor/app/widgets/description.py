"""A lesson's description, rendered from Markdown by ``tutor.lesson.markdown`` (maths intact).

The text is rendered when the widget is made, so the first layout of the screen already
holds it. Rendering it after the first paint (as this widget did) made the first frame
about 19 ms earlier but the settled screen later: the new text changed the panel's height,
and Textual laid the whole screen out again (about 16 ms).
"""

from __future__ import annotations

from textual.widgets import Static


class Description(Static):
    """The lesson's description, rendered once."""

    def __init__(self, source: str, *, id: str | None = None) -> None:
        from tutor.lesson.markdown import render  # markdown-it: only when a lesson shows

        super().__init__(render(source), id=id)
        self.source = source
