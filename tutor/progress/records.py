"""What the progress store returns: an ``AnswerRecord`` per answered node, ``LessonProgress``.

``tutor.progress.store.Store`` reads them from its SQLite file (``Store.answers``,
``Store.lesson_progress``); ``tutor.progress.sink.NullStore`` returns them empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.answer_status import LessonState


@dataclass(slots=True)
class AnswerRecord:
    """One answered node of one attempt."""

    node: str
    """The node's name."""
    status: str
    """``right``, ``revealed``, ``given`` (filled in) or ``pending`` (tries and hints so far)."""
    attempts: int
    """Wrong tries before this answer."""
    hints: int
    """Hint tiers shown (numeric checks not included)."""
    score: float
    """Points earned (0..1, see ``tutor.scoring``)."""
    answered_at: float
    """When (seconds since the epoch)."""
    checks: int = 0
    """Numeric checks charged (0 or 1: the first check of a node costs what a hint costs)."""


@dataclass(slots=True)
class LessonProgress:
    """Where a learner stands with one lesson."""

    lesson: str
    """The lesson's name."""
    status: LessonState
    """``new`` (never opened), ``in progress`` (opened, not finished) or ``done`` (finished)."""
    answered: int
    """Nodes answered in the current attempt (the lesson's own numbers, else the latest)."""
    total: int
    """Nodes that attempt asks (0 when unknown)."""
    best_score: float | None
    """Best finished attempt as a fraction 0..1 of its points (None before the first finish)."""
    last_played: float | None
    """Last answer, start or finish (seconds since the epoch), None if never."""
