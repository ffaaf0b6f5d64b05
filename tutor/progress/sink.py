"""Where a learner's progress goes: the seam between the app and the progress store.

``ProgressSink`` is one of three: ``tutor.progress.queued.QueuedStore``, the app's (reads
from the file, writes through the write queue), ``tutor.progress.store.Store`` (a read-only
data folder, where nothing is written), or ``NullStore``, which keeps nothing (progress
switched off). The app calls their methods directly, so every
tool sees which ones it uses, and a method the app calls must be written in each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from tutor.progress.queued import QueuedStore
    from tutor.progress.records import AnswerRecord, LessonProgress
    from tutor.progress.review import Answer
    from tutor.progress.stats import Stats
    from tutor.progress.store import Store
    from tutor.progress.writes import Write
    from tutor.session_events import NodeRecord

__all__ = ["NullStore", "ProgressSink"]


class NullStore:
    """A progress store that keeps nothing: every lesson is new, every answer forgotten."""

    notice: str | None = None

    def save(self, writes: Sequence[Write]) -> None:
        """Keep nothing."""

    def start(self, lesson: str, variant: str, total: int) -> None:
        """Keep nothing."""

    def record(self, lesson: str, variant: str, r: NodeRecord) -> None:
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
        from tutor.progress.records import LessonProgress

        return LessonProgress(lesson, LessonState.NEW, 0, 0, None, None)

    def record_try(self, lesson: str, variant: str, node: str, mistake: str | None) -> None:
        """Keep nothing."""

    def tries(self, lesson: str, variant: str = "") -> list[tuple[str, str | None]]:
        """No tries kept."""
        return []

    def typed(self, lesson: str, variant: str = "") -> dict[str, str]:
        """No answers kept."""
        return {}

    def adopt(self, old: str, new: str) -> bool:
        """Nothing to move."""
        return False

    def log_answer(self, answer: Answer) -> None:
        """Keep nothing."""

    def stats(self) -> Stats:
        """No answers kept: empty stats."""
        from tutor.progress.stats import Stats

        return Stats()


#: What the app saves progress through: the real store, or one that keeps nothing.
ProgressSink: TypeAlias = "Store | NullStore | QueuedStore"
