"""What a session tells its one observer: a frozen dataclass per kind of event.

``tutor.session.Session(graph, observer)`` calls ``observer(event)`` once for each event,
when the session's state is whole again. The app's store adapter saves them
(``tutor.app.recording``) and the lesson screen redraws on ``StateChanged``; tests collect
them in a list. Events carry what is needed to save them, so no observer reads the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tutor.answer_status import AnswerStatus


@dataclass(frozen=True, slots=True)
class NodeRecord:
    """A node's saved state after an event: what the progress store keeps per node."""

    node: str
    """The node."""
    status: AnswerStatus
    """``right`` or ``revealed`` once answered; ``pending`` for a try, hint or check before."""
    attempts: int
    """Wrong tries at the node."""
    hints: int
    """Hint tiers shown (a mistake's own hint and the numeric check are not tiers)."""
    score: float
    """Points earned at the node (0 while pending)."""
    checks: int
    """1 when the charged numeric check was shown, else 0 (never charged twice)."""


@dataclass(frozen=True, slots=True)
class Answered:
    """An answer given at a node (each kind below): the review's and the stats' events."""

    node: str
    """The node answered."""
    hints: int
    """Hints charged to the node when it was answered (tiers, mistake hints, the check)."""
    tries: int
    """This answer's number at the node, 1 for the first."""
    seconds: float
    """Seconds from the question, or from the last try at the node, to this answer."""
    record: NodeRecord
    """The node after the answer."""


@dataclass(frozen=True, slots=True)
class RightAnswer(Answered):
    """An answer graded right: the node is known (its record is ``right``)."""


@dataclass(frozen=True, slots=True)
class WrongTry(Answered):
    """An answer graded wrong: one more try (its record is ``pending``)."""

    mistake: str | None = None
    """The diagnosed mistake's code, None when no known mistake fits."""


@dataclass(frozen=True, slots=True)
class Reveal(Answered):
    """The answer was revealed: the node is known (``revealed``), logged as a wrong answer."""


@dataclass(frozen=True, slots=True)
class AnswerTyped:
    """What the learner typed for a gradient found right, sent just before its ``RightAnswer``.

    Kept by the store, so the train view uses the learner's formulas after a restart.
    """

    node: str
    """The node answered."""
    text: str
    """The answer as typed."""


@dataclass(frozen=True, slots=True)
class HintShown:
    """A hint charged to a node: the next tier, or a repeated mistake's own hint."""

    node: str
    """The node asked."""
    record: NodeRecord
    """The node after the hint (``pending``)."""
    mistake: str | None = None
    """The repeated mistake the hint is about; None for a tier."""


@dataclass(frozen=True, slots=True)
class NumericCheck:
    """The first numeric check at a node, charged as a hint (later ones are free: no event)."""

    node: str
    """The node checked."""
    record: NodeRecord
    """The node after the check (``pending``, ``checks`` 1)."""


@dataclass(frozen=True, slots=True)
class StateChanged:
    """The session's state moved on (``Session.revision``): whatever shows it redraws."""

    revision: int
    """The session's revision after the change."""


#: Every event a session sends.
SessionEvent = (
    AnswerTyped | RightAnswer | WrongTry | Reveal | HintShown | NumericCheck | StateChanged
)
#: The one observer of a session, given when it is built.
Observer = Callable[[SessionEvent], None]
