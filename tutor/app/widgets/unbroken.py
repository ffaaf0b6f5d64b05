"""``Unbroken``: text that wraps at spaces outside brackets, so a shape never breaks.

Rich wraps at any space, and a narrow panel showed ``shape (3,`` over ``4)``. This
renderable wraps with ``fitting.breaks`` instead (a word that does not fit alone still
breaks at its inner spaces), and keeps the text's styles.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from tutor.app.fitting import breaks, phrases


class Unbroken:
    """``text`` wrapped to the width it is drawn at, never inside brackets."""

    def __init__(self, text: Text | str, style: str = "") -> None:
        self.text = text if isinstance(text, Text) else Text(text, style)
        """The text, with its styles."""

    @property
    def plain(self) -> str:
        """The text without styles."""
        return self.text.plain

    def __str__(self) -> str:
        """The text without styles (as ``str(Text)``)."""
        return self.text.plain

    def lines(self, width: int) -> list[Text]:
        """The text's lines at ``width`` cells (its own newlines kept)."""
        out: list[Text] = []
        for para in self.text.split("\n", allow_blank=True):
            for line in para.divide(breaks(para.plain, width)):
                line.rstrip()
                out.append(line)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Each line, wrapped here: Rich is told not to wrap again."""
        for line in self.lines(options.max_width):
            line.no_wrap = True
            line.overflow = "crop"
            line.end = "\n"
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """At least the longest word (up to the room), at most the longest line."""
        paras = self.text.plain.split("\n")
        longest = max(len(p) for p in paras)
        word = max((e - s for p in paras for s, e in phrases(p)), default=0)
        return Measurement(min(word, longest), longest).clamp(max_width=options.max_width)
