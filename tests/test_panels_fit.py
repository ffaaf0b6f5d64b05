"""Issue 19's leftovers at 80x24 and 120x36: the matrix panel's most useful content first,
4-D tensors in labelled slices, deep trees whose node names read whole."""

from __future__ import annotations

import re

import pytest
from lesson_texts import type_answer
from textual.geometry import Region

from tutor.app.widgets.graph_tree import GraphTree
from tutor.app.widgets.matrix import MatrixPanel


def shown(panel: MatrixPanel) -> list[str]:
    """The lines the matrix panel shows now, as scrolled (its border left out)."""
    body = panel.query_one("#matrix-body")
    view = Region(0, int(panel.scroll_y), body.size.width, panel.scrollable_content_region.height)
    return [strip.text for strip in body.render_lines(view)]


async def test_the_matrix_panel_shows_the_upstream_gradient_first_at_80x24(app_for):
    app = app_for("lstm-step", keep_progress=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_answer(pilot, "1")  # loss; then loss_4, loss_2 and loss_1 are easy
        s = app.screen.session
        while s.current != "h":
            await pilot.press("ctrl+r")
            await pilot.pause()
        await pilot.pause()
        lines = shown(app.screen.query_one(MatrixPanel))
        text = "\n".join(lines)
        assert "dloss_1 (upstream), shape (2, 2)" in text, text
        rows = [line for line in lines if line.strip().startswith("[")]
        assert len(rows) >= 2, text  # the upstream's two rows, in view without scrolling
        assert lines[0].strip().startswith("dloss_1 (upstream)")


async def test_the_matrix_panel_scrolls_back_up_for_a_new_node(app_for):
    app = app_for("conv-naive", keep_progress=False)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.screen.query_one(MatrixPanel)
        await type_answer(pilot, "1")
        panel.scroll_end(animate=False)
        await pilot.pause()
        assert panel.scroll_y > 0
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert panel.scroll_y == 0


async def test_a_4d_tensor_is_shown_in_labelled_slices(app_for):
    app = app_for("conv-naive", keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await type_answer(pilot, "1")  # loss; the current node is Z = Y + b, (2, 2, 3, 3)
        await pilot.press("ctrl+r")
        await pilot.pause()
        text = "\n".join(shown(app.screen.query_one(MatrixPanel)))
        assert "[0, 0, :, :]" in text and "[0, 1, :, :]" in text, text
        grid_rows = re.findall(r"\[(?: +-?\d+\.\d{4}){3} \]", text)
        assert grid_rows  # a slice's rows are its 3 columns, not 9 entries flattened
        while app.screen.session.current != "b":
            await pilot.press("ctrl+r")
            await pilot.pause()
        text = "\n".join(shown(app.screen.query_one(MatrixPanel)))
        assert "[0, :, 0, 0]" in text, text  # b (1, 2, 1, 1): one row, said which axis


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_a_deep_tree_reads_every_node_name_whole(app_for, size):
    app = app_for("lstm-step", keep_progress=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(GraphTree)
        assert tree.scroll_x == 0  # nothing pushed off to the right
        seen = 0
        for line in tree._tree_lines:
            place = line.node.data
            label = str(line.node.label)
            if place is None:
                continue
            node = tree.session.graph.nodes[place.name]
            whole = node.kind != "op" or place.reference
            head = place.name if whole else f"{place.name} ="
            assert head in label, (place.name, label)
            seen += 1
        assert seen >= len(tree.session.graph.lesson.ask)
        width = tree.scrollable_content_region.width
        assert all(
            tree.get_label_width(line.node) + 3 * line.node.data.depth <= width
            for line in tree._tree_lines
            if line.node.data is not None
        )
        s = tree.session
        while s.current is not None:  # and the current row, all the way down, stays whole
            row = tree.home_row(s.current)
            assert s.current in str(row.label) and tree.scroll_x == 0
            await pilot.press("ctrl+r")
            await pilot.pause()
