"""Validated reads: every row read from the progress file is checked before it is used.

A file can be edited by hand or by another program: a ``last_played`` of 1e300, a time
column holding ``'notadate'``, text in a seconds column. Such a row is skipped, with one
warning naming it (``Warn``), and everything else is shown as usual.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from tutor.answer_status import AnswerStatus

#: Told about each skipped row: the table, which row, and what is wrong with it.
Warn = Callable[[str, str, str], None]

#: Times are seconds since the epoch, before the year 5000.
MAX_TIME = 95_617_584_000.0
#: Counts (tries, hints, checks, nodes) above this are damage.
MAX_COUNT = 1_000_000
STATUSES = frozenset(AnswerStatus)
T = TypeVar("T")


class Bad(ValueError):
    """One value of a row is not what its column holds."""


def number(value: object, what: str, low: float = -math.inf, high: float = math.inf) -> float:
    """``value`` as a finite float in ``[low, high]``.

    Raises:
        Bad: not such a number.

    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Bad(f"{what} {_shown(value)} is not a number")
    if not math.isfinite(value) or not low <= value <= high:
        raise Bad(f"{what} {_shown(value)} is out of range")
    return float(value)


def moment(value: object, what: str) -> float:
    """``value`` as a time (seconds since the epoch)."""
    try:
        return number(value, what, 0.0, MAX_TIME)
    except Bad:
        raise Bad(f"{what} {_shown(value)} is not a time") from None


def count(value: object, what: str) -> int:
    """``value`` as a count (an integer from 0 to ``MAX_COUNT``)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise Bad(f"{what} {_shown(value)} is not a count")
    return value


def text(value: object, what: str, optional: bool = False) -> str | None:
    """``value`` as text (or None, when ``optional``)."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise Bad(f"{what} {_shown(value)} is not text")
    return value


def status(value: object) -> str:
    """``value`` as an answer status."""
    if value not in STATUSES:
        raise Bad(f"status {_shown(value)} is not one of {', '.join(AnswerStatus)}")
    return str(value)


def iso(value: object, what: str) -> datetime:
    """``value`` as an ISO 8601 time with a zone."""
    try:
        when = datetime.fromisoformat(str(text(value, what)))
    except (ValueError, Bad):
        raise Bad(f"{what} {_shown(value)} is not a time") from None
    if when.tzinfo is None:
        raise Bad(f"{what} {_shown(value)} has no time zone")
    return when


def _shown(value: object) -> str:
    """A value as a warning quotes it (cut short)."""
    shown = repr(value)
    return shown if len(shown) <= 40 else f"{shown[:37]}..."


def checked(
    rows: list[tuple[object, ...]], table: str, warn: Warn, read: Callable[[tuple[object, ...]], T]
) -> list[T]:
    """``read`` of each row whose values are valid; each other row is skipped and warned of.

    A row's first value is its id (``rowid``), named in the warning; ``read`` gets the rest.
    """
    out: list[T] = []
    for row in rows:
        try:
            out.append(read(row[1:]))
        except Bad as exc:
            warn(table, f"row {row[0]}", str(exc))
    return out
