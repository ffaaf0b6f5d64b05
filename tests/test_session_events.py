"""The session sends typed events to one observer; the app saves them and redraws."""

from __future__ import annotations

import dataclasses

import pytest
from lesson_texts import MICROGRAD

from tutor.answer_status import AnswerStatus
from tutor.app.context import AppContext
from tutor.app.recording import SessionFeed, StoreRecorder
from tutor.graph.build import build
from tutor.lesson.find import loads, resolve
from tutor.session import Session
from tutor.session_events import (
    AnswerTyped,
    HintShown,
    NodeRecord,
    NumericCheck,
    Reveal,
    RightAnswer,
    StateChanged,
    WrongTry,
)

RIGHT, REVEALED, PENDING = AnswerStatus.RIGHT, AnswerStatus.REVEALED, AnswerStatus.PENDING


def ticking() -> object:
    """A clock that moves 1.5 s each time it is read."""
    now = [100.0]

    def clock() -> float:
        now[0] += 1.5
        return now[0]

    return clock


def test_each_action_sends_its_event_then_the_state_change():
    events = []
    s = Session(build(loads(MICROGRAD)), events.append)
    s.clock = ticking()
    s._asked_at.clear()  # timed from the first question asked on this clock
    assert events == []  # building a session tells nobody anything
    s.submit("0")  # dL/dL wrong
    s.hint()
    s.submit("(")  # unreadable: no try, no event
    s.submit("1")
    s.numeric_check()
    s.numeric_check()  # the second look is free: no event
    s.reveal()
    kinds = [type(e).__name__ for e in events]
    assert kinds == [
        "WrongTry", "StateChanged", "HintShown", "StateChanged", "AnswerTyped", "RightAnswer",
        "StateChanged",
        "NumericCheck", "StateChanged", "Reveal", "StateChanged",
    ]  # fmt: skip
    wrong, hint, typed, right, check, reveal = (
        e for e in events if not isinstance(e, StateChanged)
    )
    assert typed == AnswerTyped("L", "1")
    assert wrong == WrongTry("L", 0, 1, 0.0, NodeRecord("L", PENDING, 1, 0, 0.0, 0), "output_one")
    assert hint == HintShown("L", NodeRecord("L", PENDING, 1, 1, 0.0, 0))
    assert right == RightAnswer("L", 1, 2, 4.5, NodeRecord("L", RIGHT, 1, 1, 0.65, 0))
    assert check == NumericCheck("d", NodeRecord("d", PENDING, 0, 0, 0.0, 1))
    assert reveal == Reveal("d", 1, 1, 3.0, NodeRecord("d", REVEALED, 0, 0, 0.0, 1))
    revisions = [e.revision for e in events if isinstance(e, StateChanged)]
    assert revisions == [1, 2, 3, 4, 5] and s.revision == 5


def test_a_repeated_mistake_s_hint_names_it_and_redraws_nothing():
    events = []
    s = Session(build(loads(MICROGRAD)), events.append)
    s.submit("1")
    s.submit("1")  # dL/dd: the upstream gradient alone, twice
    s.submit("1")
    del events[:]
    about = s.hint()
    assert about.kind == "mistake"
    assert events == [HintShown("d", NodeRecord("d", PENDING, 2, 0, 0.0, 0), "upstream_only")]


