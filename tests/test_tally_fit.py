"""The tally's counts are all on screen at 80x24 and at 120x36 (none cut off)."""

from __future__ import annotations

import pytest

from tutor.app.widgets.tally import TallyBar


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_every_count_of_the_tally_is_shown(app_for, size):
    app = app_for("micrograd-labels", keep_progress=False)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*"1", "enter", *"5", "enter")
        await pilot.pause()
        tally = app.screen.query_one(TallyBar)
        room = tally.content_size.width
        lines = str(tally.render()).split("\n")
        assert len(lines) == 2 and all(len(line) <= room for line in lines), (room, lines)
        shown = " ".join(lines)
        for part in ("Progress 1/7", "first try 1", "hints 0", "reveals 0", "wrong 1"):
            assert part in shown, shown
