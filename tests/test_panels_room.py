"""Issue 19's panels use the room they have: the matrix panel's rows are one line each at
every size, the backward table widens a column before it wraps a cell, and 'About this
lesson' grows on tall terminals."""

from __future__ import annotations

import pytest
from conftest import screen_lines
from lesson_texts import type_answer

from tutor.app.table_fit import cell_lines, widen
from tutor.app.widgets.grad_table import SCROLLBAR as SCROLL
from tutor.app.widgets.grad_table import GradTable
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


def table_text(app) -> list[str]:
    """The backward table's lines on the screen (inside its border)."""
    return panel_lines(app, app.screen.query_one(GradTable))


async def test_the_table_widens_the_vjp_before_wrapping_it_over_three_lines(app_for):
    app = app_for("linear-layer", keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(3):
            await pilot.press("ctrl+r")
            await pilot.pause()
        await pilot.pause()
        table = app.screen.query_one(GradTable)
        fitted = table.fit_columns()
        keep, widths, gap, most = fitted
        scrolls = table.lines(fitted) > table.size.height
        spare = table.size.width - SCROLL * scrolls - gap * len(keep) - sum(widths)
        for i, width in zip(keep, widths, strict=True):
            # a wrapped column would take fewer lines with the room left over
            lines = sum(len(cell_lines(t[i], width, most)) for t in table.texts)
            wider = sum(len(cell_lines(t[i], width + spare, most)) for t in table.texts)
            assert wider == lines, (table.labels[i], widths, spare)
        text = "\n".join(table_text(app))
        assert "dE2 += ones(4, 2)" in text, text  # two lines at most, not three


async def test_a_short_label_is_not_wrapped_while_a_column_shows_nothing(app_for):
    app = app_for("micrograd-labels", keep_progress=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_answer(pilot, "1")
        await pilot.pause()
        text = "\n".join(table_text(app))
        assert "L (output)" in text, text


def test_widen_spends_the_spare_cells_where_they_save_lines():
    rows = [("loss (output)", "dloss = 1"), ("mean(E2)", "dE2 += ones(4, 2) * dloss / 8")]
    # op wrapped at 8 (two lines), the VJP at 11 (three); six cells spare: five unwrap the op
    assert widen(rows, [8, 11], [13, 29], 6, 4) == [13, 11]
    rows.append(("E**2", "dE += 2 * E * dE2"))
    # six to the VJP save two of its rows' lines, a line of a cell more: worth the one more
    assert widen(rows, [8, 11], [13, 29], 6, 4) == [8, 17]
    assert widen(rows, [8, 11], [13, 29], 0, 4) == [8, 11]
    assert widen(rows, [8, 11], [13, 29], 40, 4) == [13, 29]  # room for all: nothing wraps


@pytest.mark.parametrize("size", SIZES)
async def test_about_this_lesson_grows_with_the_terminal(app_for, size):
    app = app_for("makemore-ninja", keep_progress=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        about = screen.query_one("#about")
        right = screen.query_one("#right").region
        for name in ("#answer", "#tally", "#feedback", "KeyBar"):
            region = screen.query_one(name).region
            assert region.height and region.bottom <= size[1], name  # in view
        if size[1] < 32:
            assert not about.display  # shown in the feedback's place on ctrl+up/down
            return
        assert about.region.height >= 8  # never less than before: six lines of text
        assert about.region.height >= right.height // 4, (about.region, right)
        assert screen.query_one("#feedback").region.height >= 2 * about.region.height - 2
        if about.max_scroll_y:
            await pilot.press("ctrl+down")
            await pilot.pause()
            assert about.scroll_y > 0


async def test_the_table_takes_the_scrollbars_column_while_its_rows_fit(app_for):
    app = app_for("makemore-ninja", keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(2):
            await pilot.press("ctrl+r")
            await pilot.pause()
        await pilot.pause()
        text = "\n".join(table_text(app))
        assert "loss (output)" in text, text  # it needed the one cell the scrollbar kept
