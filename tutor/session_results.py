"""What a lesson session reports: the ``Outcome`` of a submitted answer and the ``Tally``.

``tutor.session.Session`` returns an ``Outcome`` from each submit and keeps one ``Tally``
of the learner's first-try answers, hints, reveals and wrong tries in the lesson.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tutor.answer_status import AnswerStatus, OutcomeKind
from tutor.grammar.limits import MAX_LENGTH


@dataclass(slots=True)
class Outcome:
    """What happened when the learner submitted an answer."""

    kind: OutcomeKind
    """``right``, ``wrong`` or ``unreadable``."""
    message: str
    """What to tell the learner."""
    node: str
    """The node answered."""
    mistake: str | None = None
    """The diagnosed mistake's code, if any."""
    value: float | None = None
    """The number the answer evaluated to (None when unreadable)."""
    changed: list[str] = field(default_factory=list)
    """Nodes whose gradient became known (the answered one and any filled in after it)."""
    stuck: bool = False
    """Wrong often enough (``grading.HELP_AFTER`` tries) to point at the hint and reveal."""


@dataclass(slots=True)
class Tally:
    """The learner's record in this lesson."""

    first_try: int = 0
    """Answers right at the first attempt without hints."""
    hints: int = 0
    """Hint tiers shown."""
    reveals: int = 0
    """Answers revealed."""
    wrong: int = 0
    """Wrong attempts (unreadable input does not count)."""


def typed_answers(
    status: Mapping[str, AnswerStatus], typed: Mapping[str, object]
) -> dict[str, str]:
    """What was typed (saved: untrusted) for the nodes restored as right, as ``answers``.

    Only text of at most ``MAX_LENGTH`` characters is kept; it is only ever parsed (the
    train view's formulas), never evaluated as Python.
    """
    return {
        name: text
        for name, text in typed.items()
        if status.get(name) == AnswerStatus.RIGHT
        and isinstance(text, str)
        and 0 < len(text) <= MAX_LENGTH
    }
