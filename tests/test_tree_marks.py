"""The tree's grad column marks only what the learner was asked (issue 19): a ✓ means the
learner found (or was shown) that gradient. linear-layer showed ``T (4, 2) ✓`` and
``b (2,) ✓``, and practice L7-99 ``G (2, 4) ✓`` on its first screen, for gradients the
lesson never asks; a node not asked has no mark, as the backward table has no row for it."""

from __future__ import annotations

from tutor.app.practice import make_practice_app
from tutor.app.widgets.graph_tree import GraphTree
from tutor.app.widgets.tree_cells import data_text
from tutor.commands.practice import practice_source


def grad_cell(tree: GraphTree, name: str) -> str:
    """What the grad column of ``name``'s home row shows (after the data)."""
    row = tree.home_row(name)
    assert row is not None and row.data is not None
    text = str(tree.label_for(row.data))
    data = data_text(tree.session.graph, name)
    return text[text.rindex(data) + len(data) :].strip()


async def test_linear_layer_marks_only_asked_nodes(app_for):
    app = app_for("linear-layer", keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(GraphTree)
        session = tree.session
        assert grad_cell(tree, "T") == ""  # not asked: no ? either
        for _ in session.asked:
            await pilot.press("ctrl+r")
        await pilot.pause()
        assert session.complete
        assert {"T", "b"} <= set(session.known)  # the tutor filled them in
        assert grad_cell(tree, "T") == ""
        assert grad_cell(tree, "b") == ""
        for name in session.asked:
            if getattr(session.known[name], "ndim", 0):
                assert grad_cell(tree, name) == "✓", name


async def test_practice_l7_99_does_not_mark_g_on_the_first_screen():
    app = make_practice_app(practice_source(7, None, 99, None), keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(GraphTree)
        assert "G" in tree.session.known and "G" not in tree.session.asked
        assert grad_cell(tree, "G") == ""
        assert grad_cell(tree, "y") == "?"
        assert grad_cell(tree, "y_1") == ""  # not asked: the tutor fills it in
        await pilot.press("ctrl+r")  # y: then y_1, on the way to xhat, is filled in
        await pilot.pause()
        assert "y_1" in tree.session.known
        assert grad_cell(tree, "y_1") == "✓"  # shown: the learner uses it next
        assert grad_cell(tree, "G") == ""


def test_on_the_way_is_the_asked_nodes_and_their_consumers_up_to_the_output():
    from tutor.graph.build import build
    from tutor.lesson.find import load

    graph = build(load("linear-layer"))  # asks X and W, not the bias b or the target T
    assert graph.on_the_way() == {"loss", "E2", "E", "Y", "XW", "W", "X"}
    graph = build(load("micrograd-labels"))  # every node is asked
    assert graph.on_the_way() == set(graph.nodes)
