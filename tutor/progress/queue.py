"""The write queue: progress is saved by a writer thread, so the screen never waits on it.

The app hands each answer's writes to ``WriteQueue.put`` and goes on at once. A writer
thread owning its own connection commits the batches in the order they came: while the
file is locked by another program, the disk is full or anything else fails, the batch at
the head waits and is retried (after 0.1 s, doubling up to 2 s), and no later batch
overtakes it, so the history is saved as it happened. ``waiting()`` says how many answers
are not saved yet and why, for the lesson screen's status line. ``close`` gives the writer a
moment to finish, then writes whatever still waits to a recovery file in the data folder
(``tutor.progress.recovery``), which the next start saves first.

Each batch has an id, committed with it (``Store.save_once``): a batch saved twice (its
commit finished as the app quit, and the recovery file held it too) counts once.
"""

from __future__ import annotations

import threading
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from tutor.progress import writes as w
from tutor.progress.db import ProgressError

#: The first wait before a failed batch is tried again, and the longest (seconds).
FIRST_RETRY_S = 0.1
LONGEST_RETRY_S = 2.0
#: How long each try waits for another program's lock before it counts as busy.
WRITER_TIMEOUT_S = 0.5
#: Why batches wait, as the status line says it.
WHY = {
    "busy": "the progress file is locked by another program",
    "full": "the disk is full",
    "readonly": "the progress file cannot be written",
    "other": "the progress file cannot be written",
}


@dataclass(frozen=True, slots=True)
class Batch:
    """One answer's writes (or one hint's, one start's), saved together or not at all."""

    id: str
    """Its id, committed with it, so it is never saved twice."""
    writes: tuple[w.Write, ...]
    """The writes, in order."""

    @classmethod
    def of(cls, writes: Sequence[w.Write]) -> Batch:
        """A new batch of ``writes``, with a fresh id."""
        return cls(uuid.uuid4().hex, tuple(writes))

    @property
    def answers(self) -> int:
        """How many graded answers it saves (what the status line counts)."""
        return sum(1 for write in self.writes if w.is_answer(write))


@dataclass(frozen=True, slots=True)
class Waiting:
    """What the queue holds, for the status line."""

    batches: int
    """Batches not saved yet."""
    answers: int
    """Graded answers among them."""
    reason: str | None
    """Why the batch at the head failed last (``ProgressError.reason``), or None."""

    def line(self) -> str:
        """The status line (``""`` when nothing waits, or nothing has failed yet)."""
        if not self.batches or self.reason is None:
            return ""
        why = WHY.get(self.reason, WHY["other"])
        if self.answers:
            noun = "answer" if self.answers == 1 else "answers"
            return f"{self.answers} {noun} not saved yet: {why}; retrying"
        return f"progress not saved yet: {why}; retrying"


class Saver(Protocol):
    """Where the writer thread saves a batch (a ``Store``)."""

    def save_once(self, batch_id: str, writes: Sequence[w.Write]) -> bool:
        """Save ``writes`` unless batch ``batch_id`` was saved already."""


class WriteQueue:
    """Batches saved in order by one writer thread, retried until committed."""

    def __init__(self, connect: Callable[[], Saver], backlog: Sequence[Batch] = ()) -> None:
        """Start the writer; ``connect`` opens its connection (in the writer's thread).

        ``backlog`` (a recovery file's batches) is saved first.
        """
        self._connect = connect
        self._items: deque[Batch] = deque(backlog)
        self._cond = threading.Condition()
        self._reason: str | None = None
        self._closing = False
        self._saved = 0
        self.on_saved: Callable[[Batch], None] | None = None
        """Called in the writer's thread after each batch is committed."""
        self._thread = threading.Thread(target=self._run, name="progress-writer", daemon=True)
        self._thread.start()

    def put(self, writes: Sequence[w.Write]) -> None:
        """Queue ``writes`` as one batch; never waits."""
        if not writes:
            return
        with self._cond:
            self._items.append(Batch.of(writes))
            self._cond.notify_all()

    def waiting(self) -> Waiting:
        """What is not saved yet, and why."""
        with self._cond:
            answers = sum(b.answers for b in self._items)
            return Waiting(len(self._items), answers, self._reason if self._items else None)

    def batches(self) -> list[Batch]:
        """The batches not saved yet, in order."""
        with self._cond:
            return list(self._items)

    @property
    def saved(self) -> int:
        """Batches committed so far."""
        return self._saved

    def drain(self, timeout: float) -> bool:
        """Wait up to ``timeout`` s for every batch to be saved; return whether all were."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._items, timeout)

    def close(self, grace: float) -> list[Batch]:
        """Stop the writer after at most ``grace`` s; return the batches it could not save."""
        self.drain(grace)
        with self._cond:
            self._closing = True
            self._cond.notify_all()
            left = list(self._items)
        self._thread.join(min(grace, 0.2))
        return left

    def _run(self) -> None:
        """The writer thread: save the head batch, or wait and try it again."""
        saver: Saver | None = None
        pause = FIRST_RETRY_S
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._items or self._closing)
                if self._closing:
                    return
                head = self._items[0]
            try:
                if saver is None:
                    saver = self._connect()
                saver.save_once(head.id, head.writes)
            except Exception as exc:  # locked, full, anything: the batch waits its turn
                reason = exc.reason if isinstance(exc, ProgressError) else "other"
                with self._cond:
                    self._reason = reason
                    self._cond.wait_for(lambda: self._closing, pause)
                pause = min(pause * 2, LONGEST_RETRY_S)
                continue
            pause = FIRST_RETRY_S
            with self._cond:
                self._items.popleft()
                self._saved += 1
                if not self._items:
                    self._reason = None
                self._cond.notify_all()
            if self.on_saved is not None:
                self.on_saved(head)
