"""Issue 19's panels use the room they have: the matrix panel's rows are one line each at
every size, the backward table widens a column before it wraps a cell, and 'About this
lesson' grows on tall terminals."""

from __future__ import annotations

import pytest
from conftest import screen_lines

from tutor.app.widgets.matrix import MatrixPanel

#: The glyphs a vertical scrollbar draws with.
SCROLLBAR = "▁▂▃▄▅▆▇█▔"
SIZES = [(80, 24), (120, 36), (200, 60)]


def panel_lines(app, widget) -> list[str]:
    """The screen's lines inside ``widget``'s border, as drawn, its scrollbar left out."""
    r = widget.region
    rows = screen_lines(app)[r.y + 1 : r.bottom - 1]
    return [row[r.x + 1 : r.right - 1].rstrip(SCROLLBAR + " ") for row in rows]


@pytest.mark.parametrize("size", SIZES)
async def test_every_matrix_row_is_one_line_and_uses_the_width(app_for, size):
    app = app_for("makemore-ninja", keep_progress=False)
    async with app.run_test(size=size) as pilot:
        for _ in range(5):
            await pilot.press("ctrl+r")
            await pilot.pause()
        await pilot.pause()
        panel = app.screen.query_one(MatrixPanel)
        lines = panel_lines(app, panel)
        text = "\n".join(lines)
        rows = [line.strip() for line in lines if line.strip().startswith("[")]
        assert rows, text
        assert all(row.endswith("]") for row in rows), text
        assert not any(line.strip().startswith("…]") for line in lines), text
        # dprobs is (32, 27): as many columns as fit, and one more entry (8 cells) would not
        room = panel.scrollable_content_region.width
        widest = max(map(len, rows))
        assert widest <= room < widest + 8, (widest, room, text)
