"""Issue 19, 80x24: the progress line, the answer box and the essential keys stay in view,
and the backward table scrolls to its newest row instead of clipping it."""

from __future__ import annotations

import re

import pytest
from lesson_texts import type_answer
from textual.geometry import Region
from textual.widgets import Input

from tutor.app.widgets.grad_table import GradTable
from tutor.app.widgets.keybar import KeyBar
from tutor.app.widgets.tally import TallyBar

SMALL = (80, 24)


def on_screen(widget, size=SMALL) -> bool:
    """Whether the widget is drawn whole inside the terminal."""
    region = widget.region
    return region.area > 0 and Region(0, 0, *size).contains_region(region)


@pytest.mark.parametrize(
    "name", ["micrograd-labels", "neuron-tanh", "linear-layer", "makemore-ninja"]
)
async def test_the_essentials_stay_visible_at_80x24(app_for, name):
    app = app_for(name, keep_progress=False)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        box = screen.query_one("#answer", Input)
        tally = screen.query_one(TallyBar)
        keys = screen.query_one(KeyBar)
        assert on_screen(box) and box.region.height >= 3  # a one-line box with its border
        assert on_screen(tally) and "Progress" in str(tally.render())
        assert on_screen(keys) and keys.region.height == 1
        text = str(keys.render())
        for key in ("Hint", "Reveal", "Help", "Quit"):
            assert key in text, text
        cut = text.split("Quit")[0]
        assert len(cut) < SMALL[0]  # the essentials come before the bar is cut


async def test_the_backward_table_scrolls_to_its_newest_row(app_for):
    app = app_for("neuron-tanh", keep_progress=False)
    async with app.run_test(size=SMALL) as pilot:
        s = app.screen.session
        for _ in range(9):  # rows of one line each: more than the table's seven lines
            await type_answer(pilot, repr(s.graph.nodes[s.current].grad))
        table = app.screen.query_one(GradTable)
        await pilot.pause()
        assert table.row_count >= 9
        assert table.max_scroll_y > 0  # more rows than room: it scrolls ...
        last = table.row_count - 1
        row_top = sum(table.rows[k].height for k in list(table.rows)[:last]) + 1  # + header
        row_bottom = row_top + list(table.rows.values())[last].height
        visible = range(
            int(table.scroll_y), int(table.scroll_y) + table.scrollable_content_region.height
        )
        assert row_top in visible and row_bottom - 1 in visible  # ... to the newest row whole


SPLIT_SHAPE = re.compile(r"\(\d+,$|^\d+\)")


@pytest.mark.parametrize(
    ("name", "reveals"),
    [("lstm-step", 6), ("makemore-ninja", 6), ("neuron-tanh", 6), ("micrograd-labels", 4)],
)
async def test_the_backward_table_fits_80x24_without_splitting_a_shape(app_for, name, reveals):
    """Issue 19: 'h (2,' over '2),' at 80x24, and the G column off to the right."""
    app = app_for(name, keep_progress=False)
    async with app.run_test(size=SMALL) as pilot:
        for _ in range(reveals):
            await pilot.press("ctrl+r")
        await pilot.pause()
        table = app.screen.query_one(GradTable)
        labels = [str(c.label).strip(" │") for c in table.columns.values()]
        assert "G" in labels and labels[-1] == "G"
        assert table.virtual_size.width <= table.scrollable_content_region.width  # G in view
        lines = [
            line.strip(" │")  # a tight table's rule between columns
            for i in range(table.row_count)
            for cell in table.get_row_at(i)
            for line in str(cell).splitlines()
        ]
        assert lines and not [x for x in lines if SPLIT_SHAPE.search(x)], lines
        hidden = [x for x in table.labels if x not in labels]
        assert all(x in str(table.border_subtitle) for x in hidden)
