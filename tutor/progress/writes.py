"""What the progress store is asked to save, as plain data: one ``Write`` per change.

The app saves each answer as one batch of writes (the answer's event, its wrong try and the
node's record) committed in one transaction (``Store.save``). Each write carries the time it
happened, so a batch committed later (after a lock or a full disk, or from a recovery file
at the next start) keeps its place in the learner's history. Writes are JSON-able
(``to_json``, ``from_json``) for the recovery file (``tutor.progress.recovery``).

A later write never downgrades a node: once a node is ``right``, ``revealed`` or ``given``,
a ``pending`` record (wrong tries in another copy of the app) leaves it as it is.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tutor.answer_status import AnswerStatus
from tutor.grammar.limits import MAX_LENGTH
from tutor.skills import Skill

if TYPE_CHECKING:  # the review (and through it the misconception catalogue) loads at first use
    from tutor.progress.review import Answer

STATUSES = tuple(AnswerStatus)


@dataclass(frozen=True, slots=True)
class Start:
    """Open (or resume) an attempt of a lesson that asks ``total`` nodes."""

    lesson: str
    """The lesson's progress key."""
    variant: str
    """The attempt's variant key (``""`` or ``seed=N``)."""
    total: int
    """Nodes the attempt asks."""
    at: float
    """When (seconds since the epoch)."""


@dataclass(frozen=True, slots=True)
class Record:
    """A node's state: answered (``right``, ``revealed``, ``given``) or ``pending``."""

    lesson: str
    """The lesson's progress key."""
    variant: str
    """The attempt's variant key."""
    node: str
    """The node's name."""
    status: str
    """One of ``AnswerStatus``."""
    attempts: int
    """Wrong tries so far."""
    hints: int
    """Hint tiers shown."""
    score: float
    """Points earned (0..1)."""
    checks: int
    """Numeric checks charged."""
    at: float
    """When (seconds since the epoch)."""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {self.status!r}")


@dataclass(frozen=True, slots=True)
class Try:
    """One wrong try, with its mistake code (None: no mistake recognised)."""

    lesson: str
    """The lesson's progress key."""
    variant: str
    """The attempt's variant key."""
    node: str
    """The node's name."""
    mistake: str | None
    """The diagnosed mistake's code."""
    at: float
    """When (seconds since the epoch)."""


@dataclass(frozen=True, slots=True)
class Typed:
    """What the learner typed for a gradient found right (the train view uses its formulas)."""

    lesson: str
    """The lesson's progress key."""
    variant: str
    """The attempt's variant key."""
    node: str
    """The node's name."""
    text: str
    """The answer as typed (at most ``MAX_LENGTH`` characters)."""
    at: float
    """When (seconds since the epoch)."""

    def __post_init__(self) -> None:
        if len(self.text) > MAX_LENGTH:
            raise ValueError(f"text longer than {MAX_LENGTH} characters")


@dataclass(frozen=True, slots=True)
class Log:
    """One graded answer for the review and the stats (an event and its cards)."""

    answer: Answer
    """The answer."""
    at: float
    """When (seconds since the epoch)."""


@dataclass(frozen=True, slots=True)
class Finish:
    """A finished attempt and its score."""

    lesson: str
    """The lesson's progress key."""
    variant: str
    """The attempt's variant key."""
    score: float
    """Points earned."""
    max_score: float
    """Points possible (positive)."""
    at: float
    """When (seconds since the epoch)."""

    def __post_init__(self) -> None:
        if not self.max_score > 0:
            raise ValueError(f"max_score must be positive, not {self.max_score!r}")


@dataclass(frozen=True, slots=True)
class Restart:
    """Forget the answers of one attempt (finished results stay)."""

    lesson: str
    """The lesson's progress key."""
    variant: str
    """The attempt's variant key."""
    at: float
    """When (seconds since the epoch)."""


@dataclass(frozen=True, slots=True)
class Adopt:
    """Move what was saved under an older key to a new one, unless the new one has any."""

    old: str
    """The older key (``FOLDER/NAME``)."""
    new: str
    """The key of today."""


Write = Start | Record | Try | Typed | Log | Finish | Restart | Adopt
KINDS: dict[str, type[Write]] = {
    cls.__name__.lower(): cls for cls in (Start, Record, Try, Typed, Log, Finish, Restart, Adopt)
}


def is_answer(write: Write) -> bool:
    """Whether ``write`` saves a graded answer (what the status line counts)."""
    return isinstance(write, Log)


def _touch(
    conn: sqlite3.Connection, lesson: str, variant: str, at: float, total: int | None
) -> None:
    """Create or update the attempt row (``total`` None keeps the stored one)."""
    conn.execute(
        "INSERT INTO attempts VALUES (?, ?, ?, ?, ?) ON CONFLICT (lesson, variant) "
        "DO UPDATE SET last_played = max(excluded.last_played, last_played), "
        "total = coalesce(?, total)",
        (lesson, variant, total or 0, at, at, total),
    )


