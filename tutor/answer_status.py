"""Shared names for answers and lessons: statuses, outcomes and where a learner stands.

Saved statuses, what a submitted answer came to, and the state of a lesson.

``StrEnum``s, so saved data and JSON hold the same strings as before.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["AnswerStatus", "LessonState", "OutcomeKind"]


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


class LessonState(StrEnum):
    """Where the learner stands with a lesson: the lesson list's state column, ``progress``."""

    NEW = "new"
    """Never opened (nothing saved)."""
    STARTED = "in progress"
    """Opened, not finished."""
    DONE = "done"
    """Finished at least once."""
    BROKEN = "broken"
    """The lesson cannot be opened (the list only: the store never says it)."""
