"""Issue 19, reach: every panel and choice can be reached from the keyboard, at any size."""

from __future__ import annotations

import pytest
from lesson_texts import type_answer
from textual.widgets import Input, Markdown, RichLog, Static

from tutor.app.fitting import MIN_HEIGHT, MIN_WIDTH, fit_hint, split_outside_brackets, too_small
from tutor.app.screens.complete import CompleteScreen
from tutor.app.screens.help import HelpScreen, help_text
from tutor.app.screens.lesson import LessonScreen
from tutor.grammar.examples import examples
from tutor.scalar.kind import SCALAR

MICROGRAD = ["1", "f", "4", "-2", "-2", "6", "-4"]


# -- the placeholder --------------------------------------------------------------------


def test_split_outside_brackets_keeps_calls_whole():
    assert split_outside_brackets("e.g. dZ @ W.T, sum(dZ, axis=0), x", ", ") == [
        "e.g. dZ @ W.T",
        "sum(dZ, axis=0)",
        "x",
    ]


@pytest.mark.parametrize("width", range(8, 90))
def test_the_placeholder_fits_and_never_cuts_a_call(width):
    from tutor.tensor.kind import TENSOR

    for hint in (SCALAR.texts.answer_hint, TENSOR.texts.answer_hint):
        shown = fit_hint(hint, width)
        assert len(shown) <= width
        if not shown.endswith("…"):
            assert hint.startswith(shown)
            assert shown.count("(") == shown.count(")")  # "sum(dZ," is never left open


def test_the_tensor_placeholder_keeps_whole_examples():
    from tutor.tensor.kind import TENSOR

    assert fit_hint(TENSOR.texts.answer_hint, 40) == "an expression, e.g. dZ @ W.T"
    assert fit_hint(TENSOR.texts.answer_hint, 50) == "an expression, e.g. dZ @ W.T, sum(dZ, axis=0)"


