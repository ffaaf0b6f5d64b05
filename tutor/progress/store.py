"""Saved progress: every answer in a small SQLite file, committed the moment it is given.

The file is ``progress.db`` in the data folder: ``--data-dir``, else ``$BACKPROP_TUTOR_DATA``,
else ``platformdirs.user_data_dir("backprop-tutor")``. It runs in WAL mode with a busy
timeout, so two copies of the tutor can write at once without losing each other's answers,
and each answer is one transaction (``Store.save``: its event, wrong try and record
together), so closing the terminal (or a ``kill -9``) loses nothing already answered. A
file that is not a usable progress database (random bytes, a truncated file, a folder,
someone else's schema) is moved aside to ``progress.db.corrupt-YYYYmmdd-HHMMSS`` and a
fresh one is started; ``Store.notice`` says so. A file from a newer version is refused in
one line (exit 2) and left where it is. In a read-only data folder the store opens for
reading only (``Store.read_only``), with a notice that nothing will be saved. Every read is
validated (``tutor.progress.rows``): a damaged row is skipped, with a warning in
``Store.warnings``.

A lesson is keyed by its name (the file's stem) when bundled, and by its resolved folder and
name (``/home/me/course/NAME``, ``tutor.lesson.course.course_key``) otherwise, so a copy of a
bundled lesson, or two folders with the same base name, never share progress. Keys of older
versions (``FOLDER/NAME``) are taken over by ``Store.adopt`` the first time such a lesson
is opened. Each lesson may have
several attempts, one per *variant*: ``""`` for the lesson's own numbers, ``"seed=N"`` for a
quiz variant. Finished attempts are kept as results; the best one is the lesson's best score.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tutor.answer_status import AnswerStatus
from tutor.progress import writes as w
from tutor.progress.db import (
    DB_NAME,
    SCHEMA_VERSION,
    TABLES,
    ProgressError,
    Unusable,
    connect,
    connect_read_only,
    data_path,
    empty_read_only,
    move_aside,
    reason_of,
    writable,
)
from tutor.progress.reads import Reads
from tutor.progress.records import AnswerRecord, LessonProgress

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tutor.progress.review import Answer
    from tutor.session_events import NodeRecord

T = TypeVar("T")

__all__ = [
    "DB_NAME",
    "SCHEMA_VERSION",
    "AnswerRecord",
    "LessonProgress",
    "ProgressError",
    "Store",
    "data_path",
]

STATUSES = tuple(AnswerStatus)
#: The ids of the batches saved (``save_once``), created when first needed.
SAVED_BATCHES = (
    "CREATE TABLE IF NOT EXISTS saved_batches (id TEXT PRIMARY KEY, saved_at REAL NOT NULL)"
)
#: Said when the data folder is read-only.
READ_ONLY = "the data folder {folder} is read-only: progress is shown, but nothing will be saved"


class Store(Reads):
    """The progress database; every method commits before it returns."""

    notice: str | None
    """Set when an unusable database file was moved aside, or nothing can be saved."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        notice: str | None = None,
        clock: Callable[[], float] = time.time,
        read_only: bool = False,
    ) -> None:
        self._conn = conn
        self.path = path
        self.notice = notice
        self._clock = clock
        self._lock = threading.Lock()
        self.read_only = read_only
        """Opened for reading only (a read-only data folder): ``save`` refuses."""
        self.warnings: list[str] = []
        """One line per damaged row skipped by a read, in the order found."""
        self._warned: set[str] = set()

    @classmethod
    def open(
        cls,
        data_dir: str | Path | None = None,
        clock: Callable[[], float] = time.time,
        timeout: float | None = None,
    ) -> Store:
        """Open (creating if needed) the store in ``data_dir`` (see ``data_path``).

        ``timeout`` is how long a statement waits for another program's lock (seconds).

        Raises:
            ProgressError: a file of a newer version (exit 2), or one that cannot be used
                nor moved aside.

        """
        folder = data_path(data_dir)
        path = folder / DB_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise ProgressError(
                f"cannot create the data folder {folder}: a file is in its place"
            ) from None
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise ProgressError(
                    f"cannot create the data folder {folder}: {exc.strerror}"
                ) from None
            # not allowed to create it: nothing can be saved, and nothing was
            return cls(empty_read_only(), path, READ_ONLY.format(folder=folder), clock, True)
        wait = {} if timeout is None else {"timeout": timeout}
        try:
            return cls(connect(path, **wait), path, None, clock)
        except ProgressError as exc:
            if exc.reason != "readonly":
                raise
            problem = str(exc)
        except Unusable as exc:
            problem = str(exc)
        if not writable(folder):
            return cls._read_only(folder, path, clock)
        # the folder is fine: the file itself is the problem
        if not os.path.lexists(path):
            raise ProgressError(f"cannot create the progress file {path}: {problem}")
        backup = move_aside(path)
        notice = None
        if backup is not None:
            notice = (
                f"progress file {path} was unusable ({problem}); "
                f"moved it to {backup} and started afresh"
            )
        try:
            conn = connect(path, **wait)
        except Unusable as again:
            raise ProgressError(f"cannot create the progress file {path}: {again}") from None
        return cls(conn, path, notice, clock)

    @classmethod
    def _read_only(cls, folder: Path, path: Path, clock: Callable[[], float]) -> Store:
        """The store of a read-only data folder: its file read as it is, or nothing."""
        notice = READ_ONLY.format(folder=folder)
        conn, damaged = None, None
        if path.is_file():
            try:
                conn = connect_read_only(path)
            except Unusable as exc:
                damaged = str(exc)
        if damaged is not None:
            notice = f"progress file {path} is unusable ({damaged}) and {notice[4:]}"
        return cls(conn or empty_read_only(), path, notice, clock, read_only=True)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def writer(self, timeout: float) -> Store:
        """Another connection to the same file, for a writer thread (waits ``timeout`` s)."""
        if self.read_only:
            return self
        return Store(connect(self.path, timeout), self.path, None, self._clock)

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """Run a write transaction, committed on exit; sqlite errors become ``ProgressError``."""
        if self.read_only:
            raise ProgressError(self.notice or "nothing can be saved", reason="readonly")
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                    self._conn.execute("COMMIT")
                finally:
                    if self._conn.in_transaction:  # failed, or SQLite rolled back already
                        self._conn.execute("ROLLBACK")
            except sqlite3.Error as exc:
                raise ProgressError(
                    f"cannot save progress in {self.path}: {exc}", reason=reason_of(exc)
                ) from None

    def _query(self, sql: str, args: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of a read query; sqlite errors become ``ProgressError``."""
        with self._lock:
            try:
                return self._conn.execute(sql, args).fetchall()
            except sqlite3.Error as exc:
                raise ProgressError(
                    f"cannot read progress from {self.path}: {exc}", reason=reason_of(exc)
                ) from None

    def _with_conn(self, read: Callable[[sqlite3.Connection], T]) -> T:
        """``read`` on the store's connection; sqlite errors become ``ProgressError``."""
        with self._lock:
            try:
                return read(self._conn)
            except sqlite3.Error as exc:
                raise ProgressError(
                    f"cannot read progress from {self.path}: {exc}", reason=reason_of(exc)
                ) from None

    def warn(self, table: str, row: str, why: str) -> None:
        """Note a damaged row that a read skipped (once per row)."""
        line = f"skipped a damaged row in {self.path} (table {table}, {row}): {why}"
        if line not in self._warned:
            self._warned.add(line)
            self.warnings.append(line)

    def save(self, writes: Sequence[w.Write]) -> list[bool]:
        """Carry out ``writes`` in one transaction: all of them are saved, or none.

        Returns whether each changed anything (an ``Adopt`` may find nothing to move).
        """
        with self._tx() as conn:
            return [w.apply(conn, write) for write in writes]

    def save_once(self, batch_id: str, writes: Sequence[w.Write]) -> bool:
        """Carry out ``writes`` in one transaction, unless batch ``batch_id`` was saved already.

        The batch's id is committed with it (table ``saved_batches``), so a batch saved
        twice (by the write queue as the app quit, and from the recovery file) counts once.
        Returns whether it was saved now.
        """
        with self._tx() as conn:
            conn.execute(SAVED_BATCHES)
            try:
                conn.execute("INSERT INTO saved_batches VALUES (?, ?)", (batch_id, self._clock()))
            except sqlite3.IntegrityError:
                return False
            for write in writes:
                w.apply(conn, write)
            return True

    def start(self, lesson: str, variant: str, total: int) -> None:
        """Open (or resume) the attempt ``variant`` of ``lesson``, which asks ``total`` nodes."""
        self.save([w.Start(lesson, variant, total, self._clock())])

    def record(self, lesson: str, variant: str, r: NodeRecord) -> None:
        """Save node ``r.node``'s state, committed at once; an answered node is never downgraded.

        Raises:
            ValueError: an unknown status.

        """
        now = self._clock()
        record = (r.node, r.status, r.attempts, r.hints, r.score, r.checks)
        self.save([w.Record(lesson, variant, *record, now)])

    def record_try(self, lesson: str, variant: str, node: str, mistake: str | None) -> None:
        """Save one wrong try with its mistake code (None: no mistake recognised)."""
        self.save([w.Try(lesson, variant, node, mistake, self._clock())])

    def log_answer(self, answer: Answer) -> None:
        """Save one graded answer for review and stats (an event, its cards), committed at once."""
        self.save([w.Log(answer, self._clock())])

    def finish(self, lesson: str, variant: str, score: float, max_score: float) -> None:
        """Record a finished attempt; the lesson's best score is the best of these.

        Raises:
            ValueError: ``max_score`` not positive.

        """
        self.save([w.Finish(lesson, variant, score, max_score, self._clock())])

    def restart(self, lesson: str, variant: str = "") -> None:
        """Forget the answers of one attempt (finished results and best score stay)."""
        self.save([w.Restart(lesson, variant, self._clock())])

    def adopt(self, old: str, new: str) -> bool:
        """Move what was saved under an older key ``old`` to ``new``, unless ``new`` has any.

        Older versions keyed an instructor's lesson by ``FOLDER/NAME`` (the folder's base
        name); it is now keyed by the resolved folder. The first lesson opened under the new
        key takes over the old key's records. Returns whether anything moved.
        """
        return self.save([w.Adopt(old, new)])[0]

    def reset(self, lesson: str | None) -> int:
        """Forget everything saved about ``lesson`` (None: every lesson); return rows removed."""
        where, args = ("WHERE lesson = ?", (lesson,)) if lesson is not None else ("", ())
        removed = 0
        with self._tx() as conn:
            for table in TABLES:
                removed += conn.execute(f"DELETE FROM {table} {where}", args).rowcount
        return removed

    def close(self) -> None:
        """Close the database (everything is already committed)."""
        with self._lock:
            self._conn.close()
