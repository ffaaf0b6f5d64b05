"""The one scan: what every dialect refuses before Python's parser sees the text.

``ast`` would silently drop a comment (``w*x#+ 1000`` reads as ``w*x``), read a quote as
the start of a text, and fold some non-ASCII letters into ASCII (a full-width ``ｄ`` reads
as ``d``). So the text's length, emptiness, ``#``, quotes and non-ASCII characters are
checked here, each refused at its column.
"""

from __future__ import annotations

from tutor.grammar.errors import ParseError
from tutor.grammar.limits import MAX_LENGTH

#: Characters Python reads as the start of a comment or a string.
NOT_ARITHMETIC = {
    "#": "'#' is not allowed in an expression (Python would skip the rest as a comment)",
    "'": "quotes are not allowed in an expression (they start a text, not a number)",
    '"': "quotes are not allowed in an expression (they start a text, not a number)",
}


def scan(text: str) -> None:
    """Refuse a text too long or empty, and characters that change what Python reads.

    Raises:
        ParseError: at the offending character's column.

    """
    if len(text) > MAX_LENGTH:
        raise ParseError(f"expression too long ({len(text)} characters, at most {MAX_LENGTH})")
    if not text.strip():
        raise ParseError("empty expression")
    if text.isascii() and not any(c in text for c in NOT_ARITHMETIC):
        return  # the common case, in one pass of C code
    for col, char in enumerate(text):
        if char in NOT_ARITHMETIC:
            raise ParseError(NOT_ARITHMETIC[char], col)
        if not char.isascii():
            if char.isalpha():
                raise ParseError(
                    f"{char!r} cannot be part of a name: names are ASCII letters, digits and _",
                    col,
                )
            raise ParseError(f"{char!r} is not allowed: use + - * / ** and ASCII names", col)
