"""Lines that break where a reader expects at 80x24: a path at its separators, the stats
summary between its phrases (issue 19: ``/tmp/…/data/pictures/li`` over
``near-layer-step02.png``, and ``0 cards due`` over ``for review``)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from tutor.app.fitting import break_paths, pack, toast_width
from tutor.app.screens.stats import StatsScreen
from tutor.progress.review import Answer
from tutor.progress.store import Store
from tutor.skills import Skill

PATH = "/tmp/tmp.Qx81kLmZ3a/data/pictures/linear-layer-step02.png"


def test_a_long_path_breaks_after_a_separator_never_inside_a_name():
    text = break_paths(f"Picture saved to {PATH}", 37)
    pieces = text.split("\n")
    assert pieces[-1] == "linear-layer-step02.png"
    assert all(p.endswith("/") for p in pieces[:-1])
    assert text.replace("\n", "") == f"Picture saved to {PATH}"
    assert break_paths("Picture saved to /tmp/a.png", 37) == "Picture saved to /tmp/a.png"


def test_the_toast_width_follows_the_screen():
    assert toast_width(80) == 37 and toast_width(200) == 57


def test_phrases_are_packed_whole():
    parts = ["12 answers, 25% right", "median 10.0 s per answer", "0 cards due for review"]
    lines = pack(parts, 50).split("\n")
    assert lines == ["12 answers, 25% right · median 10.0 s per answer", "0 cards due for review"]
    assert pack(parts, 200) == " · ".join(parts)


async def test_the_stats_summary_at_80_columns_breaks_between_phrases(tmp_path: Path):
    from tutor.app.factory import make_app

    with Store.open(tmp_path) as store:
        for _ in range(3):
            store.log_answer(Answer("lesson", "x", "W", True, (Skill.MATMUL,), None))
    app = make_app(None, data_dir=tmp_path, keep_progress=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        shown = str(app.screen.query_one("#stats-summary", Static).render())
        lines = [line.strip() for line in shown.split("\n")]
        assert any(line.endswith("due for review") for line in lines), lines
        assert all(len(line) <= 78 for line in lines)
        assert not any(line.endswith(("due", "cards")) for line in lines)