async def test_the_answer_box_placeholder_fits_its_box(app_for):
    app = app_for("linear-layer", keep_progress=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#answer", Input)
        assert len(box.placeholder) < box.content_region.width
        assert box.placeholder == "an expression, e.g. dZ @ W.T"


# -- an unreadable answer -----------------------------------------------------------------


async def test_after_an_unreadable_answer_typing_replaces_it(app_for):
    app = app_for(keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await type_answer(pilot, "du312*")
        box = app.screen.query_one("#answer", Input)
        assert box.value == "du312*"
        assert box.selected_text == "du312*"
        await pilot.press("1", "enter")  # typed over the selection, not appended to it
        await pilot.pause()
        assert app.screen.session.current == "d"


# -- Lesson complete ---------------------------------------------------------------------


async def test_escape_on_lesson_complete_stays_in_the_lesson(app_for):
    app = app_for(keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        for answer in MICROGRAD:
            await type_answer(pilot, answer)
        assert isinstance(app.screen, CompleteScreen)
        assert app.screen.query_one("#stay")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.session.complete
        log = " ".join(line.text for line in app.screen.query_one("#feedback", RichLog).lines)
        assert "Enter shows its summary again" in " ".join(log.split())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CompleteScreen)
        await pilot.press("l")
        await pilot.pause()
        assert app.screen.query("#lessons")


# -- scrolling from the keyboard --------------------------------------------------------


async def test_page_keys_scroll_the_feedback_back_to_early_hints(app_for):
    app = app_for(keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await type_answer(pilot, "1")
        for _ in range(4):
            await pilot.press("ctrl+t")
            await pilot.pause()
        log = app.screen.query_one("#feedback", RichLog)
        assert log.max_scroll_y > 0
        bottom = log.scroll_y
        await pilot.press("pageup")
        await pilot.pause()
        assert log.scroll_y < bottom
        assert app.screen.query_one("#answer", Input).has_focus  # still typing
        await pilot.press("pagedown")
        await pilot.pause()
        assert log.scroll_y == bottom


async def test_ctrl_down_scrolls_about_this_lesson(app_for):
    app = app_for("makemore-ninja", keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.pause()
        about = app.screen.query_one("#about")
        assert about.max_scroll_y > 0
        await pilot.press("ctrl+down")
        await pilot.pause()
        assert about.scroll_y > 0
        await pilot.press("ctrl+up")
        await pilot.pause()
        assert about.scroll_y == 0


async def test_a_short_terminal_shows_about_in_the_feedbacks_place(app_for):
    app = app_for(keep_progress=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert not screen.query_one("#about").display
        await pilot.press("ctrl+down")
        await pilot.pause()
        assert screen.query_one("#about").display
        assert not screen.query_one("#feedback").display
        await pilot.press("pageup")
        await pilot.pause()
        assert screen.query_one("#feedback").display


# -- F1 help ----------------------------------------------------------------------------


def test_every_help_example_parses_in_its_dialect():
    from tutor.grammar.parse import parse
    from tutor.scalar.dialects import ANSWERS as SCALAR_ANSWERS
    from tutor.tensor.dialects import ANSWERS as TENSOR_ANSWERS

    for dialect in (SCALAR_ANSWERS, TENSOR_ANSWERS):
        listed = examples(dialect)
        assert {e.name for e in listed} >= set(dialect.functions)
        for e in listed:
            parse(e.text, dialect)  # raises if the help shows something unreadable


def test_tensor_help_names_gradients_functions_and_the_shape_check():
    from tutor.tensor.kind import TENSOR

    text = help_text(TENSOR)
    for words in ("`dX`", "grad(X)", "sum(X, axis=0, keepdims=True)", "X @ Y", "X.T"):
        assert words in text
    assert "shape must be the node's" in text
    assert "softmax(X, axis=-1)" in text
    assert "sum(X" not in help_text(SCALAR)


def test_tensor_help_speaks_of_tensors_with_examples_a_learner_could_type():
    """It reused the scalar words (``L = d * f``, ``b = a + a``), showed ``pick(X, Y)`` and
    two ``-`` rows with nothing to tell them apart."""
    from tutor.tensor.kind import TENSOR

    text = help_text(TENSOR)
    assert "L = d * f" not in text and "b = a + a" not in text
    assert "in `Z = X @ W`, dX is `dZ @ W.T`" in text and "`S = X + X`" in text
    assert "| `-` (subtract) | `X - Y` |" in text and "| `-` (negate) | `-X` |" in text
    for template in ("pick(X, Y)", "take(X, Y)", "onehot(X, 3)", "where(X, Y, Z)"):
        assert template not in text
    for concrete in ("pick(dlogprobs, Yb)", "take(C, Xb)", "onehot(Yb, 27)"):
        assert f"`{concrete}`" in text
    scalar = help_text(SCALAR)
    assert "in `L = d * f`, dL/dd is `f`" in scalar and "(`b = a + a`)" in scalar
    assert "| `-` (subtract) | `X - Y` |" in scalar and "| `-` (negate) | `-X` |" in scalar


async def test_f1_in_a_tensor_lesson_shows_tensor_answers(app_for):
    app = app_for("linear-layer", keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        source = app.screen.query_one(Markdown).source
        assert "sum(X, axis=0, keepdims=True)" in source
        assert "reshape(X, [4, -1])" in source


# -- too small ------------------------------------------------------------------------


def test_too_small_names_the_size_and_the_least():
    assert too_small(MIN_WIDTH, MIN_HEIGHT) is None
    notice = too_small(40, 12)
    assert notice is not None
    assert notice.startswith(f"terminal too small: 40×12, needs at least {MIN_WIDTH}×{MIN_HEIGHT}")


async def test_a_small_terminal_says_so_and_recovers(app_for):
    app = app_for(keep_progress=False)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        screen = app.screen
        notice = screen.query_one("#too-small", Static)
        assert notice.display
        assert "terminal too small: 40×12" in str(notice.render())
        assert not screen.query_one("#main").display
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not notice.display
        assert screen.query_one("#answer", Input).region.height > 0
