"""The quiz score rule: what one answered node is worth, and what a lesson adds up to.

One node is worth at most 1 point:

* right at the first try with no hint: **1.0**;
* the answer was revealed (the learner gave up): **0.0**;
* otherwise, right in the end by the learner: ``1.0 - 0.25 * hints - 0.1 * wrong``,
  never below **0.25** (getting it right yourself is always worth something).

Scores are rounded to 2 decimals so sums print cleanly (``0.65``, not ``0.6499999``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

#: Points for a node answered right at the first try without a hint.
FULL = 1.0
#: Points taken off for each hint tier shown.
HINT_COST = 0.25
#: Points taken off for each wrong attempt before the right one.
WRONG_COST = 0.1
#: The least a node the learner got right themselves is worth.
FLOOR = 0.25
#: Points for a node whose answer was revealed.
REVEALED = 0.0


class Scored(Protocol):
    """Anything with a ``score`` (such as ``tutor.progress.records.AnswerRecord``)."""

    score: float


def score(attempts_wrong: int, hints: int, revealed: bool) -> float:
    """Return the points (0..1) one node earns.

    Args:
        attempts_wrong: wrong answers given before the right one (or before revealing).
        hints: hint tiers shown for this node.
        revealed: the learner asked for the answer (it earns nothing).

    Returns:
        ``0.0`` if revealed; else ``max(0.25, 1.0 - 0.25 * hints - 0.1 * attempts_wrong)``,
        rounded to 2 decimals: 1 wrong try = 0.9, 1 hint = 0.75, 1 hint and 2 wrong
        tries = 0.55, 3 hints = 0.25, 3 hints and 5 wrong tries = 0.25 (the floor).

    Raises:
        ValueError: a negative count.

    """
    if attempts_wrong < 0 or hints < 0:
        raise ValueError(f"counts must not be negative (attempts {attempts_wrong}, hints {hints})")
    if revealed:
        return REVEALED
    raw = FULL - HINT_COST * hints - WRONG_COST * attempts_wrong
    return round(max(FLOOR, raw), 2)


def lesson_score(
    records: Iterable[Scored | float] | Mapping[str, Scored | float], total: int | None = None
) -> tuple[float, float]:
    """Return the points earned and the points possible for a lesson.

    Args:
        records: the answered nodes (``AnswerRecord`` objects, anything with a ``score``, or
            plain numbers); a mapping such as ``Store.answers()`` is read by its values.
        total: how many nodes the lesson asks; nodes not answered count 0 of 1 point each.
            Default: the number of records (only answered nodes count).

    Returns:
        ``(points, max_points)``, points rounded to 2 decimals; ``max_points`` is one per node.

    Raises:
        ValueError: ``total`` smaller than the number of records.

    """
    items: Iterable[Any] = records.values() if isinstance(records, Mapping) else records
    scores = [float(r) if isinstance(r, int | float) else float(r.score) for r in items]
    if total is None:
        total = len(scores)
    if total < len(scores):
        raise ValueError(f"total {total} is less than the {len(scores)} answered nodes")
    return round(sum(scores), 2), float(total) * FULL