def apply(conn: sqlite3.Connection, write: Write) -> bool:
    """Carry out ``write`` inside the caller's transaction; return whether anything changed."""
    match write:
        case Start():
            _touch(conn, write.lesson, write.variant, write.at, write.total)
        case Record():
            _touch(conn, write.lesson, write.variant, write.at, None)
            conn.execute(
                "INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (lesson, variant, node) DO UPDATE SET status = excluded.status, "
                "attempts = max(excluded.attempts, attempts), hints = max(excluded.hints, hints),"
                " score = excluded.score, answered_at = excluded.answered_at, "
                "checks = max(excluded.checks, checks) WHERE status = 'pending'",
                (
                    write.lesson, write.variant, write.node, write.status, int(write.attempts),
                    int(write.hints), float(write.score), write.at, int(write.checks),
                ),
            )  # fmt: skip
        case Try():
            conn.execute(
                "INSERT INTO tries VALUES (?, ?, ?, ?, ?)",
                (write.lesson, write.variant, write.node, write.mistake, write.at),
            )
        case Typed():
            conn.execute(
                "INSERT INTO typed VALUES (?, ?, ?, ?, ?) ON CONFLICT (lesson, variant, node) "
                "DO UPDATE SET text = excluded.text, typed_at = excluded.typed_at",
                (write.lesson, write.variant, write.node, write.text, write.at),
            )
        case Log():
            from tutor.progress import review

            review.ensure_tables(conn)
            review.record(conn, write.answer, datetime.fromtimestamp(write.at, UTC))
        case Finish():
            _touch(conn, write.lesson, write.variant, write.at, None)
            conn.execute(
                "INSERT INTO results (lesson, variant, score, max_score, finished_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (write.lesson, write.variant, float(write.score), float(write.max_score), write.at),
            )
        case Restart():
            where = (write.lesson, write.variant)
            conn.execute("DELETE FROM answers WHERE lesson = ? AND variant = ?", where)
            conn.execute("DELETE FROM typed WHERE lesson = ? AND variant = ?", where)
            conn.execute(
                "UPDATE attempts SET started_at = ?, last_played = ? "
                "WHERE lesson = ? AND variant = ?",
                (write.at, write.at, *where),
            )
        case Adopt():
            return _adopt(conn, write)
    return True


def _adopt(conn: sqlite3.Connection, write: Adopt) -> bool:
    """Move the older key's records to the new key, when only the older key has any."""
    from tutor.progress.db import TABLES

    def has(key: str) -> bool:
        found = conn.execute(
            "SELECT 1 FROM attempts WHERE lesson = ? UNION SELECT 1 FROM results WHERE lesson = ?",
            (key, key),
        ).fetchone()
        return found is not None

    if write.old == write.new or has(write.new) or not has(write.old):
        return False
    for table in TABLES:
        conn.execute(f"UPDATE {table} SET lesson = ? WHERE lesson = ?", (write.new, write.old))
    return True


# -- JSON, for the recovery file -------------------------------------------------------------


def to_json(write: Write) -> dict[str, object]:
    """``write`` as a JSON object: its kind and fields (an answer's skills by name)."""
    if isinstance(write, Log):
        answer = asdict(write.answer)
        answer["skills"] = [s.value for s in write.answer.skills]
        skill = write.answer.mistake_skill
        answer["mistake_skill"] = skill.value if skill is not None else None
        return {"kind": "log", "answer": answer, "at": write.at}
    return {"kind": type(write).__name__.lower(), **asdict(write)}


class BadWrite(ValueError):
    """A recovery file's entry is not a write this program knows."""


_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "str | None": (str, type(None)),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
}


def _checked(cls: type, data: dict[str, object], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields of ``cls`` from ``data`` (but ``skip``), each of its declared type."""
    out: dict[str, Any] = {}
    for f in fields(cls):
        if f.name in skip:
            continue
        value = data.get(f.name)
        kinds = _TYPES.get(str(f.type), ())
        bad = not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds)
        if bad or (isinstance(value, float) and not math.isfinite(value)):
            raise BadWrite(f"{cls.__name__.lower()}: bad {f.name} {str(value)[:40]!r}")
        out[f.name] = value
    return out


def _answer(raw: object) -> Answer:
    """The answer of a ``log`` write's JSON."""
    from tutor.progress.review import Answer

    if not isinstance(raw, dict):
        raise BadWrite("log: no answer")
    known = {s.value: s for s in Skill}
    skills, mistake_skill = raw.get("skills"), raw.get("mistake_skill")
    if not isinstance(skills, list) or any(s not in known for s in skills):
        raise BadWrite("log: bad skills")
    if mistake_skill is not None and mistake_skill not in known:
        raise BadWrite("log: bad mistake_skill")
    plain = _checked(Answer, raw, skip=("skills", "mistake_skill"))
    plain["seconds"] = float(plain["seconds"])
    return Answer(
        skills=tuple(known[s] for s in skills),
        mistake_skill=known[mistake_skill] if mistake_skill is not None else None,
        **plain,
    )


def from_json(data: object) -> Write:
    """The write a ``to_json`` object stands for.

    Raises:
        BadWrite: not such an object (an unknown kind, a missing or mistyped field).

    """
    if not isinstance(data, dict) or data.get("kind") not in KINDS:
        raise BadWrite(f"not a write: {str(data)[:60]}")
    cls = KINDS[str(data["kind"])]
    try:
        if cls is Log:
            at = _checked(Log, data, skip=("answer",))["at"]
            return Log(_answer(data.get("answer")), float(at))
        return cls(**_checked(cls, data))
    except (TypeError, ValueError) as exc:
        if isinstance(exc, BadWrite):
            raise
        raise BadWrite(str(exc)) from None
