"""Tensor lessons in the app: they open, the tree shows shapes, the matrix panel shows the
current node and marks a wrong answer's bad entries, the table shows VJPs with shapes."""

from __future__ import annotations

import pytest
from test_app import SIZE, log_text, session, type_answer
from test_curriculum import CURRICULUM
from textual.widgets import DataTable

from tutor.app.factory import make_app
from tutor.app.screens.complete import CompleteScreen
from tutor.app.screens.lesson import LessonScreen
from tutor.app.widgets.graph_tree import GraphTree
from tutor.app.widgets.matrix import MatrixPanel


@pytest.fixture
def app_for(tmp_path):
    def build(lesson, **kwargs):
        return make_app(lesson, data_dir=tmp_path / "data", **kwargs)

    return build


def text_of(renderable) -> str:
    from rich.console import Console

    console = Console(width=200, record=True)
    console.print(renderable)
    return console.export_text()


async def test_linear_layer_finishes_by_typing_expressions(app_for):
    app = app_for("linear-layer")
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, LessonScreen)
        tree = app.screen.query_one(GraphTree)
        assert str(tree.label_for(tree.rows["W"][0].data)).split() == ["W", "(3,", "2)", "?"]
        answers = CURRICULUM["linear-layer"]
        s = session(pilot)
        while s.current is not None:
            await type_answer(pilot, answers[s.current])
        assert isinstance(app.screen, CompleteScreen)
        lesson = app.screen_stack[-2]
        done = text_of(lesson.query_one(MatrixPanel).render_state())
        assert done.strip() == "All done: every gradient is known."  # as the question says
        table = lesson.query_one("#table", DataTable)
        texts = " ".join(" ".join(row) for row in lesson.query_one("#table").texts)
        assert "dW += X.T @ dXW" in texts and "(3, 2)" in texts
        assert table.row_count >= 7


async def test_the_matrix_panel_marks_wrong_entries(app_for):
    app = app_for("linear-layer")
    async with app.run_test(size=SIZE) as pilot:
        answers = CURRICULUM["linear-layer"]
        while session(pilot).current != "W":
            await type_answer(pilot, answers[session(pilot).current])
        panel = app.screen.query_one(MatrixPanel)
        shown = text_of(panel.render_state())
        assert "W (value), shape (3, 2)" in shown and "dXW (upstream), shape (4, 2)" in shown
        await type_answer(pilot, "dXW.T @ X")  # the transpose: a shape mismatch
        assert "dW must have the shape of W, (3, 2); yours is (2, 3)" in log_text(pilot)
        shown = text_of(panel.render_state())
        assert "your dW, shape (2, 3): must be (3, 2)" in shown
        right = shown.split("right dW, shape (3, 2)")[1].split("(the numbers tier")[0]
        assert set(right.split()) == {"[", "·", "]"}  # hidden before the numbers tier
        await type_answer(pilot, "X.T @ dXW + [[0, 0], [0, 0], [1, 0]]")
        shown = text_of(panel.render_state())
        assert "your dW, shape (3, 2): 1 wrong (red)" in shown
        assert "maxdiff 1 at [2, 0]" in log_text(pilot)
        for _ in range(4):
            await pilot.press("ctrl+t")
            await pilot.pause()
        assert app.screen.session.numbers_shown("W")
        assert "·" not in text_of(panel.render_state())


@pytest.mark.parametrize("name", [*CURRICULUM, "makemore-ninja"])
async def test_every_tensor_lesson_opens_and_reveals_to_the_end(app_for, name):
    app = app_for(name)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, LessonScreen)
        s = app.screen.session
        while s.current is not None:
            await pilot.press("ctrl+r")
            await pilot.pause()
        assert isinstance(app.screen, CompleteScreen)


async def test_numeric_check_picture_and_resume(app_for, tmp_path):
    app = app_for("max-route")
    async with app.run_test(size=SIZE) as pilot:
        s = session(pilot)
        await type_answer(pilot, "1")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "random direction" in log_text(pilot)
        await pilot.press("ctrl+g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert s.current == "s"
        assert list((tmp_path / "data" / "pictures").glob("max-route-step01.*"))
    again = app_for("max-route")
    async with again.run_test(size=SIZE) as pilot:
        assert session(pilot).known.keys() >= {"loss"}
        assert session(pilot).current == "s"


async def test_a_generated_hint_keeps_its_lines(app_for):
    """The VJP tier is lines (the term, then its rule of thumb): the app shows them as lines,
    not flowed into one paragraph as a lesson's Markdown hint would be."""
    app = app_for("makemore-ninja")
    async with app.run_test(size=SIZE) as pilot:
        s = session(pilot)
        while s.current != "logprobs":
            await pilot.press("ctrl+r")
            await pilot.pause()
        for _ in range(2):  # pattern, then local (the VJP)
            await pilot.press("ctrl+t")
            await pilot.pause()
        log = app.screen.query_one("#feedback")
        lines = [line.text.strip("│ ") for line in log.lines]
        assert any(line.startswith("Rule of thumb: pick takes one entry") for line in lines)
        assert not any("Yb (32,)]" in line and "Rule of thumb" in line for line in lines)
