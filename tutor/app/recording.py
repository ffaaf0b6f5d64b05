"""The one observer of an app session: it saves each event, then shows it.

``AppContext.session_for`` builds a ``SessionFeed`` for each session it opens: the store
adapter (``StoreRecorder``) saves every answer, try, hint and check as the session sends it,
and the lesson screen follows the feed while it is mounted, redrawing on ``StateChanged``.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tutor.session_events import (
    Answered,
    AnswerTyped,
    HintShown,
    NumericCheck,
    Reveal,
    RightAnswer,
    SessionEvent,
    WrongTry,
)

if TYPE_CHECKING:
    from tutor.graph.build import Graph
    from tutor.progress.sink import ProgressSink
    from tutor.progress.writes import Write
    from tutor.session import Session


@dataclass(slots=True)
class StoreRecorder:
    """Saves one lesson's session events in the progress store, as they happen."""

    store: ProgressSink
    """The progress store (or a ``NullStore``)."""
    lesson: str
    """The lesson's progress key."""
    variant: str
    """The variant's key (``""`` or ``seed=N``)."""
    graph: Graph[Any]
    """The lesson's graph (for the skills an answer exercises)."""
    source: str
    """Where answers come from, for the review and the stats: lesson, quiz, practice, review."""
    guard: Callable[[], contextlib.AbstractContextManager[None]]
    """Runs a store call whose failure is reported, never raised (``AppContext.guard``)."""
    typed: dict[str, str] = field(default_factory=dict)
    """What was typed for an answer about to be graded right (``AnswerTyped``): saved in
    the ``RightAnswer``'s transaction, so an answer stays one transaction."""

    def __call__(self, event: SessionEvent) -> None:
        """Save ``event`` in one transaction: its answer log, its wrong try, the node's record.

        What a right answer typed is kept too (``writes.Typed``), for the train view. Other
        events (the lesson's start, a redraw) save nothing: they return before the writes'
        module is imported, which a first screen with progress off then never loads.
        """
        if not isinstance(event, AnswerTyped | Answered | HintShown | NumericCheck):
            return
        from tutor.grammar.limits import MAX_LENGTH
        from tutor.progress import writes as w

        now = time.time()
        batch: list[w.Write] = []
        match event:
            case AnswerTyped():  # kept for the train view's formulas, with the answer
                self.typed[event.node] = event.text
            case RightAnswer():
                batch.append(self._log(event, True, None, now))
                text = self.typed.pop(event.node, "")
                if 0 < len(text) <= MAX_LENGTH:
                    batch.append(w.Typed(self.lesson, self.variant, event.node, text, now))
            case WrongTry():
                batch.append(self._log(event, False, event.mistake, now))
                batch.append(w.Try(self.lesson, self.variant, event.node, event.mistake, now))
            case Reveal():
                batch.append(self._log(event, False, None, now))  # a reveal counts as wrong
        if isinstance(event, Answered | HintShown | NumericCheck):
            r = event.record
            batch.append(
                w.Record(
                    self.lesson,
                    self.variant,
                    r.node,
                    r.status,
                    r.attempts,
                    r.hints,
                    r.score,
                    r.checks,
                    now,
                )  # fmt: skip
            )
        if batch:
            with self.guard():
                self.store.save(batch)

    def _log(self, event: Answered, correct: bool, mistake: str | None, now: float) -> Write:
        """The answer's log entry for the review and the stats."""
        from tutor.progress import writes as w
        from tutor.progress.review import Answer
        from tutor.progress.skills import mistake_skill, skills_of

        graph, node = self.graph, event.node
        skill = mistake_skill(mistake, graph, node) if mistake else None
        answer = Answer(
            self.source, self.lesson, node, correct, skills_of(graph, node), mistake, skill,
            event.hints, event.tries, event.seconds,
        )  # fmt: skip
        return w.Log(answer, now)


@dataclass(slots=True)
class SessionFeed:
    """A session's one observer: every event is saved, then passed to the follower."""

    recorder: StoreRecorder
    """Saves every event first."""
    follower: Callable[[SessionEvent], None] | None = None
    """Whatever shows the session now (the lesson screen, while mounted), or None."""

    def __call__(self, event: SessionEvent) -> None:
        """Save ``event``, then tell the follower."""
        self.recorder(event)
        if self.follower is not None:
            self.follower(event)


def follow(session: Session, follower: Callable[[SessionEvent], None]) -> None:
    """Tell ``follower`` the events of an app session (one built by ``session_for``)."""
    if isinstance(session.observer, SessionFeed):
        session.observer.follower = follower


def unfollow(session: Session, follower: Callable[[SessionEvent], None]) -> None:
    """Stop telling ``follower`` the session's events (if it is still the one told)."""
    if isinstance(session.observer, SessionFeed) and session.observer.follower == follower:
        session.observer.follower = None
