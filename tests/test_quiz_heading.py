"""The quiz says it is a quiz from its first question: the header reads "Quiz 1 of 2: ..."
(it looked like any lesson until the scores at its end)."""

from __future__ import annotations

from lesson_texts import type_answer as answer
from textual.widgets._header import HeaderTitle

from tutor.app.factory import make_quiz_app
from tutor.app.screens.complete import CompleteScreen
from tutor.app.screens.lesson import LessonScreen


def header_text(app) -> str:
    return str(app.screen.query_one(HeaderTitle).render())


async def answer_all(pilot) -> None:
    while isinstance(pilot.app.screen, LessonScreen):
        s = pilot.app.screen.session
        await answer(pilot, repr(s.graph.nodes[s.current].grad))


async def test_the_header_names_the_quiz_and_its_place_from_the_first_question(tmp_path):
    app = make_quiz_app(["add-multiply-gates", "micrograd-labels"], data_dir=tmp_path, seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert header_text(app).startswith("Quiz 1 of 2: The add gate and the multiply gate")
        await answer_all(pilot)
        assert isinstance(app.screen, CompleteScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.session.graph.lesson.name == "micrograd-labels"
        assert header_text(app).startswith(
            "Quiz 2 of 2 (the lesson's own numbers): Labels and manual backprop"
        )


async def test_a_lesson_outside_a_quiz_is_not_called_one(app_for):
    app = app_for("micrograd-labels", keep_progress=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert header_text(app).startswith("Labels and manual backprop")
        assert "Quiz" not in header_text(app)


async def test_the_keys_a_quiz_turns_off_say_why(tmp_path):
    """ctrl+b, ctrl+f and ctrl+l did nothing in a quiz, and the key bar offers them."""
    from tutor.app.keys import key_for

    app = make_quiz_app(["add-multiply-gates", "micrograd-labels"], data_dir=tmp_path, seed=7)
    async with app.run_test(size=(120, 36)) as pilot:
        for key in ("ctrl+l", "ctrl+f", "ctrl+b", "ctrl+o"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, LessonScreen), key
            assert app.screen.session.graph.lesson.name == "add-multiply-gates"
        notes = [n.message for n in app._notifications]
        assert len(notes) == 4, notes
        for action in ("app.prev_lesson", "app.next_lesson", "app.lessons", "restart"):
            assert key_for(action).shown in notes[0]
        assert all(n.startswith("In a quiz the lessons come in order") for n in notes)


async def test_the_end_of_a_quiz_lesson_says_what_its_list_button_ends(tmp_path):
    """Mid-quiz, 'Finish (l)' ended the whole quiz while it read as finishing the lesson."""
    from textual.widgets import Button

    app = make_quiz_app(["add-multiply-gates", "micrograd-labels"], data_dir=tmp_path, seed=7)
    async with app.run_test(size=(120, 36)) as pilot:
        await answer_all(pilot)
        assert isinstance(app.screen, CompleteScreen)
        assert str(app.screen.query_one("#list", Button).label) == "End the quiz (l)"
        await pilot.press("n")
        await pilot.pause()
        await answer_all(pilot)
        assert str(app.screen.query_one("#list", Button).label) == "See the quiz scores (n)"


async def test_a_quiz_lesson_that_keeps_its_numbers_says_so(tmp_path):
    """The README promised fresh numbers; micrograd-labels (no ranges) kept a = 2, b = -3."""
    from tutor.lesson.find import load

    for lesson, own in (("micrograd-labels", True), ("neuron-tanh", False)):
        assert (not load(lesson).randomize) is own
        app = make_quiz_app([lesson], data_dir=tmp_path / lesson, seed=7)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            assert ("Quiz 1 of 1 (the lesson's own numbers): " in header_text(app)) is own
            graph = app.screen.session.graph
            same = all(graph.nodes[n].value == v for n, v in load(lesson).inputs.items())
            assert same is own


async def test_the_last_quiz_lesson_offers_the_scores_and_n_shows_them(tmp_path):
    """In "Quiz 1 of 1" the dialog offered a disabled 'Next in quiz (n)' and n did nothing."""
    from textual.widgets import Button, DataTable

    from tutor.app.screens.complete import QuizSummaryScreen

    app = make_quiz_app(["add-multiply-gates"], data_dir=tmp_path, seed=7)
    async with app.run_test(size=(120, 36)) as pilot:
        await answer_all(pilot)
        assert isinstance(app.screen, CompleteScreen)
        labels = [str(b.label) for b in app.screen.query(Button)]
        assert not any(b.disabled for b in app.screen.query(Button))
        assert "Next in quiz (n)" not in labels and "See the quiz scores (n)" in labels
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, QuizSummaryScreen)
        table = app.screen.query_one(DataTable)
        heads = [str(c.label) for c in table.columns.values()]
        assert heads == ["lesson", "score", "hints", "revealed"]
        assert str(table.get_row_at(0)[1]) == "5.00 of 5"
