"""A new lesson screen is laid out few times before it settles (issue 19).

Each layout of the lesson screen reflows it and repaints what moved (5-30 ms at 120x36),
and one asked for after the first paint waits for the screen's next refresh too: the
next practice problem's time on screen went mostly to layouts that a focus set in
``on_mount``, a title set there, a greeting written after the first refresh and a
description rendered after it each added. Counted here, never timed.
"""

from __future__ import annotations

from typing import Any

from lesson_texts import answer_all_right
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Input, RichLog, Static

from tutor.app.practice import make_practice_app
from tutor.app.screens.lesson import LessonScreen
from tutor.app.widgets.description import Description
from tutor.app.widgets.graph_tree import GraphTree
from tutor.commands.practice import practice_source

SIZE = (120, 36)
#: The first layout, the screen's own resize, the greeting (the log learns its width in
#: the first) and the header's title (Textual sets it through the app's queue, which may
#: come a refresh later): 3 or 4. Before, 6 to 7.
MOST = 4


def count_layouts(monkeypatch: Any) -> list[Screen[Any]]:
    """Every screen laid out from now on, once per layout."""
    laid_out: list[Screen[Any]] = []
    original = Screen._refresh_layout

    def counted(self: Screen[Any], size: Size | None = None, scroll: bool = False) -> None:
        laid_out.append(self)
        original(self, size, scroll)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return laid_out


def settled_right(screen: LessonScreen) -> None:
    """The screen shows what it shows when laid out more often."""
    assert screen.query_one("#answer", Input).has_focus
    assert not screen.query_one(GraphTree).has_focus
    assert screen.title == screen.lesson.title
    assert str(screen.query_one(Description).render()).strip()
    log = " ".join(line.text for line in screen.query_one("#feedback", RichLog).lines)
    assert "Work backwards from the output" in log


async def test_the_next_lesson_is_laid_out_at_most_four_times(app_for, monkeypatch):
    app = app_for("micrograd-labels")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen
        laid_out = count_layouts(monkeypatch)
        await pilot.press("ctrl+f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.index == first.index + 1
        assert laid_out.count(screen) <= MOST
        settled_right(screen)


async def test_the_next_practice_problem_is_laid_out_at_most_four_times(tmp_path, monkeypatch):
    app = make_practice_app(practice_source(5, None, 1000, None), data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        await answer_all_right(pilot, screen)
        laid_out = count_layouts(monkeypatch)
        await pilot.press("n")
        await pilot.pause()
        nxt = app.screen
        assert isinstance(nxt, LessonScreen) and nxt is not screen
        assert laid_out.count(nxt) <= MOST
        settled_right(nxt)


async def test_the_saving_line_is_drawn_again_only_when_it_changes(app_for, monkeypatch):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        status = screen.query_one("#save-status", Static)
        drawn: list[object] = []

        def update(content: object = "", **kwargs: Any) -> Static:
            drawn.append(content)
            return Static.update(status, content, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(status, "update", update)
        line = "2 answers not saved yet: the progress file is locked by another program"
        for shown in ["", line, line, line, ""]:  # the app asks every 0.25 s while writes wait
            screen.show_saving(shown)
        assert drawn == [line, ""]
        assert not status.display


async def test_a_new_lesson_screen_is_styled_for_its_size_before_its_first_resize(
    app_for, monkeypatch
):
    """The breakpoints' classes are there from the start: the screen's first Resize (when
    Textual sets them) changes none, so no widget is restyled for it (~7 ms at launch)."""
    from textual.dom import DOMNode

    restyled: list[Any] = []
    original = DOMNode.update_node_styles

    def counted(self: DOMNode, animate: bool = True) -> None:
        if isinstance(self, LessonScreen):
            restyled.append(self)
        original(self, animate)

    monkeypatch.setattr(DOMNode, "update_node_styles", counted)
    for size, classes in (((120, 36), {"-wide", "-tall"}), ((80, 24), {"-narrow", "-short"})):
        app = app_for()
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LessonScreen)
            assert classes <= screen.classes
            assert restyled == [screen]  # once, as the screen resumes (Textual's own)
            await pilot.resize_terminal(100, 30)  # a resize still moves the classes
            await pilot.pause()
            assert {"-narrow", "-short"} <= screen.classes
            assert not {"-wide", "-tall"} & screen.classes
            restyled.clear()
