"""Small text helpers for messages: "did you mean" suggestions and clipped values."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """``" (did you mean 'x'?)"`` for the closest of ``choices``, else ``""``.

    ``cutoff`` is difflib's similarity ratio a choice must reach (0 to 1).
    """
    import difflib  # only when a suggestion is needed: keeps start-up light

    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=cutoff)
    return f" (did you mean {close[0]!r}?)" if close else ""


def clip(text: str, width: int = 40) -> str:
    """Shorten ``text`` to ``width`` characters for an error message."""
    return text if len(text) <= width else text[: width - 3] + "..."


def clip_repr(value: Any, width: int = 40) -> str:
    """``repr(value)``, shortened for an error message."""
    try:
        return clip(repr(value), width)
    except ValueError:  # an int too long to print
        return "a very long number"


def join_and(names: list[str]) -> str:
    """Join names: ``x``, ``x and y``, ``x, y and z``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
