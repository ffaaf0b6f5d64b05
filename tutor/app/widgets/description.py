"""A lesson's description: a small, fast Markdown subset rendered as rich ``Text``.

Lesson descriptions use paragraphs, headings, bullet lists, ``**bold**``, ``*italic*``
and ``code``; Textual's ``Markdown`` widget handles far more but costs a noticeable
part of the launch time, so the lesson screen uses this instead.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.widgets import Static

_INLINE = re.compile(
    r"(\*\*[^*\s][^*]*?\*\*"  # **bold**
    r"|`[^`]+`"  # `code`
    r"|(?<![\w*])\*[^*\s][^*]*?(?<!\s)\*(?![\w*])"  # *italic*, not a*b + c*d
    r"|(?<!\w)_[^_\s][^_]*?(?<!\s)_(?!\w))"  # _italic_, not x_1
)


def _inline(line: str, base: str = "") -> Text:
    """One line with bold, italic and code spans styled."""
    text = Text(style=base)
    for part in _INLINE.split(line):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            text.append(part[2:-2], "bold")
        elif part.startswith("`") and part.endswith("`") and len(part) > 2:
            text.append(part[1:-1], "bold cyan")
        elif len(part) > 2 and part[0] == part[-1] and part[0] in "*_":
            text.append(part[1:-1], "italic")
        else:
            text.append(part)
    return text


def markdown_text(source: str) -> Text:
    """Render paragraphs, ``#`` headings and ``-``/``*`` bullets; other lines as text."""
    out = Text()
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append_text(_inline(" ".join(paragraph)))
            out.append("\n\n")
            paragraph.clear()

    for raw in source.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#"):
            flush()
            out.append_text(_inline(line.lstrip("#").strip(), "bold underline"))
            out.append("\n\n")
        elif re.match(r"[-*] ", line):
            flush()
            out.append("  • ")
            out.append_text(_inline(line[2:]))
            out.append("\n")
        else:
            paragraph.append(line)
    flush()
    out.rstrip()
    return out


class Description(Static):
    """The lesson's description, rendered once."""

    def __init__(self, source: str, **kwargs) -> None:
        super().__init__(markdown_text(source), **kwargs)
