"""The tree's node text takes the room its row has (issue 19): a row is cut only when the
row truly lacks room, and a cut ends in an ellipsis. At 200x60 makemore-ninja read
``bnmeani = mean(hprebn, axis=0, keepdim…               (1, 64)``: 15 blank cells; at 80x24
linear-layer's root read ``loss = mean(E…        2.4971``."""

from __future__ import annotations

import pytest

from tutor.app.practice import make_practice_app
from tutor.app.widgets.graph_tree import GraphTree
from tutor.app.widgets.tree_cells import data_text, node_head, uses_tag
from tutor.commands.practice import practice_source

SIZES = [(80, 24), (120, 36), (200, 60)]


def check_rows(tree: GraphTree) -> None:
    """Every cut node text is followed by just the gap before its value (no room left)."""
    graph = tree.session.graph
    nodes = graph.nodes
    for name, rows in tree.rows.items():
        for row in rows:
            place = row.data
            if place is None or place.reference:
                continue
            text = str(tree.label_for(place))[tree.mark :]  # after the current node marker
            whole = node_head(graph, name) + uses_tag(graph, name)
            data = data_text(graph, name)
            gap = " " * tree.gap  # before the data column
            before = text[: text.rindex(gap + data)] if data in text else text
            shown = before.rstrip(" ")
            if shown == whole:
                continue
            tag = uses_tag(graph, name)
            head = shown[: -len(tag)] if tag and shown.endswith(tag) else shown
            assert head.endswith("…") or head in (nodes[name].label, node_head(graph, name)), text
            assert before == shown, (text, "cut, with room left")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lesson", ["makemore-ninja", "linear-layer", "micrograd-labels"])
async def test_node_text_is_cut_only_without_room(app_for, lesson, size):
    app = app_for(lesson, keep_progress=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        check_rows(app.screen.query_one(GraphTree))


async def test_linear_layer_root_reads_whole_at_80x24(app_for):
    app = app_for("linear-layer", keep_progress=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(GraphTree)
        assert "loss = mean(E2)" in str(tree.label_for(tree.root.data))


async def test_makemore_ninja_rows_read_whole_at_200x60(app_for):
    app = app_for("makemore-ninja", keep_progress=False)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(GraphTree)
        for name in ("bnmeani", "bnvar_1"):
            assert node_head(tree.session.graph, name) in str(
                tree.label_for(tree.rows[name][0].data)
            )


@pytest.mark.parametrize("size", SIZES)
async def test_practice_rows_are_cut_only_without_room(size):
    app = make_practice_app(practice_source(5, None, 13, None), keep_progress=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(GraphTree)
        check_rows(tree)
        if size == (80, 24):
            assert node_head(tree.session.graph, "u12") in str(
                tree.label_for(tree.rows["u12"][0].data)
            )
