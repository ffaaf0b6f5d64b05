"""Shared names for a learner's answers: saved statuses and what a submitted answer came to.

``StrEnum``s, so saved data and JSON hold the same strings as before.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["AnswerStatus", "OutcomeKind"]


class AnswerStatus(StrEnum):
    """How a node's gradient became known (saved in progress, one per answered node)."""

    RIGHT = "right"
    """The learner answered it correctly."""
    REVEALED = "revealed"
    """The learner asked for the answer."""
    GIVEN = "given"
    """Filled in for the learner: a node not asked, once every consumer of it is known."""
    PENDING = "pending"
    """Not answered yet: wrong tries, hints or a numeric check are saved so far."""


class OutcomeKind(StrEnum):
    """What a submitted answer came to (``session.Outcome.kind``)."""

    RIGHT = "right"
    """Correct: the gradient is now known."""
    WRONG = "wrong"
    """A number, but not the gradient (maybe with a diagnosed mistake)."""
    UNREADABLE = "unreadable"
    """Not an answer at all (a parse error, or the lesson is complete); not counted."""
