"""Descriptions rendered before, remembered by content in the data folder.

A lesson's description is Markdown, rendered by ``tutor.lesson.markdown`` through
markdown-it, whose sixty modules take about as long to import as the rest of the first
screen's own work. The rendered text (its characters and its style spans) is kept, one
file a description, at ``DATA/cache/rendered/KEY.json``, where the key is made of the
description's text (as shown: values filled in) and a stamp of the tutor's code
(``tutor.lesson.cache_file.key_of``), so an edited lesson or a new version renders again.
A lesson opened before shows its description without importing markdown-it.

A cache file is untrusted input. It is used only when it is at most ``MAX_BYTES``, is JSON
of this ``FORMAT``, its text is at most the renderer's ``MAX_CHARS`` and shows as written
(no control character but line breaks and tabs: ``tutor.safe_text.is_safe``), and each of
at most ``MAX_SPANS`` spans lies within the text with a style made only of the renderer's
own words (``STYLE_WORDS``: no link, no colour of the file's choosing). Anything else is
rendered afresh and written over. At most ``MAX_FILES`` files are kept, the newest.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Span, Text

from tutor.lesson.cache_file import key_of, prune, read_json, write_json
from tutor.lesson.yamlpos import MAX_BYTES as MAX_CHARS  # the renderer's limit (markdown.MAX_CHARS)
from tutor.safe_text import is_safe

#: A cache file's format; a file of any other is ignored.
FORMAT = 1
#: A cache file larger than this is neither read nor written (a description is at most a
#: lesson file).
MAX_BYTES = 512 * 1024
#: Spans one cached text may hold.
MAX_SPANS = 20_000
#: Cache files kept, the newest (by when they were written).
MAX_FILES = 64
#: The words of every style ``tutor.lesson.markdown.render`` writes.
STYLE_WORDS = frozenset({"bold", "italic", "underline", "dim", "cyan"})


class RenderCache:
    """Rendered descriptions kept in one folder, a file each."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        """The cache folder (``DATA/cache/rendered``)."""

    def render(self, source: str) -> Text:
        """``source`` as ``tutor.lesson.markdown.render`` renders it: from the cache if kept."""
        path = self.folder / f"{key_of(source)}.json"
        kept = _text(read_json(path, MAX_BYTES))
        if kept is not None:
            return kept
        from tutor.lesson.markdown import render  # markdown-it: only when not kept

        text = render(source)
        if len(text.plain) <= MAX_CHARS:
            spans = [[s.start, s.end, str(s.style)] for s in text.spans]
            write_json(path, {"format": FORMAT, "plain": text.plain, "spans": spans}, MAX_BYTES)
            prune(self.folder, MAX_FILES)
        return text


def _text(data: Any) -> Text | None:
    """The rendered text a cache file's JSON holds, or None when it is not a valid one."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    plain, spans = data.get("plain"), data.get("spans")
    if not isinstance(plain, str) or len(plain) > MAX_CHARS or not is_safe(plain):
        return None
    if not isinstance(spans, list) or len(spans) > MAX_SPANS:
        return None
    made: list[Span] = []
    for span in spans:
        if not (isinstance(span, list) and len(span) == 3):
            return None
        start, end, style = span
        if not (type(start) is int and type(end) is int and 0 <= start <= end <= len(plain)):
            return None
        if not isinstance(style, str) or not style or not set(style.split(" ")) <= STYLE_WORDS:
            return None
        made.append(Span(start, end, style))
    return Text(plain, spans=made)
