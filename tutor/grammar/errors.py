"""``ParseError``: the one error of the expression front end, and its shared messages.

``too_deep`` and ``unknown_function`` are raised both by ``tutor.grammar.parse`` and by
the tree reader (``tutor.grammar.ast_reader``).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tutor.grammar.limits import MAX_DEPTH
from tutor.messages import did_you_mean

if TYPE_CHECKING:
    from tutor.grammar.dialect import Dialect, Written


class ParseError(Exception):
    """An expression that cannot be read or computed; ``col`` is 0-based in the text."""

    def __init__(self, message: str, col: int = 0, more: tuple[ParseError, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        """What is wrong, in one line."""
        self.col = col
        """Where (0-based column in the text)."""
        self.more = more
        """Further problems of the same expression (every unknown function is reported)."""

    def all(self) -> tuple[ParseError, ...]:
        """Return this problem and the further ones, in reading order."""
        return (self, *self.more)


def too_deep() -> ParseError:
    """The message for an expression nested past ``MAX_DEPTH``."""
    return ParseError(f"expression nested too deeply (more than {MAX_DEPTH} levels)")


def unknown_function(name: str, dialect: Dialect) -> str:
    """The message for a call of ``name``, which ``dialect`` does not have."""
    every = dialect.function_names
    listed = f" (the functions are {' '.join(every)})"
    if name in dialect.advice:
        advice = dialect.advice[name]
        return f"unknown function {name!r}" + (f": {advice}" if advice else listed)
    return f"unknown function {name!r}" + (did_you_mean(name, every, dialect.cutoff) or listed)


def axis_by_name(
    w: Written, args: Sequence[ast.expr], most: int, number: Callable[[ast.expr], float | None]
) -> str | None:
    """``sum() takes the axis by name: sum(dZ, axis=0)`` for ``sum(dZ, 0)``, else None.

    A call with one positional argument too many, a number, where the function takes an
    ``axis`` keyword (``number`` reads a number literal).
    """
    if len(args) != most + 1 or number(args[most]) is None:
        return None
    if not any(p.keyword and p.name == "axis" for p in w.params):
        return None
    given = ", ".join(ast.unparse(a) for a in args[:most])
    return f"{w.name}() takes the axis by name: {w.name}({given}, axis={ast.unparse(args[most])})"
