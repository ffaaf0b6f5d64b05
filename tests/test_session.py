"""The session model in plain Python: readiness, order, filling in, tallies, resume."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from lesson_texts import MICROGRAD

from tutor.graph.build import build
from tutor.lesson.find import loads
from tutor.session import GIVEN, PENDING, REVEALED, RIGHT, Session


def session(text: str = MICROGRAD, observer=None) -> Session:
    return Session(build(loads(text)), observer)


def recording(calls: list) -> object:
    """An observer keeping each node record it is sent as ``(node, status, attempts, hints,
    score, checks)``, what the store saves."""

    def observe(event) -> None:
        r = getattr(event, "record", None)
        if r is not None:
            calls.append((r.node, r.status, r.attempts, r.hints, r.score, r.checks))

    return observe


@dataclass
class Record:
    status: str
    attempts: object = 0
    hints: object = 0
    checks: object = 0


def test_starts_at_the_output_and_follows_the_order():
    s = session()
    seen = []
    while s.current is not None:
        seen.append(s.current)
        assert s.submit(repr(s.graph.nodes[s.current].grad)).kind == "right"
    assert seen == ["L", "d", "f", "c", "e", "a", "b"]
    assert s.complete and s.tally.first_try == 7 and s.score() == (7.0, 7.0)


def test_readiness_and_select():
    s = session()
    assert s.waiting_for("e") == ["d"]
    assert s.select("e") == "dL/de needs dL/dd first: e feeds d."
    assert s.current == "L"
    s.submit("1")
    assert s.select("f") is None and s.current == "f"
    assert "answered already" in s.select("L")
    assert "no node" in s.select("zz")


def test_wrong_and_unreadable_answers():
    s = session()
    assert s.submit("12*").kind == "unreadable"
    assert s.attempts.get("L", 0) == 0
    out = s.submit("0")
    assert out.kind == "wrong" and s.attempts["L"] == 1 and s.tally.wrong == 1
    s.submit("1")
    assert s.tally.first_try == 0  # right, but not at the first try
    points, possible = s.score()
    assert (points, possible) == (0.9, 7.0)


def test_ask_inputs_fills_in_the_rest():
    s = session(MICROGRAD + "ask: inputs\n")
    assert s.asked == ["f", "c", "a", "b"]
    # every node not asked is filled in as soon as its consumers are known (a cascade)
    assert s.status == {"L": GIVEN, "d": GIVEN, "e": GIVEN}
    assert s.current == "f"
    s.submit("4")
    assert s.current == "c"
    assert s.submit("-2").kind == "right"
    assert set(s.known) == {"L", "d", "e", "f", "c"}


def test_hints_and_reveal_count():
    s = session()
    s.submit("1")
    first = s.hint()
    second = s.hint()
    assert first.tier == 0 and second.tier == 1
    text, changed = s.reveal()
    assert "d" in changed and s.status["d"] == REVEALED
    assert s.tally.hints == 2 and s.tally.reveals == 1
    assert s.score() == (1.0, 7.0)  # a revealed node scores 0


def test_every_try_and_hint_is_recorded_as_it_happens():
    calls = []
    s = session(observer=recording(calls))
    s.submit("0")
    s.hint()
    s.submit("1")
    assert calls == [
        ("L", PENDING, 1, 0, 0.0, 0),
        ("L", PENDING, 1, 1, 0.0, 0),
        ("L", RIGHT, 1, 1, 0.65, 0),
    ]


def test_restore_replays_answers_and_pending_counts():
    s = session()
    s.restore(
        {
            "L": Record(RIGHT),
            "d": Record(REVEALED, 2, 1),
            "f": Record(PENDING, 3, 2),
            "a": Record(RIGHT),  # not ready (e is unanswered): ignored
            "ghost": Record(RIGHT),
        }
    )
    assert s.known == {"L": 1.0, "d": -2.0}
    assert s.current == "f"
    assert (s.attempts["f"], s.hints_taken["f"]) == (3, 2)
    assert s.tally.reveals == 1 and s.tally.first_try == 1
    assert s.tally.wrong == 5 and s.tally.hints == 3


@pytest.mark.parametrize("bad", ["x", None, -4, 10**400])
def test_restore_ignores_nonsense_counts(bad):
    s = session()
    s.restore({"L": Record(RIGHT, bad, bad)})
    assert s.known == {"L": 1.0}
    assert s.attempts["L"] >= 0 and s.hints_taken["L"] >= 0
    s.score()  # no exception


def test_a_numeric_check_costs_one_hint_once():
    calls = []
    s = session(observer=recording(calls))
    s.submit("1")
    assert "about -2.000" in s.numeric_check() or "-2.000" in s.numeric_check()
    s.numeric_check()  # the second look is free
    assert s.tally.hints == 1 and s.hints_taken.get("d", 0) == 0  # tiers not moved on
    s.submit("-2")
    assert s.tally.first_try == 1  # only L
    assert s.score()[0] == 1.0 + 0.75
    assert calls[-1] == ("d", RIGHT, 0, 0, 0.75, 1)  # no hint tier, one check


def test_a_restored_check_is_not_charged_again_and_tiers_resume():
    s = session()
    s.submit("1")
    s.numeric_check()
    s.hint()  # the lesson's own tier
    saved = {"L": Record(RIGHT), "d": Record(PENDING, 0, 1)}
    saved["d"].checks = 1
    again = session()
    again.restore(saved)
    assert again.current == "d" and again.tally.hints == 2
    again.numeric_check()
    assert again.tally.hints == 2 and again.cost("d") == 2  # charged once, before quitting
    assert again.hint().tier == 1  # the next tier, not the first again nor one skipped


def test_a_session_finishes_once_and_a_restored_complete_one_is_finished():
    s = session()
    assert not s.finish()  # not complete yet
    while s.current is not None:
        s.submit(repr(s.graph.nodes[s.current].grad))
    assert s.finish() and not s.finish()
    again = session()
    again.restore({name: Record(RIGHT) for name in s.asked})
    assert again.complete and not again.finish()
