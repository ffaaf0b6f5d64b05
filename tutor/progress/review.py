"""Spaced review of weak spots, scheduled with FSRS (the ``fsrs`` package, modern Anki's).

Every graded answer becomes an ``Answer`` event. The events drive two kinds of cards:
one per skill (``skill:mul``) and one per mistake the learner has shown
(``mistake:one_consumer``). Ratings come from the outcome:

- wrong, with a diagnosed mistake: Again on that mistake's card and on its skill's card;
- wrong, not diagnosed: Again on the cards of the question's skills;
- right after a hint or a wrong try: Hard; right: Good; right first time and fast: Easy,
  on the question's skill cards and on the learner's mistake cards of those skills.

Events and cards live in the progress database (tables ``events`` and ``cards``, created
when missing, so older files keep working); times are UTC.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from tutor.mistakes import Mistake
from tutor.progress import rows as v
from tutor.progress.skills import MISTAKE_SKILL
from tutor.skills import TITLES, Skill
from tutor.teach.misconceptions import mistake_name

if TYPE_CHECKING:
    from fsrs import Card

#: An answer this fast (seconds), right first time without hints, rates Easy.
FAST_SECONDS = 20.0

TABLES = {
    "events": "id INTEGER PRIMARY KEY, at TEXT NOT NULL, source TEXT NOT NULL, "
    "lesson TEXT NOT NULL, node TEXT NOT NULL, correct INTEGER NOT NULL, mistake TEXT, "
    "mistake_skill TEXT, hints INTEGER NOT NULL, tries INTEGER NOT NULL, "
    "seconds REAL NOT NULL, skills TEXT NOT NULL",
    "cards": "card TEXT PRIMARY KEY, kind TEXT NOT NULL, skill TEXT, fsrs TEXT NOT NULL, "
    "due TEXT NOT NULL, reviews INTEGER NOT NULL",
}


@dataclass(frozen=True, slots=True)
class Answer:
    """One graded answer, as the review and the stats see it."""

    source: str
    """Where it was given: ``lesson``, ``quiz``, ``practice`` or ``review``."""
    lesson: str
    """The lesson's progress key (or a practice problem's code)."""
    node: str
    """The node whose gradient was asked."""
    correct: bool
    """Graded right."""
    skills: tuple[Skill, ...]
    """What the question practises (``tutor.progress.skills.skills_of``)."""
    mistake: str | None = None
    """The diagnosed mistake's code, when wrong and diagnosed."""
    mistake_skill: Skill | None = None
    """The skill the mistake counts against (``tutor.progress.skills.mistake_skill``)."""
    hints: int = 0
    """Hints taken before this answer."""
    tries: int = 1
    """Which try this was (1: the first)."""
    seconds: float = 0.0
    """Time from the question to this answer."""


