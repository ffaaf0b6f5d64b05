"""The smallest size the app says it supports (60x18, ``fitting.MIN_WIDTH``) works (issue
19): the tree fits its width (no sideways scroll: the heading read ``de``, ``a``'s data was
shifted and its grad gone), and the progress line is one line (it wrapped ``wrong`` / ``0``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region

from tutor.app.fitting import MIN_HEIGHT, MIN_WIDTH
from tutor.app.widgets.graph_tree import GraphTree
from tutor.app.widgets.tally import TallyBar, fit_items

SMALLEST = (MIN_WIDTH, MIN_HEIGHT)
LESSONS = sorted(
    p.stem for p in (Path(__file__).parent.parent / "lessons").glob("*.yaml") if p.stem != "course"
)


def tree_lines(tree: GraphTree) -> list[str]:
    """The lines the tree shows now (no sideways scroll)."""
    view = Region(0, int(tree.scroll_y), tree.size.width, tree.scrollable_content_region.height)
    return [strip.text for strip in tree.render_lines(view)]


async def test_micrograd_labels_tree_and_progress_fit_at_60x18(app_for):
    app = app_for("micrograd-labels", keep_progress=False)
    async with app.run_test(size=SMALLEST) as pilot:
        await pilot.press("1", "enter")
        await pilot.pause()
        tree = app.screen.query_one(GraphTree)
        assert tree.max_scroll_x == 0 and tree.scroll_x == 0
        heading = str(tree.heading())
        assert heading.startswith("node") and heading.rstrip().endswith("grad")
        assert len(heading.rstrip()) <= tree.scrollable_content_region.width
        data_end = heading.index("data") + len("data")
        grad_end = len(heading.rstrip())
        rows = [line for line in tree_lines(tree) if "." in line]  # every row with a value
        assert len(rows) >= 5
        for line in rows:
            text = line.rstrip(" ▁▂▃▄▅▆▇█")
            values = text.split()
            value = next(v for v in values if v[-5:-4] == "." and v[-4:].isdigit())
            assert text.index(value) + len(value) == data_end, (line, heading)
            assert len(text) == grad_end, (line, heading)  # a grad or a ? under "grad"
        current = tree.home_row(tree.session.current or "")
        assert current is not None and tree.cursor_node is current  # marked by the cursor
        tally = app.screen.query_one(TallyBar)
        lines = str(tally.render()).split("\n")
        room = tally.content_size.width
        assert len(lines) == 2 and all(len(line) <= room for line in lines), (room, lines)
        assert "1/7" in lines[0] and "wrong 0" in lines[0]
        assert lines[1].startswith("first try 1")


@pytest.mark.parametrize("lesson", LESSONS)
async def test_no_tree_scrolls_sideways_at_60x18(app_for, lesson):
    app = app_for(lesson, keep_progress=False)
    async with app.run_test(size=SMALLEST) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(GraphTree)
        assert tree.max_scroll_x == 0, [line for line in tree_lines(tree)]


def test_the_counts_keep_whole_items_and_say_some_are_left_out():
    items = ["first try 1", "hints 0", "reveals 0"]
    assert fit_items(items, 0) == "first try 1 · hints 0 · reveals 0"
    assert fit_items(items, 33) == "first try 1 · hints 0 · reveals 0"
    assert fit_items(items, 25) == "first try 1 · hints 0 …"
    assert fit_items(items, 12) == "first try 1"


async def test_rows_pack_and_space_out_again_as_the_terminal_resizes(app_for):
    app = app_for("micrograd-labels", keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(GraphTree)
        spaced = [line.rstrip() for line in tree_lines(tree)]
        assert tree.mark and tree.guide_depth == 3
        await pilot.resize_terminal(*SMALLEST)
        await pilot.pause()
        assert not tree.mark and tree.guide_depth == 2 and tree.max_scroll_x == 0
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        assert tree.mark and tree.guide_depth == 3
        assert [line.rstrip() for line in tree_lines(tree)] == spaced
