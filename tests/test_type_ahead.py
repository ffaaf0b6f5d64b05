"""Typed input is never lost, merged or reordered (issue 18 item 12).

A learner types ahead: the next answer's keys arrive while the last one is graded. The
driver posts keys to the app as they come, so these tests post every key at once (as
``app.post_message`` from the driver does), instead of ``pilot.press``, which waits for
each key to be handled and so hides the race.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input, RichLog

from tutor.app.screens.complete import CompleteScreen
from tutor.app.screens.lesson import LessonScreen

SIZE = (120, 36)
NAMES = {"-": "minus", "*": "asterisk", ".": "full_stop", "+": "plus"}


def keys(*answers: str) -> list[events.Key]:
    """The key events of typing each answer and Enter."""
    out: list[events.Key] = []
    for text in answers:
        out += [events.Key(NAMES.get(c, c), c) for c in text]
        out.append(events.Key("enter", "\r"))
    return out


async def type_ahead(pilot, events_: list[events.Key]) -> None:
    """Post every key at once, then let the app work through them."""
    for event in events_:
        pilot.app.post_message(event)
    for _ in range(len(events_) // 4 + 10):
        await pilot.pause()


def seen_by(session) -> list[str]:
    """Record the texts the session is asked to grade, in order."""
    seen: list[str] = []
    submit = session.submit

    def spy(text: str):
        seen.append(text)
        return submit(text)

    session.submit = spy
    return seen


def chain(tmp_path: Path) -> Path:
    """A lesson of 28 nodes whose gradients alternate 1, -1, ... (merged answers are wrong)."""
    lines = ["title: Chain", "inputs: {a: 3}", "graph:", "  - x1 = a * -1"]
    lines += [f"  - x{i} = x{i - 1} * -1" for i in range(2, 27)] + ["  - L = x26 * -1"]
    path = tmp_path / "chain.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


async def test_28_right_answers_typed_back_to_back_are_all_graded_in_order(app_for, tmp_path):
    app = app_for(chain(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        s = app.screen.session
        seen = seen_by(s)
        answers = ["1" if i % 2 == 0 else "-1" for i in range(28)]
        await type_ahead(pilot, keys(*answers))
        assert seen == answers
        assert isinstance(app.screen, CompleteScreen)
        assert s.tally.first_try == 28 and s.tally.wrong == 0


async def test_200_fast_wrong_answers_are_all_graded_in_order(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        s = app.screen.session
        seen = seen_by(s)
        wrong = [str(i) for i in range(2, 202)]
        await type_ahead(pilot, keys(*wrong))
        assert seen == wrong
        assert s.tally.wrong == 200
        assert s.attempts["L"] == 200
        assert app.screen.query_one("#answer", Input).value == ""


async def test_backspace_is_applied_where_it_was_typed(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        s = app.screen.session
        seen = seen_by(s)
        typed = [events.Key("3", "3"), events.Key("backspace", None)]
        await type_ahead(pilot, typed + keys("1", "f"))  # L: "1" (the 3 was deleted), d: "f"
        assert seen == ["1", "f"]
        assert s.tally.first_try == 2 and s.current == "f"


async def test_an_unreadable_answer_comes_back_selected_and_typing_replaces_it(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await type_ahead(pilot, keys("12*"))
        box = app.screen.query_one("#answer", Input)
        assert box.value == "12*"
        assert box.selected_text == "12*"
        await type_ahead(pilot, keys("1"))
        assert app.screen.session.current == "d"  # "1" replaced the selected text


async def test_an_answer_typed_after_an_unreadable_one_is_never_merged_with_it(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        seen = seen_by(screen.session)
        await type_ahead(pilot, keys("12*", "1", "f"))
        assert seen == ["12*", "1", "f"]
        log = " ".join(line.text for line in screen.query_one("#feedback", RichLog).lines)
        assert log.count("12*") == 1  # said once, not again merged with the next answer
        assert screen.session.current == "f"
        assert screen.query_one("#answer", Input).value == ""


async def test_the_answer_box_does_not_blink(app_for):
    """A blinking cursor redraws twice a second: the idle screen's CPU (item 14)."""
    app = app_for()
    async with app.run_test(size=SIZE):
        box = app.screen.query_one("#answer", Input)
        assert box.has_focus
        assert box.cursor_blink is False
        assert box._blink_timer is None or not box._blink_timer._active.is_set()