@dataclass(frozen=True, slots=True)
class DueCard:
    """A card that is due, with why."""

    card: str
    """``skill:NAME`` or ``mistake:CODE``."""
    skill: str | None
    """The skill a problem for this card should practise."""
    due: datetime
    """When it fell due (UTC)."""
    reason: str
    """Why it is here, in words for the learner."""

    def as_json(self) -> dict[str, object]:
        """The ``review --list --json`` form: card, skill, due (ISO 8601 UTC), reason."""
        return {
            "card": self.card,
            "skill": self.skill,
            "due": self.due.isoformat(timespec="seconds"),
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Event:
    """One graded answer as read back from the ``events`` table (validated)."""

    at: datetime
    """When (aware)."""
    correct: bool
    """Graded right."""
    mistake: str | None
    """The diagnosed mistake's code."""
    mistake_skill: str | None
    """The skill the mistake counts against."""
    seconds: float
    """Time from the question to the answer."""
    skills: tuple[str, ...]
    """The skills the question practises, by name."""


def _event(r: tuple[object, ...]) -> Event:
    """A valid ``events`` row (after its id)."""
    correct = v.count(r[1], "correct")
    if correct > 1:
        raise v.Bad(f"correct {correct!r} is not 0 or 1")
    skills = str(v.text(r[5], "skills"))
    return Event(
        v.iso(r[0], "at"), bool(correct), v.text(r[2], "mistake", optional=True),
        v.text(r[3], "mistake_skill", optional=True), v.number(r[4], "seconds", 0.0),
        tuple(skills.split(",")) if skills else (),
    )  # fmt: skip


def events(conn: sqlite3.Connection, warn: v.Warn | None = None) -> list[Event]:
    """Every valid event, oldest first; a damaged row is skipped (and told to ``warn``)."""
    rows = conn.execute(
        "SELECT id, at, correct, mistake, mistake_skill, seconds, skills FROM events ORDER BY id"
    ).fetchall()
    return v.checked(rows, "events", warn or _ignore, _event)


def _ignore(table: str, row: str, why: str) -> None:
    """Skip a damaged row without a word."""


def ensure_tables(conn: sqlite3.Connection) -> None:
    """Create the review tables when missing (older progress files lack them)."""
    for name, columns in TABLES.items():
        conn.execute(f"CREATE TABLE IF NOT EXISTS {name} ({columns})")
    conn.execute("CREATE INDEX IF NOT EXISTS events_at ON events (at)")


def rating_for(answer: Answer) -> int:
    """The FSRS rating (1 Again .. 4 Easy) an answer earns."""
    from fsrs import Rating

    if not answer.correct:
        return int(Rating.Again)
    if answer.hints or answer.tries > 1:
        return int(Rating.Hard)
    if answer.seconds <= FAST_SECONDS:
        return int(Rating.Easy)
    return int(Rating.Good)


def _touched(
    answer: Answer, mistake_cards: Iterable[tuple[str, str | None]]
) -> dict[str, tuple[str, str | None]]:
    """The cards an answer reviews: card id -> (kind, skill)."""
    cards: dict[str, tuple[str, str | None]] = {}
    if not answer.correct and answer.mistake:
        skill = answer.mistake_skill or MISTAKE_SKILL.get(answer.mistake)
        cards[f"mistake:{answer.mistake}"] = ("mistake", skill.value if skill else None)
        if skill is not None:
            cards[f"skill:{skill.value}"] = ("skill", skill.value)
        return cards
    for skill in answer.skills:
        cards[f"skill:{skill.value}"] = ("skill", skill.value)
    if answer.correct:
        mine = {s.value for s in answer.skills}
        for card, card_skill in mistake_cards:
            if card_skill in mine:
                cards[card] = ("mistake", card_skill)
    return cards


def record(conn: sqlite3.Connection, answer: Answer, now: datetime | None = None) -> None:
    """Save ``answer`` as an event and review the cards it touches (call inside a transaction)."""
    from fsrs import Card, Rating, Scheduler

    now = (now or datetime.now(UTC)).astimezone(UTC)
    conn.execute(
        "INSERT INTO events (at, source, lesson, node, correct, mistake, mistake_skill, hints,"
        " tries, seconds, skills) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            now.isoformat(),
            answer.source,
            answer.lesson,
            answer.node,
            int(answer.correct),
            answer.mistake,
            answer.mistake_skill.value if answer.mistake_skill else None,
            answer.hints,
            answer.tries,
            answer.seconds,
            ",".join(s.value for s in answer.skills),
        ),
    )
    existing = conn.execute("SELECT card, skill FROM cards WHERE kind = 'mistake'").fetchall()
    rating = Rating(rating_for(answer))
    scheduler = Scheduler(enable_fuzzing=False)  # the package's defaults; reproducible dues
    for card_id, (kind, skill) in _touched(answer, existing).items():
        row = conn.execute("SELECT fsrs, reviews FROM cards WHERE card = ?", (card_id,)).fetchone()
        card = _card(row[0], now) if row else Card(due=now)
        card, _log = scheduler.review_card(card, rating, review_datetime=now)
        conn.execute(
            "INSERT INTO cards (card, kind, skill, fsrs, due, reviews) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (card) DO UPDATE SET fsrs = excluded.fsrs, due = excluded.due,"
            " reviews = cards.reviews + 1",
            (card_id, kind, skill, json.dumps(card.to_dict()), _iso(card.due), 1),
        )


def _card(saved: object, now: datetime) -> Card:
    """The FSRS card saved as JSON, or a new one (due ``now``) when the saved text is damaged."""
    from fsrs import Card

    try:
        return Card.from_dict(json.loads(str(saved)))
    except (ValueError, TypeError, KeyError, AttributeError):
        return Card(due=now)


def _iso(moment: datetime) -> str:
    """A UTC ISO 8601 text (sorts as time)."""
    return moment.astimezone(UTC).isoformat()


def due(
    conn: sqlite3.Connection, now: datetime | None = None, warn: v.Warn | None = None
) -> list[DueCard]:
    """The cards due at ``now``, most overdue first, each with its reason."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    rows = conn.execute(
        "SELECT rowid, card, kind, skill, due FROM cards WHERE due <= ? ORDER BY due, card",
        (_iso(now),),
    ).fetchall()

    def read(r: tuple[object, ...]) -> tuple[str, str, str | None, datetime]:
        card, kind = str(v.text(r[0], "card")), str(v.text(r[1], "kind"))
        return card, kind, v.text(r[2], "skill", optional=True), v.iso(r[3], "due")

    cards = v.checked(rows, "cards", warn or _ignore, read)
    history = events(conn, warn) if cards else []
    return [
        DueCard(card, skill, when, _reason(history, card, kind, skill, now))
        for card, kind, skill, when in cards
    ]


def _reason(history: list[Event], card: str, kind: str, skill: str | None, now: datetime) -> str:
    """Why a card is due, from the learner's own history."""
    if kind == "mistake":
        code = card.partition(":")[2]
        times = [e.at for e in history if e.mistake == code]
        said = f"you made the mistake “{mistake_name(code)}”"
        if not times:
            return said
        return f"{said} {_times(len(times))} (last {_ago(max(times), now)})"
    title = next((TITLES[s] for s in Skill if s.value == skill), str(skill))
    recent = [e.correct for e in history if (skill in e.skills or e.mistake_skill == skill)][-20:]
    answered, right = len(recent), sum(recent)
    if not answered:
        return f"you have not practised {title} yet"
    if answered == 1:
        return f"your one answer on {title} was {'right' if right else 'wrong'}"
    return f"you got {right} of your last {answered} answers on {title} right"


