"""What the progress store reads back, each row validated (``tutor.progress.rows``).

``Reads`` is the reading half of ``tutor.progress.store.Store``: where a learner stands with
a lesson, its saved answers and wrong tries, the review's cards and the stats. A damaged
row is skipped and named once in ``Store.warnings``; nothing read can raise past it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from tutor.answer_status import AnswerStatus, LessonState
from tutor.grammar.limits import MAX_LENGTH
from tutor.progress import rows as v
from tutor.progress.records import AnswerRecord, LessonProgress

if TYPE_CHECKING:
    from tutor.progress.review import DueCard, Target
    from tutor.progress.stats import Stats

T = TypeVar("T")


def _answer(r: tuple[object, ...]) -> AnswerRecord:
    """A valid ``answers`` row."""
    return AnswerRecord(
        str(v.text(r[0], "node")), v.status(r[1]), v.count(r[2], "attempts"),
        v.count(r[3], "hints"), v.number(r[4], "score", 0.0, 1.0), v.moment(r[5], "answered_at"),
        v.count(r[6], "checks"),
    )  # fmt: skip


def _typed(r: tuple[object, ...]) -> tuple[str, str, float]:
    """A valid ``typed`` row: ``(node, text, typed_at)``; a text too long is damage."""
    text = str(v.text(r[1], "text"))
    if len(text) > MAX_LENGTH:
        raise v.Bad(f"text of {len(text)} characters (at most {MAX_LENGTH})")
    return str(v.text(r[0], "node")), text, v.moment(r[2], "typed_at")


def _try(r: tuple[object, ...]) -> tuple[str, str | None]:
    """A valid ``tries`` row: ``(node, mistake)``."""
    v.moment(r[2], "tried_at")
    return str(v.text(r[0], "node")), v.text(r[1], "mistake", optional=True)


#: An attempt: its variant, the nodes it asks, when it started and when it was last played.
Attempt = tuple[str, int, float, float]


def progress_of(
    lesson: str,
    attempts: list[Attempt],
    results: list[tuple[float, float]],
    answers: Callable[[str, str], Mapping[str, AnswerRecord]],
) -> LessonProgress:
    """Where the learner stands with ``lesson``, from its attempts, results and answers.

    The attempt shown is the lesson's own numbers' (variant ``""``), else the latest.
    ``answers(lesson, variant)`` is the store's view of an attempt's answers (with the
    app's write queue, what is saved and what still waits).
    """
    if not attempts and not results:
        return LessonProgress(lesson, LessonState.NEW, 0, 0, None, None)
    answered = total = 0
    if attempts:
        attempts = sorted(attempts, key=lambda a: (a[0] != "", -a[3]))
        variant, total = attempts[0][0], attempts[0][1]
        saved = answers(lesson, variant).values()
        answered = sum(1 for a in saved if a.status != AnswerStatus.PENDING)
    times = [a[3] for a in attempts] + [r[1] for r in results]
    status = LessonState.DONE if results else LessonState.STARTED
    best = round(max(r[0] for r in results), 4) if results else None
    return LessonProgress(lesson, status, answered, max(total, answered), best, max(times))


def _attempt(r: tuple[object, ...]) -> Attempt:
    """A valid ``attempts`` row: variant, total, started_at, last_played."""
    variant, total = str(v.text(r[0], "variant")), v.count(r[1], "total")
    return variant, total, v.moment(r[2], "started_at"), v.moment(r[3], "last_played")


def _result(r: tuple[object, ...]) -> tuple[float, float]:
    """A valid ``results`` row: the fraction of the points earned, and when."""
    possible = v.number(r[1], "max_score", 0.0)
    if possible <= 0:
        raise v.Bad(f"max_score {possible!r} is not positive")
    score = v.number(r[0], "score")
    return min(max(score / possible, 0.0), 1.0), v.moment(r[2], "finished_at")


class Reads:
    """The reading half of the store (``_query`` and ``warn`` come from the store)."""

    _clock: Callable[[], float]

    def _query(self, sql: str, args: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def warn(self, table: str, row: str, why: str) -> None:
        """Note a damaged row that a read skipped."""
        raise NotImplementedError

    def _rows(
        self, table: str, sql: str, args: tuple[object, ...], read: Callable[[tuple[Any, ...]], Any]
    ) -> list[Any]:
        """``read`` of each valid row of ``sql`` (whose first column is the rowid)."""
        return v.checked(self._query(sql, args), table, self.warn, read)

    def answers(self, lesson: str, variant: str = "") -> dict[str, AnswerRecord]:
        """Return the saved answers of an attempt, by node, in the order they were given."""
        found: list[AnswerRecord] = self._rows(
            "answers",
            "SELECT rowid, node, status, attempts, hints, score, answered_at, checks FROM answers"
            " WHERE lesson = ? AND variant = ?",
            (lesson, variant),
            _answer,
        )
        found.sort(key=lambda a: a.answered_at)
        return {a.node: a for a in found}

    def typed(self, lesson: str, variant: str = "") -> dict[str, str]:
        """What was typed for the answers found right, by node, in the order typed."""
        found: list[tuple[str, str, float]] = self._rows(
            "typed",
            "SELECT rowid, node, text, typed_at FROM typed WHERE lesson = ? AND variant = ?",
            (lesson, variant),
            _typed,
        )
        found.sort(key=lambda row: row[2])
        return {node: text for node, text, _ in found}

    def tries(self, lesson: str, variant: str = "") -> list[tuple[str, str | None]]:
        """The wrong tries ``(node, mistake)`` of the current attempt (since its start)."""
        starts = self._rows(
            "attempts",
            "SELECT rowid, variant, total, started_at, last_played FROM attempts "
            "WHERE lesson = ? AND variant = ?",
            (lesson, variant),
            _attempt,
        )
        if not starts:
            return []
        return self._rows(
            "tries",
            "SELECT rowid, node, mistake, tried_at FROM tries WHERE lesson = ? AND variant = ? "
            "AND tried_at >= ? ORDER BY tried_at, rowid",
            (lesson, variant, starts[0][2]),
            _try,
        )

    def mistake_counts(self, lesson: str) -> dict[str, int]:
        """Wrong tries in every attempt of ``lesson`` by mistake code (``none``: unexplained)."""
        rows = self._query(
            "SELECT coalesce(mistake, 'none'), count(*) FROM tries WHERE lesson = ? "
            "GROUP BY 1 ORDER BY 2 DESC, 1",
            (lesson,),
        )
        return {str(r[0]): int(r[1]) for r in rows}

    def lessons(self) -> list[str]:
        """Names of the lessons with anything saved, sorted."""
        rows = self._query(
            "SELECT lesson FROM attempts UNION SELECT lesson FROM results ORDER BY lesson"
        )
        return [r[0] for r in rows if isinstance(r[0], str)]

    def lesson_progress(self, lesson: str) -> LessonProgress:
        """Where the learner stands with ``lesson`` (``new`` with zeros if nothing is saved)."""
        return progress_of(
            lesson, self.attempt_rows(lesson), self.result_rows(lesson), self.answers
        )

    def attempt_rows(self, lesson: str) -> list[Attempt]:
        """The attempts of ``lesson``: variant, total, started_at, last_played."""
        found: list[Attempt] = self._rows(
            "attempts",
            "SELECT rowid, variant, total, started_at, last_played FROM attempts WHERE lesson = ?",
            (lesson,),
            _attempt,
        )
        return found

    def result_rows(self, lesson: str) -> list[tuple[float, float]]:
        """The finished attempts of ``lesson``: the fraction of the points earned, and when."""
        found: list[tuple[float, float]] = self._rows(
            "results",
            "SELECT id, score, max_score, finished_at FROM results WHERE lesson = ?",
            (lesson,),
            _result,
        )
        return found

    def summary(self) -> list[LessonProgress]:
        """Progress of every lesson with anything saved, sorted by name."""
        return [self.lesson_progress(name) for name in self.lessons()]

    # -- the review and the stats ------------------------------------------------------

    def _with_conn(self, read: Callable[[sqlite3.Connection], T]) -> T:
        """``read`` on the store's connection; sqlite errors become ``ProgressError``."""
        raise NotImplementedError

    def _now(self) -> datetime:
        """The store's clock as an aware UTC time (review times are UTC)."""
        return datetime.fromtimestamp(self._clock(), UTC)

    def due_cards(self) -> list[DueCard]:
        """The review cards due now, most overdue first."""
        from tutor.progress import review

        return self._with_conn(lambda conn: review.due(conn, self._now(), self.warn))

    def stats(self) -> Stats:
        """The learner's stats (``tutor.progress.stats``), now."""
        from tutor.progress.stats import stats

        return self._with_conn(lambda conn: stats(conn, self._now(), warn=self.warn))

    def plan(self) -> Target:
        """What adaptive practice should aim at next, and why (``tutor.progress.review.plan``)."""
        from tutor.progress import review

        return self._with_conn(lambda conn: review.plan(conn, self._now(), self.warn))
