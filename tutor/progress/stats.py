"""Stats over the learner's answers: accuracy per skill, mistakes over time, pace, streak.

Read from the ``events`` table that ``tutor.progress.review.record`` fills (one row per graded
answer, from lessons, quizzes, practice and review alike). ``stats`` returns plain data;
``backprop-tutor stats --json`` prints it and the app draws it as charts.
"""

from __future__ import annotations

import sqlite3
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo

from tutor.progress.bars import Bar
from tutor.progress.review import count_due, events
from tutor.progress.rows import Warn


@dataclass(slots=True)
class SkillStats:
    """How one skill is going."""

    answers: int = 0
    """Graded answers that practised it."""
    correct: int = 0
    """Of those, right ones."""
    mistakes: int = 0
    """Diagnosed mistakes counted against it."""

    @property
    def accuracy(self) -> float:
        """Right answers as a fraction (0 with no answers)."""
        return self.correct / self.answers if self.answers else 0.0


@dataclass(slots=True)
class Stats:
    """Everything ``stats`` reports."""

    answers: int = 0
    """Graded answers in all."""
    correct: int = 0
    """Right ones."""
    skills: dict[str, SkillStats] = field(default_factory=dict)
    """Per skill, by name, in ``Skill`` order."""
    mistakes: dict[str, int] = field(default_factory=dict)
    """Diagnosed mistakes by code, most frequent first."""
    mistakes_by_day: dict[str, dict[str, int]] = field(default_factory=dict)
    """Day (ISO date) -> mistake code -> count, oldest day first."""
    answers_per_day: dict[str, int] = field(default_factory=dict)
    """Day (ISO date) -> answers, oldest first; days without answers are left out."""
    median_seconds: float | None = None
    """Median time from question to answer (None: no answers)."""
    streak_days: int = 0
    """Days in a row, up to today (or yesterday), with at least one answer."""
    cards_due: int = 0
    """Review cards due now."""

    def as_json(self) -> dict[str, object]:
        """The ``stats --json`` form."""
        return {
            "answers": self.answers,
            "correct": self.correct,
            "accuracy": round(self.correct / self.answers, 4) if self.answers else None,
            "skills": {
                name: {
                    "answers": s.answers,
                    "correct": s.correct,
                    "accuracy": round(s.accuracy, 4) if s.answers else None,
                    "mistakes": s.mistakes,
                }
                for name, s in self.skills.items()
            },
            "mistakes": self.mistakes,
            "mistakes_by_day": self.mistakes_by_day,
            "answers_per_day": self.answers_per_day,
            "median_seconds": self.median_seconds,
            "streak_days": self.streak_days,
            "cards_due": self.cards_due,
        }


def stats(
    conn: sqlite3.Connection,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    warn: Warn | None = None,
) -> Stats:
    """Compute ``Stats`` from the events table; days are calendar days in ``tz`` (local).

    A damaged row is skipped (and told to ``warn``).
    """
    from tutor.skills import Skill

    now = now or datetime.now(UTC)
    out = Stats()
    per_skill: dict[str, SkillStats] = defaultdict(SkillStats)
    by_day: dict[str, Counter[str]] = defaultdict(Counter)
    per_day: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    seconds: list[float] = []
    for event in events(conn, warn):
        correct, mistake, mistake_skill = int(event.correct), event.mistake, event.mistake_skill
        day = event.at.astimezone(tz).date().isoformat()
        out.answers += 1
        out.correct += correct
        per_day[day] += 1
        seconds.append(event.seconds)
        for name in event.skills:
            per_skill[name].answers += 1
            per_skill[name].correct += correct
        if mistake:
            codes[mistake] += 1
            by_day[day][mistake] += 1
            if mistake_skill:
                per_skill[mistake_skill].mistakes += 1
    order = [s.value for s in Skill]
    out.skills = {
        name: per_skill[name]
        for name in sorted(per_skill, key=lambda n: (order.index(n) if n in order else 99, n))
    }
    out.mistakes = dict(codes.most_common())
    out.mistakes_by_day = {day: dict(by_day[day]) for day in sorted(by_day)}
    out.answers_per_day = dict(sorted(per_day.items()))
    out.median_seconds = round(statistics.median(seconds), 2) if seconds else None
    out.streak_days = _streak({date.fromisoformat(d) for d in per_day}, now.astimezone(tz).date())
    out.cards_due = count_due(conn, now)
    return out


def _streak(days: set[date], today: date) -> int:
    """Consecutive days with answers ending today, or yesterday if today has none yet."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


# -- the charts, as rows of bars (``tutor.progress.bars``) ---------------------------------


def skill_title(name: str) -> str:
    """A skill's human name (``summing over consumers``), from its saved value."""
    from tutor.skills import TITLES, Skill

    return next((TITLES[s] for s in Skill if s.value == name), name.replace("_", " "))


def mistake_title(code: str) -> str:
    """A mistake's one human name, its catalogue row's (``forgot to sum over consumers``)."""
    from tutor.teach.misconceptions import mistake_name

    return mistake_name(code)


def skill_bars(s: Stats) -> list[Bar]:
    """Accuracy per skill, in ``Skill`` order: ``70% of 23``; the full bar is 100%."""
    most = max((len(str(k.answers)) for k in s.skills.values()), default=1)
    return [
        Bar(skill_title(name), k.accuracy, f"{k.accuracy:4.0%} of {k.answers:<{most}}")
        for name, k in s.skills.items()
    ]


def mistake_bars(s: Stats, most: int = 8) -> list[Bar]:
    """The ``most`` most frequent mistakes under their human names, with their counts."""
    return [Bar(mistake_title(c), n, str(n)) for c, n in list(s.mistakes.items())[:most]]


def day_bars(s: Stats, days: int = 14) -> list[Bar]:
    """Answers on each of the last ``days`` days with answers (``2026-12-02``)."""
    return [Bar(day, n, str(n)) for day, n in list(s.answers_per_day.items())[-days:]]