def test_events_are_frozen_and_the_old_callbacks_are_gone():
    event = StateChanged(3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.revision = 4  # type: ignore[misc]
    s = Session(build(loads(MICROGRAD)))
    for old in ("recorder", "try_recorder", "answer_logger", "listener"):
        assert not hasattr(s, old)
    s.submit("1")  # no observer: nothing to tell, nothing breaks


class Sink:
    """A progress store that notes every call."""

    notice = None

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def __getattr__(self, name: str):
        def call(*args):
            self.calls.append((name, *args))
            return {} if name in ("answers", "typed") else []

        return call


def test_the_store_adapter_saves_what_the_callbacks_saved_in_the_same_order():
    sink = Sink()
    ctx = AppContext([resolve("micrograd-labels")], 0, sink)
    s = ctx.session_for(0)
    assert isinstance(s.observer, SessionFeed) and isinstance(s.observer.recorder, StoreRecorder)
    s.clock = ticking()
    s._asked_at.clear()
    del sink.calls[:]  # start, answers, tries
    for step in ("0", "hint", "1", "check", "1", "1", "hint", "reveal"):
        {"hint": s.hint, "check": s.numeric_check, "reveal": s.reveal}.get(
            step, lambda step=step: s.submit(step)
        )()
    from tutor.progress import writes as w

    def old_form(write: w.Write) -> tuple:
        if isinstance(write, w.Log):
            return ("log_answer", repr(write.answer))
        if isinstance(write, w.Try):
            return ("record_try", write.lesson, write.variant, write.node, write.mistake)
        if isinstance(write, w.Typed):  # a right answer's text (the train view's formulas)
            return ("typed", write.lesson, write.variant, write.node, write.text)
        assert isinstance(write, w.Record)
        r = write
        record = NodeRecord(r.node, r.status, r.attempts, r.hints, r.score, r.checks)
        return ("record", r.lesson, r.variant, record)

    assert {c[0] for c in sink.calls} == {"save"}  # one transaction per event
    groups = [[old_form(write) for write in c[1]] for c in sink.calls]
    assert [len(g) for g in groups] == [3, 1, 3, 1, 3, 3, 1, 2]  # answer: log, try, record
    calls = [call for group in groups for call in group]
    key = ("micrograd-labels", "")
    answer = "Answer(source='lesson', lesson='micrograd-labels', node="
    assert calls == [
        ("log_answer", answer + "'L', correct=False, skills=(<Skill.UPSTREAM: 'upstream'>,), "
         "mistake='output_one', mistake_skill=<Skill.UPSTREAM: 'upstream'>, hints=0, tries=1, "
         "seconds=0.0)"),
        ("record_try", *key, "L", "output_one"),
        ("record", *key, NodeRecord("L", PENDING, 1, 0, 0.0, 0)),
        ("record", *key, NodeRecord("L", PENDING, 1, 1, 0.0, 0)),  # the hint
        ("log_answer", answer + "'L', correct=True, skills=(<Skill.UPSTREAM: 'upstream'>,), "
         "mistake=None, mistake_skill=None, hints=1, tries=2, seconds=4.5)"),
        ("typed", *key, "L", "1"),  # what was typed, in the answer's transaction
        ("record", *key, NodeRecord("L", RIGHT, 1, 1, 0.65, 0)),
        ("record", *key, NodeRecord("d", PENDING, 0, 0, 0.0, 1)),  # the check
        ("log_answer", answer + "'d', correct=False, skills=(<Skill.MUL: 'mul'>, "
         "<Skill.SIGN: 'sign'>), mistake='upstream_only', mistake_skill=<Skill.MUL: 'mul'>, "
         "hints=1, tries=1, seconds=3.0)"),
        ("record_try", *key, "d", "upstream_only"),
        ("record", *key, NodeRecord("d", PENDING, 1, 0, 0.0, 1)),
        ("log_answer", answer + "'d', correct=False, skills=(<Skill.MUL: 'mul'>, "
         "<Skill.SIGN: 'sign'>), mistake='upstream_only', mistake_skill=<Skill.MUL: 'mul'>, "
         "hints=1, tries=2, seconds=3.0)"),
        ("record_try", *key, "d", "upstream_only"),
        ("record", *key, NodeRecord("d", PENDING, 2, 0, 0.0, 1)),
        ("record", *key, NodeRecord("d", PENDING, 2, 0, 0.0, 1)),  # the mistake's own hint
        ("log_answer", answer + "'d', correct=False, skills=(<Skill.MUL: 'mul'>, "
         "<Skill.SIGN: 'sign'>), mistake=None, mistake_skill=None, hints=2, tries=3, "
         "seconds=3.0)"),
        ("record", *key, NodeRecord("d", REVEALED, 2, 0, 0.0, 1)),
    ]  # fmt: skip


async def test_the_lesson_screen_follows_its_session_while_mounted(app_for):
    app = app_for("micrograd-labels")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        feed = screen.session.observer
        assert isinstance(feed, SessionFeed) and feed.follower == screen.session_event
        before = screen.session.revision
        screen.session.submit("1")
        assert screen.revision == before + 1 == screen.session.revision  # redrawn at once
        await pilot.press("ctrl+l")  # the lesson list: the screen goes
        await pilot.pause()
        assert feed.follower is None
