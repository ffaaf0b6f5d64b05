"""The app's progress store: reads from the file, writes through the write queue.

``QueuedStore`` stands where the app's ``Store`` stood (``tutor.progress.sink``): what the
app reads (a lesson's answers, tries, the lesson list's progress, stats) is read at once on
its own connection (SQLite's WAL mode reads while another program holds the write lock);
everything it saves goes through a ``WriteQueue`` and is committed by the writer thread, so
no keystroke waits on the disk. Batches a recovery file left are saved first.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from tutor.progress import recovery
from tutor.progress import writes as w
from tutor.progress.queue import WRITER_TIMEOUT_S, Batch, Waiting, WriteQueue

if TYPE_CHECKING:
    from tutor.progress.queue import Saver
    from tutor.progress.records import AnswerRecord, LessonProgress
    from tutor.progress.stats import Stats
    from tutor.progress.store import Store

#: How long quitting waits for the writer to save what waits, before the recovery file.
CLOSE_GRACE_S = 0.5


class QueuedStore:
    """A ``Store`` whose writes go through the write queue (never waiting)."""

    def __init__(
        self,
        store: Store,
        connect: Callable[[], Saver] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Queue writes to ``store``'s file; ``connect`` opens the writer's connection."""
        self.store = store
        self.notice = store.notice
        self._clock = clock
        self.folder = store.path.parent
        found = recovery.read(self.folder)
        store.warnings.extend(found.warnings)
        self._recovered = found.files
        self._last_recovered = found.batches[-1].id if found.batches else None
        self.queue = WriteQueue(connect or (lambda: store.writer(WRITER_TIMEOUT_S)), found.batches)
        self.queue.on_saved = self._saved
        if self._last_recovered is None:
            recovery.remove(self._recovered)  # nothing valid in them
        self.on_put: Callable[[], None] | None = None
        """Called (in the caller's thread) after each batch is queued."""

    def _saved(self, batch: Batch) -> None:
        """The last recovered batch is saved: the recovery files are done with."""
        if batch.id == self._last_recovered:
            recovery.remove(self._recovered)
            self._recovered = []

    # -- writes: queued ------------------------------------------------------------------

    def save(self, writes: Sequence[w.Write]) -> None:
        """Queue ``writes`` as one batch (one transaction); never waits."""
        self.queue.put(writes)
        if self.on_put is not None:
            self.on_put()

    def start(self, lesson: str, variant: str, total: int) -> None:
        """Open (or resume) an attempt."""
        self.save([w.Start(lesson, variant, total, self._clock())])

    def finish(self, lesson: str, variant: str, score: float, max_score: float) -> None:
        """Record a finished attempt."""
        self.save([w.Finish(lesson, variant, score, max_score, self._clock())])

    def restart(self, lesson: str, variant: str = "") -> None:
        """Forget the answers of one attempt."""
        self.save([w.Restart(lesson, variant, self._clock())])

    def adopt(self, old: str, new: str) -> bool:
        """Move an older key's records to ``new`` (queued: False, nothing known moved yet)."""
        self.save([w.Adopt(old, new)])
        return False

    # -- reads: at once ------------------------------------------------------------------

    def answers(self, lesson: str, variant: str = "") -> Mapping[str, AnswerRecord]:
        """The answers of an attempt: those saved, then those still waiting, as saved."""
        from tutor.progress.records import AnswerRecord

        found: dict[str, AnswerRecord] = {}
        for key in self._keys(lesson):
            found.update(self.store.answers(key, variant))
        for write in self._waiting(lesson, variant):  # what ``writes.apply`` will do
            if isinstance(write, w.Restart):
                found.clear()
            elif isinstance(write, w.Record):
                old = found.get(write.node)
                if old is None or old.status == "pending":  # never downgraded
                    found[write.node] = AnswerRecord(
                        write.node, write.status, max(write.attempts, old.attempts if old else 0),
                        max(write.hints, old.hints if old else 0), write.score, write.at,
                        max(write.checks, old.checks if old else 0),
                    )  # fmt: skip
        return found

    def typed(self, lesson: str, variant: str = "") -> dict[str, str]:
        """What was typed for the right answers: saved, then still waiting."""
        found: dict[str, str] = {}
        for key in self._keys(lesson):
            found.update(self.store.typed(key, variant))
        for write in self._waiting(lesson, variant):
            if isinstance(write, w.Restart):
                found.clear()
            elif isinstance(write, w.Typed):
                found.pop(write.node, None)
                found[write.node] = write.text
        return found

    def tries(self, lesson: str, variant: str = "") -> list[tuple[str, str | None]]:
        """The wrong tries of an attempt: those saved, then those still waiting."""
        found: list[tuple[str, str | None]] = []
        for key in self._keys(lesson):
            found = self.store.tries(key, variant) or found
        for write in self._waiting(lesson, variant):
            if isinstance(write, w.Restart):
                found = []
            elif isinstance(write, w.Try):
                found.append((write.node, write.mistake))
        return found

    def _keys(self, lesson: str) -> list[str]:
        """Where ``lesson``'s records are: while an ``Adopt`` waits, its older key too.

        The older key is read first: if the move commits in between, the records are read
        from one key or the other, never missed.
        """
        older = [
            write.old
            for batch in self.queue.batches()
            for write in batch.writes
            if isinstance(write, w.Adopt) and write.new == lesson
        ]
        return [*older, lesson]

    def _waiting_all(self, lesson: str) -> list[w.Write]:
        """The writes to any attempt of ``lesson`` still in the queue, in order."""
        return [
            write
            for batch in self.queue.batches()
            for write in batch.writes
            if getattr(write, "lesson", None) == lesson
        ]

    def _waiting(self, lesson: str, variant: str) -> list[w.Write]:
        """The writes to one attempt still in the queue, in order.

        Called after reading the file: a batch still waiting now was not in what was read.
        """
        return [
            write
            for batch in self.queue.batches()
            for write in batch.writes
            if getattr(write, "lesson", None) == lesson
            and getattr(write, "variant", None) == variant
        ]

    def lesson_progress(self, lesson: str) -> LessonProgress:
        """A lesson's progress, as the lesson list shows it: saved, then still waiting.

        Read as ``answers`` reads: the attempts and results saved, then what the waiting
        writes will add (a start, an answer's record, a finish, a restart), counted from
        the same view of the answers, so the list counts an answer that is still queued.
        """
        from tutor.progress.reads import progress_of

        attempts: dict[str, tuple[str, int, float, float]] = {}
        results: list[tuple[float, float]] = []
        for key in self._keys(lesson):
            attempts.update((a[0], a) for a in self.store.attempt_rows(key))
            results += self.store.result_rows(key)
        for write in self._waiting_all(lesson):  # what ``writes.apply`` will do
            if not isinstance(write, w.Start | w.Record | w.Finish | w.Restart):
                continue
            old = attempts.get(write.variant)
            if isinstance(write, w.Restart):
                if old is not None:
                    attempts[write.variant] = (write.variant, old[1], write.at, write.at)
                continue
            total = write.total if isinstance(write, w.Start) else old[1] if old else 0
            started, last = (old[2], max(old[3], write.at)) if old else (write.at, write.at)
            attempts[write.variant] = (write.variant, total, started, last)
            if isinstance(write, w.Finish):
                results.append((min(max(write.score / write.max_score, 0.0), 1.0), write.at))
        return progress_of(lesson, list(attempts.values()), results, self.answers)

    def stats(self) -> Stats:
        """The stats of every answer saved."""
        return self.store.stats()

    # -- the queue -----------------------------------------------------------------------

    def waiting(self) -> Waiting:
        """What is not saved yet, and why (the status line)."""
        return self.queue.waiting()

    def close(self, grace: float = CLOSE_GRACE_S) -> str | None:
        """Save what waits (up to ``grace`` s), write the rest to a recovery file.

        The store stays open for reading (``self.store``); the writer thread is gone.

        Returns a line for the terminal when answers were left in a recovery file or lost.
        """
        left = self.queue.close(grace)
        message = None
        if left:
            n = sum(b.answers for b in left)
            answers = f"{n} answer{'' if n == 1 else 's'}" if n else "progress"
            try:
                path = recovery.write(self.folder, left)
            except OSError as exc:
                return f"{answers} could not be saved, nor kept for later: {exc.strerror or exc}"
            message = f"{answers} not saved yet: kept in {path}, saved at the next start"
        recovery.remove(self._recovered)  # saved, or written again to the new file
        return message


def report(message: str | None) -> None:
    """Print ``close``'s line on standard error (after the app has left the screen)."""
    if message:
        try:
            print(f"backprop-tutor: warning: {message}", file=sys.stderr)
        except (OSError, ValueError):  # the terminal is gone: the file says it all
            pass
