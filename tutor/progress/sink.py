"""Where a learner's progress goes: the seam between the app and the progress store.

``tutor.progress.store.Store`` is the real one; ``NullStore`` keeps nothing (progress switched
off). The app calls these methods directly, so every tool sees which ones it uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from tutor.progress.review import Answer
    from tutor.progress.stats import Stats
    from tutor.progress.store import AnswerRecord, LessonProgress

__all__ = ["NullStore", "ProgressSink"]


class ProgressSink(Protocol):
    """What the app needs of a progress store. Failures raise ``ProgressError``."""

    notice: str | None
    """Set when an unusable progress file was moved aside: names the backup."""

    def start(self, lesson: str, variant: str, total: int) -> None:
        """Open (or resume) the attempt ``variant`` of ``lesson``, which asks ``total`` nodes."""
        ...

    def record(
        self,
        lesson: str,
        variant: str,
        node: str,
        status: str,
        attempts: int,
        hints: int,
        score: float,
        checks: int = 0,
    ) -> None:
        """Save one answer, or the wrong tries, hints and check before it (``pending``)."""
        ...

    def answers(self, lesson: str, variant: str = "") -> Mapping[str, AnswerRecord]:
        """The saved answers of an attempt, by node."""
        ...

    def finish(self, lesson: str, variant: str, score: float, max_score: float) -> None:
        """Record a finished attempt."""
        ...

    def restart(self, lesson: str, variant: str = "") -> None:
        """Forget the answers of one attempt (finished results stay)."""
        ...

    def lesson_progress(self, lesson: str) -> LessonProgress:
        """Where the learner stands with ``lesson``."""
        ...

    def record_try(self, lesson: str, variant: str, node: str, mistake: str | None) -> None:
        """Save one wrong try with its mistake code (None: no mistake recognised)."""
        ...

    def tries(self, lesson: str, variant: str = "") -> list[tuple[str, str | None]]:
        """The wrong tries ``(node, mistake)`` of the current attempt."""
        ...

    def adopt(self, old: str, new: str) -> bool:
        """Move what was saved under an older key ``old`` to ``new``, unless ``new`` has any."""
        ...

    def log_answer(self, answer: Answer) -> None:
        """Save one graded answer for the review and the stats."""
        ...

    def stats(self) -> Stats:
        """The learner's stats (``tutor.progress.stats``)."""
        ...


class NullStore:
    """A progress store that keeps nothing: every lesson is new, every answer forgotten."""

    notice: str | None = None

    def start(self, lesson: str, variant: str, total: int) -> None:
        """Keep nothing."""

    def record(
        self,
        lesson: str,
        variant: str,
        node: str,
        status: str,
        attempts: int,
        hints: int,
        score: float,
        checks: int = 0,
    ) -> None:
        """Keep nothing."""

    def answers(self, lesson: str, variant: str = "") -> Mapping[str, AnswerRecord]:
        """Nothing saved."""
        return {}

    def finish(self, lesson: str, variant: str, score: float, max_score: float) -> None:
        """Keep nothing."""

    def restart(self, lesson: str, variant: str = "") -> None:
        """Nothing to forget."""

    def lesson_progress(self, lesson: str) -> LessonProgress:
        """Always new."""
        from tutor.answer_status import LessonState
        from tutor.progress.store import LessonProgress

        return LessonProgress(lesson, LessonState.NEW, 0, 0, None, None)

    def record_try(self, lesson: str, variant: str, node: str, mistake: str | None) -> None:
        """Keep nothing."""

    def tries(self, lesson: str, variant: str = "") -> list[tuple[str, str | None]]:
        """No tries kept."""
        return []

    def adopt(self, old: str, new: str) -> bool:
        """Nothing to move."""
        return False

    def log_answer(self, answer: Answer) -> None:
        """Keep nothing."""

    def stats(self) -> Stats:
        """No answers kept: empty stats."""
        from tutor.progress.stats import Stats

        return Stats()
