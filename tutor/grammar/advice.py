"""What to tell a learner whose text Python's parser refuses, in every dialect alike.

``syntax_advice`` turns Python's words (``invalid syntax``) into the cause, from the text
and the dialect's own operators: an operator with nothing after it, two values with no
operator between them, two operators in a row, or where the text stops making sense.
``answer_slips`` catches the slips of answers that parse as something else (``^`` for a
power, a decimal comma). Scalar and tensor answers use both, so the same cause gets the
same message.
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import TYPE_CHECKING

from tutor.grammar.ast_reader import COMPARISONS
from tutor.grammar.errors import ParseError
from tutor.safe_text import quote

if TYPE_CHECKING:
    from tutor.grammar.dialect import Dialect

__all__ = ["answer_slips", "syntax_advice"]

#: A value's end followed, after spaces, by a value's start: ``2 x``, ``dE dE``, ``(a) b``.
_JUXTAPOSED = re.compile(r"[\w.)\]]\s+[\w(\[]")
#: Tokens that are not operators: brackets, commas, dots, keyword arguments, slices.
_PUNCTUATION = frozenset("()[],.:=")
#: A number written with a decimal comma: ``1,5``, ``-0,25``.
_DECIMAL_COMMA = re.compile(r"[-+]?\d+,\d+")


def _products(dialect: Dialect) -> str:
    """``*`` or ``* or @``: the products the dialect can write."""
    return " or ".join(s for s in ("*", "@") if s in dialect.infix)


def _operator_tokens(text: str) -> list[tokenize.TokenInfo]:
    """The text's tokens (empty when Python's tokenizer gives up)."""
    try:
        readline = io.StringIO(text).readline
        return [t for t in tokenize.generate_tokens(readline) if t.string.strip()]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []


def _two_operators(tokens: list[tokenize.TokenInfo], dialect: Dialect) -> tuple[str, int] | None:
    """The first two operators in a row (``+*``), and the column of the second."""
    infix = set(dialect.infix)
    for a, b in zip(tokens, tokens[1:], strict=False):
        if a.string in infix and b.string in infix and b.string not in dialect.prefix:
            return a.string + b.string, b.start[1]  # at the one that does not fit
    return None


def syntax_advice(text: str, message: str, col: int, dialect: Dialect) -> ParseError:
    """The error for ``text`` (stripped), which Python refused with ``message`` at ``col``."""
    head = f"cannot read {quote(text)}"
    trailing = [s for s in (*dialect.infix, *dialect.prefix) if text.endswith(s)]
    if trailing:
        last = max(trailing, key=len)
        return ParseError(f"{head}: something is missing after {last!r}", len(text) - len(last))
    tokens = _operator_tokens(text)  # once, for both checks below
    two = _two_operators(tokens, dialect)
    if two is not None:
        return ParseError(f"{head}: two operators in a row ({two[0]!r})", two[1])
    found = _JUXTAPOSED.search(text)
    if found is not None:
        between = f"two values with no operator between them (use {_products(dialect)})"
        return ParseError(f"{head}: {between}", found.start() + 1)
    for token in tokens:
        if token.type == tokenize.OP and token.string not in _PUNCTUATION:
            if token.string not in dialect.infix and token.string not in dialect.prefix:
                listed = " ".join(s for s in dialect.operators if s not in COMPARISONS)
                said = f"{token.string!r} is not an operator here (the operators are {listed})"
                return ParseError(f"{head}: {said}", token.start[1])
    if message.startswith("invalid syntax") and 0 <= col < len(text):
        return ParseError(f"{head}: {text[col:]!r} does not fit here", col)
    return ParseError(f"{head}: {message.replace('. Perhaps you forgot a comma?', '')}", col)


def answer_slips(text: str) -> None:
    """Raise ``ParseError`` for an answer's slips that Python would read as something else.

    ``2^3`` (a bitwise xor, for ``2**3``) and ``1,5`` (a pair, for ``1.5``).
    """
    if "^" in text:
        raise ParseError("use ** for powers, not ^ (for example 2**3)", text.index("^"))
    if _DECIMAL_COMMA.fullmatch(text.strip()):
        raise ParseError(f"use a dot for decimals: {text.strip().replace(',', '.')}")
