"""The tree's data column at every size: a huge constant (causal-attention's mask fill,
-1e9) is written with an exponent, so it does not widen the column and push deep rows'
data and grad out of line (at 80x24, ``v`` lost its ``?``)."""

from __future__ import annotations

import re

import pytest
from textual.geometry import Region

from tutor.app.widgets.graph_tree import GraphTree


def tree_lines(tree: GraphTree) -> list[str]:
    """The lines the tree shows now (no sideways scroll)."""
    view = Region(0, int(tree.scroll_y), tree.size.width, tree.scrollable_content_region.height)
    return [strip.text for strip in tree.render_lines(view)]


@pytest.mark.parametrize("lesson", ["causal-attention", "gpt2-block"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 60)])
async def test_every_row_keeps_its_data_and_grad_under_the_heading(app_for, lesson, size):
    app = app_for(lesson, keep_progress=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(GraphTree)
        assert tree.data_width <= len("-1.0000e9")
        heading = str(tree.heading())
        grad_end = len(heading.rstrip())
        rows = [line for line in tree_lines(tree) if re.search(r"\(\d+, \d+\)", line)]
        assert rows
        for line in rows:
            shape = list(re.finditer(r"\(\d+, \d+\)", line))[-1]
            # the shape ends where the heading's "data" ends; a ? (if any) under "grad"
            assert shape.end() == heading.index("data") + len("data"), (line, heading)
            if "?" in line:
                assert line.rstrip(" ▁▂▃▄▅▆▇█").endswith("?")
                assert len(line.rstrip(" ▁▂▃▄▅▆▇█")) == grad_end, (line, heading)


async def test_a_tiny_constant_is_not_shown_as_zero(app_for):
    """makemore-ninja's tree read '1e-5 (const)  0.0000': its own label says it is not 0."""
    app = app_for("makemore-ninja", keep_progress=False)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(GraphTree)
        row = str(tree.label_for(tree.rows["1e-5"][0].data)).split()
        assert row[:3] == ["1e-5", "(const)", "1e-5"], row
        assert str(tree.label_for(tree.rows["31"][0].data)).split()[2] == "31.0000"
