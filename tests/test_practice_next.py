"""The next practice problem is made ready while the end dialog is up (issue 19).

When a problem is finished, the dialog offers the next one; while the learner reads it,
the next problem's graph and the formula check's draws are built, so ``n`` only opens
its screen. What the learner sees does not change: ``n`` opens that problem, Escape stays
in the finished one, and Enter there brings the dialog back with the same next problem.
"""

from __future__ import annotations

from typing import Any

from lesson_texts import answer_all_right

from tutor.app.practice import make_practice_app
from tutor.app.screens.complete import CompleteScreen
from tutor.app.screens.lesson import LessonScreen
from tutor.commands.practice import practice_source
from tutor.teach.formula_points import drawn

SIZE = (120, 36)


async def test_the_next_problem_is_built_while_the_dialog_is_up(tmp_path, monkeypatch):
    app = make_practice_app(practice_source(3, None, 7, None), data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen
        assert isinstance(first, LessonScreen)
        await answer_all_right(pilot, first)
        assert isinstance(app.screen, CompleteScreen)
        await app.workers.wait_for_complete()
        ready = app.ctx.prepared[first.index + 1]  # built before any key is pressed
        assert ready.lesson.name == "L3-8"
        assert drawn(ready)
        await pilot.press("escape")  # stay: nothing is opened, the problem stays ready
        await pilot.pause()
        assert app.screen is first
        assert app.ctx.prepared[first.index + 1] is ready
        await pilot.press("enter")  # the summary again, offering the same problem
        await pilot.pause()
        assert isinstance(app.screen, CompleteScreen)
        assert app.ctx.prepared[first.index + 1] is ready
        started: list[object] = []
        run_worker = app.run_worker

        def recorded(*args: Any, **kwargs: Any) -> Any:
            started.append(kwargs.get("group"))
            return run_worker(*args, **kwargs)

        monkeypatch.setattr(app, "run_worker", recorded)
        await pilot.press("n")
        await pilot.pause()
        nxt = app.screen
        assert isinstance(nxt, LessonScreen) and nxt.index == first.index + 1
        assert nxt.session.graph is ready  # the graph built while the dialog was up
        assert nxt.title.startswith("Practice, level 3: ")
        assert first.index + 1 not in app.ctx.prepared
        assert "formula" not in started  # its draws were built: no worker is started


async def test_a_practice_problems_dialog_speaks_of_problems(tmp_path):
    """'Problem solved' and 'Next problem (n)', not 'Lesson complete' and 'Next lesson (n)'."""
    from textual.widgets import Button, Label

    app = make_practice_app(practice_source(1, None, 3, None), data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await answer_all_right(pilot, app.screen)
        dialog = app.screen
        assert isinstance(dialog, CompleteScreen)
        assert str(dialog.query_one("#complete-title", Label).render()) == "Problem solved"
        assert str(dialog.query_one("#next", Button).label) == "Next problem (n)"


async def test_the_header_names_a_practice_problem_once(tmp_path):
    """'Practice, level 1: add', no code (the description has it); a lesson keeps its name."""
    app = make_practice_app(practice_source(1, None, 4, None), data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.title == "Practice, level 1: add" and app.screen.sub_title == ""


async def test_a_solved_practice_problem_never_says_lesson(tmp_path):
    """The dialog said 'Problem solved' while the question said 'Lesson complete' and a
    button 'Lesson list (l)'; the list it opens holds the problems drawn so far."""
    from textual.widgets import Button

    from tutor.app.widgets.question import QuestionPanel

    app = make_practice_app(practice_source(1, None, 3, None), data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lesson = app.screen
        await answer_all_right(pilot, lesson)
        dialog = app.screen
        assert isinstance(dialog, CompleteScreen)
        labels = [str(b.label) for b in dialog.query(Button)]
        assert "Problem list (l)" in labels and not any("Lesson" in t for t in labels)
        question = str(lesson.query_one(QuestionPanel).make_content())
        assert question == "All done: every gradient is known."
        assert "lesson" not in lesson.session.submit("1").message.lower()
