"""One learner working through one lesson: the state the app shows, in plain Python.

The session knows which gradients are answered, which node is current, which nodes are
ready (every consumer answered), the attempts and hints per node and the tally. The app
calls its methods and shows what they return. Every answer, wrong try, hint, check, reveal
and change of state is sent as it happens, as a typed event (``tutor.session_events``), to
the one observer given at construction: the app saves them and redraws from this state.
What an answer came to (``Outcome``) and the learner's record (``Tally``) are in
``tutor.session_results``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from tutor.answer_status import AnswerStatus, OutcomeKind
from tutor.graph.build import CONST, Graph
from tutor.notation import partial
from tutor.scoring import score as node_score
from tutor.session_events import (
    AnswerTyped,
    HintShown,
    NodeRecord,
    NumericCheck,
    Observer,
    Reveal,
    RightAnswer,
    SessionEvent,
    StateChanged,
    WrongTry,
)
from tutor.session_results import Outcome, Tally

if TYPE_CHECKING:
    from tutor.teach.hints import Hint

RIGHT, REVEALED, GIVEN, PENDING = (
    AnswerStatus.RIGHT,
    AnswerStatus.REVEALED,
    AnswerStatus.GIVEN,
    AnswerStatus.PENDING,
)
#: Saved tries or hints above this are taken as damage and capped.
MAX_COUNT = 1000

#: Diagnosed this many times at one node, a mistake gets a hint of its own.
REPEATED = 2


class Session:
    """The learner's progress through one lesson graph."""

    def __init__(self, graph: Graph[Any], observer: Observer | None = None) -> None:
        self.graph = graph
        self.observer = observer
        """Told every event (``tutor.session_events``); None: nobody is told."""
        reach = graph.reachable()
        self.reach = reach
        self.live_consumers: dict[str, tuple[str, ...]] = {
            n: tuple(c for c in node.consumers if c in reach) for n, node in graph.nodes.items()
        }
        self.asked: list[str] = list(graph.order)
        asked = set(self.asked)
        self._unasked = [
            n
            for n in reversed(list(graph.nodes))
            if n not in asked and n in reach and graph.nodes[n].kind != CONST
        ]
        self.known: dict[str, float] = {}
        self.status: dict[str, AnswerStatus] = {}
        self.attempts: dict[str, int] = {}
        self.hints_taken: dict[str, int] = {}
        self.nudged: set[str] = set()
        self.answers: dict[str, str] = {}
        """What the learner typed for each gradient found right, in the order answered."""
        self.mistakes: list[tuple[str, str | None]] = []
        """Every wrong try of this attempt: ``(node, mistake code or None)``."""
        self.clock: Callable[[], float] = time.monotonic
        """Times answers for the review (seconds from question to answer)."""
        self._asked_at: dict[str, float] = {}
        self._last_wrong: dict[tuple[str, str], float] = {}
        self._addressed: set[tuple[str, str]] = set()
        self._extra_hints: dict[str, int] = {}
        self.tally = Tally()
        self.last_wrong: dict[str, Any] = {}
        """The last wrong answer at each node (a tensor lesson's matrix panel marks it)."""
        self.current: str | None = None
        self.finished = False
        """Finished and its result recorded: a finished lesson records nothing more."""
        self.revision = 0
        """Counts changes of state; whatever shows the session redraws when it moves on."""
        self._fill_given()
        self.current = self.next_node()
        if self.current is not None:
            self._asked_at[self.current] = self.clock()

    # -- queries ----------------------------------------------------------------------

    @property
    def complete(self) -> bool:
        """Every asked node answered."""
        return all(n in self.known for n in self.asked)

    @property
    def answered_count(self) -> int:
        """Asked nodes answered so far."""
        return sum(1 for n in self.asked if n in self.known)

    def waiting_for(self, name: str) -> list[str]:
        """Consumers of ``name`` whose gradient is still unknown."""
        return [c for c in self.live_consumers.get(name, ()) if c not in self.known]

    def is_ready(self, name: str) -> bool:
        """Whether every consumer's gradient is known (the output is always ready)."""
        return not self.waiting_for(name)

    def next_node(self) -> str | None:
        """The first unanswered asked node in the lesson's order that is ready."""
        for name in self.asked:
            if name not in self.known and self.is_ready(name):
                return name
        return None

    def question(self, name: str | None = None) -> str:
        """``dL/de = ?`` for the current (or given) node."""
        target = name or self.current
        return f"{partial(self.graph.output, target)} = ?" if target else ""

    def score(self) -> tuple[float, float]:
        """Points earned and points possible (one per asked node)."""
        total = 0.0
        for name in self.asked:
            if self.status.get(name) == RIGHT:
                total += node_score(self.attempts.get(name, 0), self.cost(name), False)
        return total, float(len(self.asked))

    # -- actions ----------------------------------------------------------------------

    def select(self, name: str) -> str | None:
        """Make ``name`` current; returns why not when it cannot be answered yet."""
        node = self.graph.nodes.get(name)
        if node is None:
            return f"There is no node {name!r}."
        q = partial(self.graph.output, name)
        if node.kind == CONST:
            return f"{name} is a constant: nothing to answer there."
        if name in self.known:
            quoted = self.graph.kind.quote(self.known[name])
            return f"{q} is answered already" + ("." if quoted is None else f": {quoted}.")
        if name not in self.asked:
            return f"{q} is not asked in this lesson; the tutor fills it in."
        waiting = self.waiting_for(name)
        if waiting:
            needs = ", ".join(partial(self.graph.output, c) for c in waiting)
            feeds = ", ".join(waiting)
            return f"{q} needs {needs} first: {name} feeds {feeds}."
        if name != self.current:
            self.current = name
            self._changed()
        return None

    def submit(self, text: str) -> Outcome:
        """Grade an answer for the current node."""
        name = self.current
        if name is None:
            return Outcome(OutcomeKind.UNREADABLE, "Every gradient is known already.", "")
        from tutor.teach import grading  # at the first answer, not before the first screen

        try:
            value = grading.parse_answer(text, self.graph, self.known)
        except grading.AnswerError as exc:
            return Outcome(
                OutcomeKind.UNREADABLE, f"{exc.message} (not counted as an attempt)", name
            )
        tries = self.attempts.get(name, 0)
        verdict = grading.grade(self.graph, name, value, self.known, tries, text)
        timing = self._timing(name, tries + 1)
        if not verdict.correct:
            self.last_wrong[name] = value
            self.attempts[name] = tries + 1
            self.tally.wrong += 1
            self.mistakes.append((name, verdict.mistake))
            if verdict.mistake is not None:
                self._last_wrong[(name, verdict.mistake)] = value
            record = self._node_record(name, PENDING)
            self._tell(WrongTry(name, *timing, record, verdict.mistake))
            self._changed()
            stuck = tries + 1 >= grading.HELP_AFTER
            return Outcome(
                OutcomeKind.WRONG, verdict.message, name, verdict.mistake, value=value, stuck=stuck
            )
        if tries == 0 and self.cost(name) == 0:
            self.tally.first_try += 1
        self.answers[name] = text
        self._tell(AnswerTyped(name, text))
        changed = self._settle(name, RIGHT, timing)
        return Outcome(OutcomeKind.RIGHT, verdict.message, name, changed=changed, value=value)

    def hint(self) -> Hint | None:
        """The next hint tier for the current node (the last tier repeats)."""
        from tutor.teach import hints

        name = self.current
        if name is None:
            return None
        repeated = self._repeated_mistake(name)
        if repeated is not None:  # diagnosed twice here: the next hint is about that
            self._addressed.add((name, repeated))
            self._extra_hints[name] = self._extra_hints.get(name, 0) + 1
            self.tally.hints += 1
            self._tell(HintShown(name, self._node_record(name, PENDING), repeated))
            value = self._last_wrong[(name, repeated)]
            return hints.mistake_hint(self.graph, name, repeated, value)
        tiers = hints.hint_tiers(self.graph, name, self.known)
        taken = self.hints_taken.get(name, 0)
        if taken < len(tiers):
            self.hints_taken[name] = taken + 1
            self.tally.hints += 1
            self._tell(HintShown(name, self._node_record(name, PENDING)))
            self._changed()
        return tiers[min(taken, len(tiers) - 1)]

    def reveal(self) -> tuple[str, list[str]]:
        """Reveal the current node's answer with its derivation; it counts as revealed."""
        name = self.current
        if name is None:
            return "", []
        from tutor.teach import hints

        text = hints.reveal(self.graph, name)
        timing = self._timing(name, self.attempts.get(name, 0) + 1)
        self.tally.reveals += 1
        return text, self._settle(name, REVEALED, timing)

    def numeric_check(self) -> str:
        """The finite-difference estimate for the current node.

        It all but shows the answer, so the first check of an unanswered node costs what
        a hint costs (once per node; it does not move the hint tiers on).
        """
        name = self.current
        if name is None:
            return ""
        from tutor.teach import hints

        if name not in self.nudged:
            self.nudged.add(name)
            self.tally.hints += 1
            self._tell(NumericCheck(name, self._node_record(name, PENDING)))
            self._changed()
        return hints.numeric_check(self.graph, name)

    def numbers_shown(self, name: str) -> bool:
        """Whether the learner has seen the numbers tier at ``name`` (or the answer)."""
        if self.status.get(name) in (REVEALED, RIGHT, GIVEN):
            return True
        from tutor.teach import hints

        tiers = hints.hint_tiers(self.graph, name, self.known)
        at = [h.tier for h in tiers if h.kind == "numbers"]
        return bool(at) and self.hints_taken.get(name, 0) > at[0]

    def cost(self, name: str) -> int:
        """Hints charged to ``name``: tiers and mistake hints shown, one for a numeric check."""
        return (
            self.hints_taken.get(name, 0)
            + self._extra_hints.get(name, 0)
            + (1 if name in self.nudged else 0)
        )

    def _repeated_mistake(self, name: str) -> str | None:
        """A mistake diagnosed ``REPEATED`` times at ``name`` and not yet given its hint."""
        counts: dict[str, int] = {}
        for node, code in self.mistakes:
            if node == name and code is not None and (name, code) in self._last_wrong:
                counts[code] = counts.get(code, 0) + 1
        for code, n in counts.items():
            if n >= REPEATED and (name, code) not in self._addressed:
                return code
        return None

    def mistake_summary(self) -> list[tuple[str, int]]:
        """Diagnosed mistakes of this attempt by name, commonest first: ``[(name, count)]``."""
        from tutor.teach.misconceptions import mistake_name

        counts: dict[str, int] = {}
        for _, code in self.mistakes:
            if code is not None:
                label = mistake_name(code)
                counts[label] = counts.get(label, 0) + 1
        return sorted(counts.items(), key=lambda kv: -kv[1])

    def restore(self, records: Mapping[str, object]) -> None:
        """Replay saved records (``node -> record`` with status, attempts, hints, checks).

        Answers are replayed in the lesson's order while their node is ready; ``pending``
        records bring back the wrong tries and hints of a node not answered yet. Records
        that do not fit this graph (unknown nodes, nonsense counts) are ignored.
        """
        for name, record in records.items():
            if name in self.graph.nodes and getattr(record, "status", None) == PENDING:
                self._restore_counts(name, record)
        for name in self.asked:
            record = records.get(name)
            status = getattr(record, "status", None)
            if status not in (RIGHT, REVEALED) or name in self.known or not self.is_ready(name):
                continue
            self._restore_counts(name, record)
            if status == REVEALED:
                self.tally.reveals += 1
            elif self.attempts[name] == 0 and self.cost(name) == 0:
                self.tally.first_try += 1
            self.known[name] = self.graph.nodes[name].grad
            self.status[name] = AnswerStatus(status)
            self._fill_given()
        self.current = self.next_node()
        self.finished = self.complete  # every answer saved: it was finished before
        self._changed()

    def finish(self) -> bool:
        """Mark the lesson finished; True only the first time, when its result is to be kept."""
        if self.finished or not self.complete:
            return False
        self.finished = True
        return True

    def _restore_counts(self, name: str, record: object) -> None:
        """Set a node's wrong tries, hints and check from a saved record (bad values: 0)."""
        counts = []
        for field_name in ("attempts", "hints", "checks"):
            try:
                counts.append(min(max(0, int(getattr(record, field_name, 0))), MAX_COUNT))
            except (TypeError, ValueError, OverflowError):
                counts.append(0)
        checked = counts[2] > 0
        self.tally.wrong += counts[0] - self.attempts.get(name, 0)
        self.tally.hints += counts[1] + checked - self.cost(name)
        self.attempts[name], self.hints_taken[name] = counts[:2]
        if checked:
            self.nudged.add(name)
        else:
            self.nudged.discard(name)

    # -- internals ----------------------------------------------------------------------

    def _settle(self, name: str, status: AnswerStatus, timing: tuple[int, int, float]) -> list[str]:
        """Record ``name`` as known, fill in non-asked nodes, move to the next node.

        ``timing`` is the answer's ``(hints, tries, seconds)`` (``_timing``), for its event.
        """
        self.known[name] = self.graph.nodes[name].grad
        self.status[name] = status
        event = RightAnswer if status == RIGHT else Reveal
        self._tell(event(name, *timing, self._node_record(name, status)))
        changed = [name] + self._fill_given()
        self.current = self.next_node()
        self._changed()
        return changed

    def _changed(self) -> None:
        """Count a change of state and tell the observer, once the state is whole again."""
        if self.current is not None:
            self._asked_at.setdefault(self.current, self.clock())  # when it was first asked
        self.revision += 1
        self._tell(StateChanged(self.revision))

    def _tell(self, event: SessionEvent) -> None:
        """Send ``event`` to the observer, if there is one."""
        if self.observer is not None:
            self.observer(event)

    def _timing(self, name: str, tries: int) -> tuple[int, int, float]:
        """An answer's ``(hints charged, tries, seconds since the question or last try)``."""
        now = self.clock()
        seconds = now - self._asked_at.setdefault(name, now)
        self._asked_at[name] = now  # a next try is timed from this one
        return self.cost(name), tries, seconds

    def _node_record(self, name: str, status: AnswerStatus) -> NodeRecord:
        """Node ``name`` as the store keeps it (an answer, or a pending try, hint or check)."""
        attempts, taken = self.attempts.get(name, 0), self.cost(name)
        points = node_score(attempts, taken, status == REVEALED) if status != PENDING else 0.0
        tiers, checks = self.hints_taken.get(name, 0), int(name in self.nudged)
        return NodeRecord(name, status, attempts, tiers, points, checks)

    def _fill_given(self) -> list[str]:
        """Fill in every ready node the learner is not asked (a cascade); return them."""
        filled: list[str] = []
        progress = True
        while progress:
            progress = False
            for name in self._unasked:
                if name not in self.known and self.is_ready(name):
                    self.known[name] = self.graph.nodes[name].grad
                    self.status[name] = GIVEN
                    filled.append(name)
                    progress = True
        return filled
