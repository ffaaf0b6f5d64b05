r"""Safe text: control characters made visible, before text from a file reaches a screen.

A lesson file, a course, a file name or a typed answer may hold control characters: an
escape sequence (``ESC ]52;`` sets the clipboard, ``ESC [2J`` clears the screen, ``ESC ]8;``
makes a link), a C1 control (``\x9b`` is a CSI on its own), a bidirectional override that
shows text in another order than it is read. Every edge that shows such text (the command
line's output, the app's widgets, DOT and SVG pictures) passes it through ``visible`` (or
``one_line`` where a line break would break the layout), so no control byte that came from
a file is ever written: each is shown as its escape, ``\x1b``, ``\x9b``, ``\u202e``.

This is a bottom module: it imports nothing of the tutor, so every layer may use it.
"""

from __future__ import annotations

import json
from typing import Any

#: Characters written as their escape: C0 controls (but line break and tab), DEL, C1
#: controls, and the Unicode format characters that reorder or hide text (bidirectional
#: embeddings, overrides and isolates, line and paragraph separators, the BOM).
_UNSAFE = (
    [c for c in range(0x20) if c not in (0x09, 0x0A)]
    + list(range(0x7F, 0xA0))
    + [0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0xFEFF]
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A))
)


def _escape(code: int) -> str:
    r"""The visible form of one unsafe character: ``\x1b`` or ``\u202e``."""
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_VISIBLE = {**{c: _escape(c) for c in _UNSAFE}, 0x0D: "\\r"}
_ONE_LINE = {**_VISIBLE, 0x0A: "\\n", 0x09: "\\t"}
#: Inside a JSON string, the escape JSON itself knows (``\\u009b``), so the text stays JSON.
_JSON = {c: f"\\u{c:04x}" for c in _UNSAFE}
#: Where a quoted input is cut (``quote``).
QUOTE_WIDTH = 60


def visible(text: str) -> str:
    """``text`` with every control character but line breaks and tabs shown as its escape."""
    return text.translate(_VISIBLE)


def one_line(text: str) -> str:
    r"""``text`` as one line: line breaks and tabs shown as ``\n`` and ``\t`` too."""
    return text.translate(_ONE_LINE)


def is_safe(text: str) -> bool:
    """Whether ``text`` shows as written (no character ``visible`` would escape)."""
    return visible(text) == text


def unsafe_spots(text: str) -> list[tuple[int, str]]:
    """``(offset, escape)`` of each character ``visible`` would escape, in order."""
    return [(i, _VISIBLE[ord(ch)]) for i, ch in enumerate(text) if ord(ch) in _VISIBLE]


def quote(text: str, width: int = QUOTE_WIDTH, marks: bool = True) -> str:
    """``text`` in quotes for a message: one line, controls visible, cut at ``width``.

    ``'x*y'``; a longer input ends ``...' (5000 characters)`` so a 100 KB answer gives a
    short line, never itself. Without ``marks`` (an answer echoed after its question,
    ``dL/dx = x*y: Not quite``) there are no quotes to escape or close: ``x*y``, and a
    longer input ends ``... (5000 characters)``.
    """
    mark = "'" if marks else ""
    pieces = [_ONE_LINE.get(ord(ch), "\\'" if ch == mark else ch) for ch in text[: width + 1]]
    if len(text) <= width and sum(map(len, pieces)) <= width:
        return mark + "".join(pieces) + mark
    out, used = [], 0
    for piece in pieces:
        if used + len(piece) > width:
            break
        out.append(piece)
        used += len(piece)
    return mark + "".join(out) + f"...{mark} ({len(text)} characters)"


def json_text(data: Any, **options: Any) -> str:
    r"""``json.dumps(data, ensure_ascii=False, **options)`` with unsafe characters escaped.

    JSON escapes C0 controls itself; C1 controls and the format characters are written
    as ``\u009b`` here, which any JSON reader reads back as the same character.
    """
    return json.dumps(data, ensure_ascii=False, **options).translate(_JSON)


class SafeStream:
    """A text stream that writes everything through ``visible``: the command line's guard.

    ``tutor.cli`` wraps standard output and standard error in it while a command runs, so
    whatever a command prints, no control byte of a file reaches the terminal.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write ``text`` with its control characters made visible."""
        self._stream.write(visible(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        """Write each line through ``write``."""
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        """Everything else (flush, fileno, isatty, encoding, buffer) is the stream's."""
        return getattr(self._stream, name)