def _times(n: int) -> str:
    """``once``, ``twice``, ``3 times``."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _ago(then: datetime, now: datetime) -> str:
    """``today``, ``yesterday``, ``3 days ago`` (by UTC calendar days)."""
    days = (now.astimezone(UTC).date() - then.astimezone(UTC).date()).days
    return {0: "today", 1: "yesterday"}.get(days, f"{days} days ago")


def count_due(conn: sqlite3.Connection, now: datetime | None = None) -> int:
    """How many cards are due at ``now``."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    row = conn.execute("SELECT COUNT(*) FROM cards WHERE due <= ?", (_iso(now),)).fetchone()
    return int(row[0])


# -- what to practise next ---------------------------------------------------------------------

#: The practice level and topic (``tutor.practice.problems.TOPICS``) that exercise each skill best.
SKILL_PRACTICE: dict[Skill, tuple[int, str | None]] = {
    Skill.ADD: (1, "add"),
    Skill.MUL: (1, "mul"),
    Skill.SIGN: (1, "sub"),
    Skill.EXP: (2, "exp"),
    Skill.LOG: (2, "log"),
    Skill.TANH: (2, "tanh"),
    Skill.SIGMOID: (2, "sigmoid"),
    Skill.RELU: (2, "relu"),
    Skill.TRIG: (2, "trig"),
    Skill.POW: (2, "pow"),
    Skill.UPSTREAM: (2, None),
    Skill.SUM: (3, "fanout"),
    Skill.DIV: (4, "softmax"),
    Skill.MATMUL: (6, "linear"),
    Skill.BROADCAST: (6, "bias"),
    Skill.REDUCE: (6, "linear"),
    Skill.SOFTMAX: (6, "cross-entropy"),
    Skill.GATHER: (6, "cross-entropy"),
}
#: Mistakes of no skill, and the practice that exercises each: rounding too early is
#: practised where every gradient has many digits (a tanh chain), not on exact decimals.
MISTAKE_PRACTICE: dict[str, tuple[int, str]] = {Mistake.ROUNDING: (2, "tanh")}
#: A skill counts as mastered from this accuracy, over at least ``MASTERY_ANSWERS`` answers.
MASTERY = 0.8
MASTERY_ANSWERS = 5


@dataclass(frozen=True, slots=True)
class Target:
    """What the next practice problem aims at, and why (shown to the learner)."""

    level: int
    """The practice level."""
    topic: str | None
    """The topic inside the level (None: any)."""
    reason: str
    """Why, in the learner's terms."""
    card: str | None = None
    """The review card it serves, if any."""


def target_for(card: DueCard) -> Target:
    """A problem aimed at a due card's skill (or, for a mistake of no skill, at the mistake)."""
    code = card.card.partition(":")[2] if card.card.startswith("mistake:") else ""
    if card.skill is None and code in MISTAKE_PRACTICE:
        level, topic = MISTAKE_PRACTICE[code]
        return Target(level, topic, card.reason, card.card)
    skill = next((s for s in Skill if s.value == card.skill), Skill.UPSTREAM)
    level, topic_or_any = SKILL_PRACTICE[skill]
    return Target(level, topic_or_any, card.reason, card.card)


def plan(
    conn: sqlite3.Connection, now: datetime | None = None, warn: v.Warn | None = None
) -> Target:
    """The next problem for adaptive practice, with why.

    A due card first, else the weakest skill (under 80% over its last 20 answers), else the
    first level with a skill not yet practised five times, else mixed graphs.
    """
    cards = due(conn, now, warn)
    if cards:
        return target_for(cards[0])
    seen: dict[str, list[int]] = {}
    for event in events(conn, warn):
        for name in event.skills:
            seen.setdefault(name, []).append(int(event.correct))
    weak = [
        (sum(v[-20:]) / len(v[-20:]), name)
        for name, v in seen.items()
        if len(v) >= 3 and sum(v[-20:]) / len(v[-20:]) < MASTERY
    ]
    if weak:
        accuracy, name = min(weak)
        skill = next(s for s in Skill if s.value == name)
        level, topic = SKILL_PRACTICE[skill]
        why = f"your weakest skill: {TITLES[skill]}, {accuracy:.0%} right lately"
        return Target(level, topic, why)
    for level in (1, 2, 3, 4, 6):
        skills = [s for s, (lv, _) in SKILL_PRACTICE.items() if lv == level]
        open_ = [s for s in skills if len(seen.get(s.value, [])) < MASTERY_ANSWERS]
        if open_:
            skill = open_[0]
            why = f"level {level}: {TITLES[skill]} is new to you"
            return Target(level, SKILL_PRACTICE[skill][1], why)
    return Target(5, None, "every skill mastered: mixed graphs of 10 to 20 nodes")
