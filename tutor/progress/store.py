"""Saved progress: every answer in a small SQLite file, committed the moment it is given.

The file is ``progress.db`` in the data folder: ``--data-dir``, else ``$BACKPROP_TUTOR_DATA``,
else ``platformdirs.user_data_dir("backprop-tutor")``. It runs in WAL mode with a busy
timeout, so two copies of the tutor can write at once without losing each other's answers,
and each answer is its own transaction, so closing the terminal (or a ``kill -9``) loses
nothing already answered. A file that is not a usable progress database (random bytes, a
truncated file, a folder, someone else's schema) is moved aside to
``progress.db.corrupt-YYYYmmdd-HHMMSS`` and a fresh one is started; ``Store.notice`` says so.

A lesson is keyed by its name (the file's stem) when bundled, and by its resolved folder and
name (``/home/me/course/NAME``, ``tutor.lesson.course.course_key``) otherwise, so a copy of a
bundled lesson, or two folders with the same base name, never share progress. Keys of older
versions (``FOLDER/NAME``) are taken over by ``Store.adopt`` the first time such a lesson
is opened. Each lesson may have
several attempts, one per *variant*: ``""`` for the lesson's own numbers, ``"seed=N"`` for a
quiz variant. Finished attempts are kept as results; the best one is the lesson's best score.
What the store returns (``AnswerRecord``, ``LessonProgress``) is in ``tutor.progress.records``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.answer_status import AnswerStatus, LessonState
from tutor.progress.db import (
    DB_NAME,
    SCHEMA_VERSION,
    TABLES,
    ProgressError,
    Unusable,
    connect,
    data_path,
    move_aside,
)
from tutor.progress.records import AnswerRecord, LessonProgress

if TYPE_CHECKING:
    from tutor.progress.review import Answer, DueCard, Target
    from tutor.progress.stats import Stats
    from tutor.session_events import NodeRecord

__all__ = [
    "DB_NAME",
    "SCHEMA_VERSION",
    "ProgressError",
    "Store",
    "data_path",
]

STATUSES = tuple(AnswerStatus)


class Store:
    """The progress database; every method commits before it returns."""

    notice: str | None
    """Set when an unusable database file was moved aside: names the backup."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        notice: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._conn = conn
        self.path = path
        self.notice = notice
        self._clock = clock
        self._lock = threading.Lock()
        self._review_ready = False

    @classmethod
    def open(
        cls, data_dir: str | Path | None = None, clock: Callable[[], float] = time.time
    ) -> Store:
        """Open (creating if needed) the store in ``data_dir`` (see ``data_path``).

        Raises:
            ProgressError: the folder cannot be created, or a bad file cannot be moved aside.

        """
        folder = data_path(data_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            why = "a file is in its place" if isinstance(exc, FileExistsError) else exc.strerror
            raise ProgressError(f"cannot create the data folder {folder}: {why}") from None
        path = folder / DB_NAME
        notice = None
        try:
            conn = connect(path)
        except Unusable as exc:
            if not os.path.lexists(path):
                raise ProgressError(f"cannot create the progress file {path}: {exc}") from None
            backup = move_aside(path)
            if backup is not None:
                notice = (
                    f"progress file {path} was unusable ({exc}); "
                    f"moved it to {backup} and started afresh"
                )
            try:
                conn = connect(path)
            except Unusable as again:
                raise ProgressError(f"cannot create the progress file {path}: {again}") from None
        return cls(conn, path, notice, clock)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """Run a write transaction, committed on exit; sqlite errors become ``ProgressError``."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                    self._conn.execute("COMMIT")
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise ProgressError(f"cannot save progress in {self.path}: {exc}") from None

    def _query(self, sql: str, args: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of a read query; sqlite errors become ``ProgressError``."""
        with self._lock:
            try:
                return self._conn.execute(sql, args).fetchall()
            except sqlite3.Error as exc:
                raise ProgressError(f"cannot read progress from {self.path}: {exc}") from None

    def _touch(
        self,
        conn: sqlite3.Connection,
        lesson: str,
        variant: str,
        now: float,
        total: int | None = None,
    ) -> None:
        """Create or update the attempt row (``total`` None keeps the stored one)."""
        conn.execute(
            "INSERT INTO attempts VALUES (?, ?, ?, ?, ?) ON CONFLICT (lesson, variant) "
            "DO UPDATE SET last_played = excluded.last_played, total = coalesce(?, total)",
            (lesson, variant, total or 0, now, now, total),
        )

    def start(self, lesson: str, variant: str, total: int) -> None:
        """Open (or resume) the attempt ``variant`` of ``lesson``, which asks ``total`` nodes."""
        with self._tx() as conn:
            self._touch(conn, lesson, variant, self._clock(), total)

    def record(self, lesson: str, variant: str, r: NodeRecord) -> None:
        """Save node ``r.node``'s state (replacing an earlier one), committed at once.

        Raises:
            ValueError: an unknown status.

        """
        if r.status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {r.status!r}")
        now = self._clock()
        with self._tx() as conn:
            self._touch(conn, lesson, variant, now)
            conn.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    lesson,
                    variant,
                    r.node,
                    r.status,
                    int(r.attempts),
                    int(r.hints),
                    float(r.score),
                    now,
                    int(r.checks),
                ),
            )

    def record_try(self, lesson: str, variant: str, node: str, mistake: str | None) -> None:
        """Save one wrong try with its mistake code (None: no mistake recognised)."""
        now = self._clock()
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO tries VALUES (?, ?, ?, ?, ?)", (lesson, variant, node, mistake, now)
            )

    def tries(self, lesson: str, variant: str = "") -> list[tuple[str, str | None]]:
        """The wrong tries ``(node, mistake)`` of the current attempt (since its start)."""
        rows = self._query(
            "SELECT t.node, t.mistake FROM tries t JOIN attempts a "
            "ON a.lesson = t.lesson AND a.variant = t.variant "
            "WHERE t.lesson = ? AND t.variant = ? AND t.tried_at >= a.started_at "
            "ORDER BY t.tried_at, t.rowid",
            (lesson, variant),
        )
        return [(r[0], r[1]) for r in rows]

    def mistake_counts(self, lesson: str) -> dict[str, int]:
        """Wrong tries in every attempt of ``lesson`` by mistake code (``none``: unexplained)."""
        rows = self._query(
            "SELECT coalesce(mistake, 'none'), count(*) FROM tries WHERE lesson = ? "
            "GROUP BY 1 ORDER BY 2 DESC, 1",
            (lesson,),
        )
        return {r[0]: r[1] for r in rows}

    def log_answer(self, answer: Answer) -> None:
        """Save one graded answer for review and stats (an event, its cards), committed at once."""
        from tutor.progress import review

        with self._review() as conn:
            review.record(conn, answer, self._now())

    def due_cards(self) -> list[DueCard]:
        """The review cards due now, most overdue first."""
        from tutor.progress import review

        with self._review() as conn:
            return review.due(conn, self._now())

    def stats(self) -> Stats:
        """The learner's stats (``tutor.progress.stats``), now."""
        from tutor.progress.stats import stats

        with self._review() as conn:
            return stats(conn, self._now())

    def plan(self) -> Target:
        """What adaptive practice should aim at next, and why (``tutor.progress.review.plan``)."""
        from tutor.progress import review

        with self._review() as conn:
            return review.plan(conn, self._now())

    def _now(self) -> datetime:
        """The store's clock as an aware UTC time (review times are UTC)."""
        return datetime.fromtimestamp(self._clock(), UTC)

    @contextlib.contextmanager
    def _review(self) -> Iterator[sqlite3.Connection]:
        """A transaction on the review tables, created when missing (once per store)."""
        with self._tx() as conn:
            if not self._review_ready:
                from tutor.progress import review

                review.ensure_tables(conn)
            yield conn
        self._review_ready = True  # only once a transaction with the tables committed

    def answers(self, lesson: str, variant: str = "") -> dict[str, AnswerRecord]:
        """Return the saved answers of an attempt, by node, in the order they were given."""
        rows = self._query(
            "SELECT node, status, attempts, hints, score, answered_at, checks FROM answers "
            "WHERE lesson = ? AND variant = ? ORDER BY answered_at, rowid",
            (lesson, variant),
        )
        return {r[0]: AnswerRecord(*r) for r in rows}

    def finish(self, lesson: str, variant: str, score: float, max_score: float) -> None:
        """Record a finished attempt; the lesson's best score is the best of these.

        Raises:
            ValueError: ``max_score`` not positive.

        """
        if not max_score > 0:
            raise ValueError(f"max_score must be positive, not {max_score!r}")
        now = self._clock()
        with self._tx() as conn:
            self._touch(conn, lesson, variant, now)
            conn.execute(
                "INSERT INTO results (lesson, variant, score, max_score, finished_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (lesson, variant, float(score), float(max_score), now),
            )

    def restart(self, lesson: str, variant: str = "") -> None:
        """Forget the answers of one attempt (finished results and best score stay)."""
        now = self._clock()
        with self._tx() as conn:
            conn.execute("DELETE FROM answers WHERE lesson = ? AND variant = ?", (lesson, variant))
            conn.execute(
                "UPDATE attempts SET started_at = ?, last_played = ? "
                "WHERE lesson = ? AND variant = ?",
                (now, now, lesson, variant),
            )

    def lessons(self) -> list[str]:
        """Names of the lessons with anything saved, sorted."""
        rows = self._query(
            "SELECT lesson FROM attempts UNION SELECT lesson FROM results ORDER BY lesson"
        )
        return [r[0] for r in rows]

    def lesson_progress(self, lesson: str) -> LessonProgress:
        """Where the learner stands with ``lesson`` (``new`` with zeros if nothing is saved)."""
        attempts = self._query(
            "SELECT a.variant, a.total, a.last_played, "
            "(SELECT count(*) FROM answers n WHERE n.lesson = a.lesson AND n.variant = a.variant "
            "AND n.status != 'pending') "
            "FROM attempts a WHERE a.lesson = ? ORDER BY a.variant = '' DESC, a.last_played DESC",
            (lesson,),
        )
        best, finished, last_finish = self._query(
            "SELECT max(score / max_score), count(*), max(finished_at) FROM results "
            "WHERE lesson = ?",
            (lesson,),
        )[0]
        if not attempts and not finished:
            return LessonProgress(lesson, LessonState.NEW, 0, 0, None, None)
        answered = total = 0
        if attempts:
            _variant, total, _played, answered = attempts[0]
        times = [a[2] for a in attempts] + ([last_finish] if last_finish is not None else [])
        status = LessonState.DONE if finished else LessonState.STARTED
        best_score = round(min(max(best, 0.0), 1.0), 4) if best is not None else None
        return LessonProgress(
            lesson, status, answered, max(total, answered), best_score, max(times)
        )

    def adopt(self, old: str, new: str) -> bool:
        """Move what was saved under an older key ``old`` to ``new``, unless ``new`` has any.

        Older versions keyed an instructor's lesson by ``FOLDER/NAME`` (the folder's base
        name); it is now keyed by the resolved folder. The first lesson opened under the new
        key takes over the old key's records. Returns whether anything moved.
        """
        if old == new or self.lesson_progress(new).status != LessonState.NEW:
            return False
        if self.lesson_progress(old).status == LessonState.NEW:
            return False
        with self._tx() as conn:
            for table in TABLES:
                conn.execute(f"UPDATE {table} SET lesson = ? WHERE lesson = ?", (new, old))
        return True

    def summary(self) -> list[LessonProgress]:
        """Progress of every lesson with anything saved, sorted by name."""
        return [self.lesson_progress(name) for name in self.lessons()]

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
