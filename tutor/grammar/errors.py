"""``ParseError``: the one error of the expression front end."""

from __future__ import annotations


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
