"""Mistakes are data: saved per wrong try, counted by ``progress --json``, listed at the
end of a lesson, and a mistake made twice at one node gets a hint of its own."""

from __future__ import annotations

import json
import sqlite3

from lesson_texts import type_answer as answer
from textual.widgets import Label

from tutor.app.factory import make_app
from tutor.app.screens.complete import CompleteScreen
from tutor.app.screens.lesson import LessonScreen
from tutor.cli import main
from tutor.graph.build import build
from tutor.lesson.find import load
from tutor.progress.store import DB_NAME, Store
from tutor.session import Session
from tutor.session_events import NodeRecord, WrongTry

SIZE = (120, 36)


def micro_session(observer=None) -> Session:
    return Session(build(load("micrograd-labels")), observer)


def answer_until(session: Session, name: str) -> None:
    while session.current != name:
        session.submit(repr(session.graph.nodes[session.current].grad))


# -- the session ---------------------------------------------------------------------------


def test_wrong_tries_are_logged_with_their_code():
    seen = []

    def tries(event) -> None:
        if isinstance(event, WrongTry):
            seen.append((event.node, event.mistake))

    s = micro_session(tries)
    answer_until(s, "e")
    assert s.submit("1").mistake == "no_upstream"
    assert s.submit("123").mistake is None
    assert s.submit("(").kind == "unreadable"  # not a try
    assert s.mistakes == seen == [("e", "no_upstream"), ("e", None)]
    assert s.mistake_summary() == [("forgot the upstream gradient", 1)]


def test_a_mistake_made_twice_gets_the_next_hint():
    s = micro_session()
    answer_until(s, "a")
    first = s.hint()
    assert first.kind == "pattern"
    s.submit("-3")  # de/da alone
    assert s.hint().kind == "local"  # once is not yet a pattern
    s.submit("-3")
    about = s.hint()
    assert about.kind == "mistake"
    assert about.title == "About your answer: forgot the upstream gradient"
    assert "∂e/∂a, the local derivative alone" in about.text
    assert "dL/da = dL/de * ∂e/∂a" in about.text
    assert "6" not in about.text  # the answer is not given away
    # then the tiers carry on where they were: a's lesson hint writes numbers
    assert s.hint().kind == "lesson" and s.hint().kind == "numbers"
    assert s.cost("a") == 5 and s.tally.hints == 5


def test_two_different_mistakes_do_not_count_as_a_repeat():
    s = micro_session()
    answer_until(s, "a")
    s.submit("-3")  # no_upstream
    s.submit("-2")  # upstream_only
    assert s.hint().kind == "pattern"


# -- the store -----------------------------------------------------------------------------


def test_tries_are_saved_and_counted(tmp_path):
    with Store.open(tmp_path) as store:
        store.start("micrograd-labels", "", 7)
        store.record_try("micrograd-labels", "", "e", "no_upstream")
        store.record_try("micrograd-labels", "", "a", "no_upstream")
        store.record_try("micrograd-labels", "", "a", None)
        store.record_try("micrograd-labels", "seed=1", "a", "sign")
        assert store.tries("micrograd-labels") == [
            ("e", "no_upstream"),
            ("a", "no_upstream"),
            ("a", None),
        ]
        assert store.mistake_counts("micrograd-labels") == {
            "no_upstream": 2,
            "none": 1,
            "sign": 1,
        }
        assert store.reset("micrograd-labels") > 0
        assert store.mistake_counts("micrograd-labels") == {}


def test_a_file_from_before_the_tries_table_stays_readable(tmp_path):
    with Store.open(tmp_path) as store:
        store.start("micrograd-labels", "", 7)
        store.record("micrograd-labels", "", NodeRecord("L", "right", 0, 0, 1.0, 0))
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute("DROP TABLE tries")
    conn.commit()
    conn.close()
    with Store.open(tmp_path) as store:
        assert store.notice is None  # not moved aside
        assert set(store.answers("micrograd-labels")) == {"L"}
        store.record_try("micrograd-labels", "", "d", "sign")
        assert store.mistake_counts("micrograd-labels") == {"sign": 1}


def test_progress_json_counts_mistakes_by_code(tmp_path, capsys):
    with Store.open(tmp_path) as store:
        store.start("dlbook-sin", "", 5)
        store.record_try("dlbook-sin", "", "u4", "degrees")
        store.record_try("dlbook-sin", "", "u4", "degrees")
        store.record_try("dlbook-sin", "", "u3", None)
    assert main(["progress", "--json", "--data-dir", str(tmp_path)]) == 0
    rows = {r["lesson"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["dlbook-sin"]["mistakes"] == {"degrees": 2, "none": 1}
    assert rows["micrograd-labels"]["mistakes"] == {}


# -- the app -------------------------------------------------------------------------------


async def test_the_complete_dialog_lists_mistakes_by_name(tmp_path):
    data = tmp_path / "data"
    app = make_app("micrograd-labels", data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        for text in ["1", "f", "4", "-2", "1", "1", "-2", "-3", "6", "-4"]:
            await answer(pilot, text)
        assert isinstance(pilot.app.screen, CompleteScreen)
        label = pilot.app.screen.query_one("#mistakes", Label)
        assert str(label.render()) == "Mistakes: forgot the upstream gradient \u00d73"
    with Store.open(data) as store:
        assert store.mistake_counts("micrograd-labels") == {"no_upstream": 3}


async def test_mistakes_before_quitting_are_listed_after_resuming(tmp_path):
    data = tmp_path / "data"
    app = make_app("micrograd-labels", data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        for text in ["0", "1"]:
            await answer(pilot, text)
        await pilot.press("ctrl+q")
    again = make_app("micrograd-labels", data_dir=data)
    async with again.run_test(size=SIZE) as pilot:
        assert isinstance(pilot.app.screen, LessonScreen)
        assert pilot.app.screen.session.mistakes == [("L", "output_one")]
