"""Snapshot tests of the main screens (pytest-textual-snapshot, cursor blink off)."""

from __future__ import annotations

from textual.widgets import Input

SIZE = (120, 36)


async def no_blink(pilot) -> None:
    """Stop the answer box's cursor from blinking so screenshots are stable."""
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


def answers_then(*keys_groups: str, extra: tuple[str, ...] = ()):
    """A run_before that types answers (each followed by Enter) then presses ``extra``."""

    async def run(pilot) -> None:
        await no_blink(pilot)
        for answer in keys_groups:
            await pilot.press(*list(answer), "enter")
            await pilot.pause()
        if extra:
            await pilot.press(*extra)
        await no_blink(pilot)
        await pilot.pause()

    return run


def test_lesson_start(snap_compare, app_for):
    assert snap_compare(app_for(), terminal_size=SIZE, run_before=no_blink)


def test_mid_lesson_after_a_hint(snap_compare, app_for):
    run = answers_then("1", "f", "3", extra=("ctrl+t", "ctrl+t"))
    assert snap_compare(app_for(), terminal_size=SIZE, run_before=run)


def test_lesson_complete(snap_compare, app_for):
    run = answers_then("1", "f", "4", "-2", "-2", "6", "-4")
    assert snap_compare(app_for(), terminal_size=SIZE, run_before=run)


def test_help_screen(snap_compare, app_for):
    run = answers_then(extra=("f1",))
    assert snap_compare(app_for(), terminal_size=SIZE, run_before=run)


def test_lesson_list(snap_compare, app_for):
    assert snap_compare(app_for(None), terminal_size=SIZE, run_before=no_blink)


def test_small_terminal_80x24(snap_compare, app_for):
    assert snap_compare(app_for(), terminal_size=(80, 24), run_before=no_blink)


def test_tensor_lesson(snap_compare, app_for):
    run = answers_then("1")
    assert snap_compare(app_for("linear-layer"), terminal_size=SIZE, run_before=run)


def test_big_terminal_200x60(snap_compare, app_for):
    assert snap_compare(app_for(), terminal_size=(200, 60), run_before=no_blink)


def seeded_stats(folder) -> None:
    """A few days of answers at fixed times, so the stats screen draws the same each run."""
    from datetime import UTC, datetime, timedelta

    from tutor.progress.review import Answer
    from tutor.progress.store import Store
    from tutor.skills import Skill

    start = datetime(2026, 11, 20, 12, tzinfo=UTC)
    rows = [("one_consumer", Skill.SUM), ("wrong_axis", Skill.REDUCE), (None, Skill.MUL)]
    for i in range(40):
        moment = (start + timedelta(days=i % 5, minutes=i)).timestamp()
        code, skill = rows[i % 3] if i % 4 else (None, Skill.ADD)
        with Store.open(folder, clock=lambda m=moment: m) as store:
            store.log_answer(
                Answer(
                    source="lesson",
                    lesson="micrograd-labels",
                    node="a",
                    correct=code is None,
                    skills=(skill, Skill.UPSTREAM),
                    seconds=5.0 + i,
                    mistake=code,
                    mistake_skill=skill if code else None,
                )
            )


def test_stats_screen(snap_compare, app_for, tmp_path):
    seeded_stats(tmp_path / "data")
    run = answers_then(extra=("s",))
    assert snap_compare(app_for(None), terminal_size=SIZE, run_before=run)


def test_quiz_summary(snap_compare, tmp_path):
    from tutor.app.factory import make_quiz_app

    async def run(pilot) -> None:
        await no_blink(pilot)
        await pilot.press("ctrl+r")  # reveal the first: 0 points
        await pilot.pause()
        while pilot.app.screen.query("#answer"):
            s = pilot.app.screen.session
            await pilot.press(*list(repr(s.graph.nodes[s.current].grad)), "enter")
            await pilot.pause()
        await pilot.press("l")  # finish: the summary
        await no_blink(pilot)

    app = make_quiz_app(["add-multiply-gates"], data_dir=tmp_path, seed=7)
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_tensor_lesson_80x24(snap_compare, app_for):
    run = answers_then("1")
    assert snap_compare(app_for("gelu-tanh"), terminal_size=(80, 24), run_before=run)
