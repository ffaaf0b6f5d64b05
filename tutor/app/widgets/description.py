"""A lesson's description, rendered from Markdown by ``tutor.lesson.markdown`` (maths intact).

The text is rendered when the widget is made, so the first layout of the screen already
holds it. Rendering it after the first paint (as this widget did) made the first frame
about 19 ms earlier but the settled screen later: the new text changed the panel's height,
and Textual laid the whole screen out again (about 16 ms). With the data folder's
``RenderCache``, a description shown before is read back rendered, without markdown-it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

if TYPE_CHECKING:
    from tutor.lesson.render_cache import RenderCache


class Description(Static):
    """The lesson's description, rendered once."""

    def __init__(
        self, source: str, *, cache: RenderCache | None = None, id: str | None = None
    ) -> None:
        if cache is not None:
            text = cache.render(source)
        else:
            from tutor.lesson.markdown import render  # markdown-it: only when a lesson shows

            text = render(source)
        super().__init__(text, id=id)
        self.source = source
