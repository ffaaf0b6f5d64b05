"""The graph view in the app: boxes and arrows drawn from the session (Pilot and snapshots)."""

from __future__ import annotations

from tutor import layout as layout_mod
from tutor.app.widgets.graph_view import GraphView

SIZE = (120, 36)


def feedback(app) -> str:
    log = app.screen.query_one("#feedback")
    return " ".join(" ".join(line.text for line in log.lines).split())


async def test_f2_switches_to_the_graph_and_gradients_fill_in(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        view = app.screen.query_one(GraphView)
        assert view.display and not app.screen.query_one("#graph-box").display
        assert "grad       ?" in view.box_text("L")
        assert view.box_text("L").startswith("┃")  # the current node is framed heavy
        await pilot.press("1", "enter", "-", "2", "enter")
        await pilot.pause()
        assert view.box_text("L").split("│")[3].split() == ["grad", "1.0000"]
        assert view.box_text("d").split("│")[3].split() == ["grad", "-2.0000"]
        assert view.box_text("f").startswith("┃")  # the current node moved on
        assert view.box_text("L").startswith("│")
        await pilot.press("9", "enter")
        await pilot.pause()
        assert view.box_text("f").split("┃")[3].split() == ["grad", "✗"]  # a wrong try
        assert view.state("f").frame == "wrong"


async def test_the_choice_is_remembered_for_the_next_lesson(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        screen = app.screen
        assert screen.lesson.name != "micrograd-labels"
        assert screen.query_one(GraphView).display
        assert not screen.query_one("#graph-box").display
        await pilot.press("f2")
        await pilot.pause()
        assert screen.query_one("#graph-box").display
        assert not screen.query_one(GraphView).display
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert not app.screen.query(GraphView)  # back to the tree, as last chosen


async def test_a_click_on_a_box_picks_its_node(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2", "1", "enter")
        await pilot.pause()
        view = app.screen.query_one(GraphView)
        assert app.screen.session.current == "d"
        box = view.picture.boxes["v:f"]
        view.scroll_to(box.x, box.y, animate=False, immediate=True)
        await pilot.pause()
        x, y = view.scroll_offset
        await pilot.click(GraphView, offset=(box.x - x + 2 + 1, box.y - y + 1 + 1))
        await pilot.pause()
        assert app.screen.session.current == "f"


async def test_the_view_follows_the_current_node(app_for):
    app = app_for("two-layer-net")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        view = app.screen.query_one(GraphView)
        assert view.virtual_size.width > view.size.width  # too wide: it scrolls
        region = view.box_region(app.screen.session.current)
        x, y = view.scroll_offset
        shown = view.scrollable_content_region
        assert x <= region.x < x + shown.width  # its name is in view (the box may be wider)
        assert y <= region.y and region.bottom <= y + shown.height


async def test_without_dot_it_stays_a_tree_and_says_why(app_for, monkeypatch):
    monkeypatch.setattr(layout_mod.shutil, "which", lambda _name: None)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen.query_one("#graph-box").display
        assert not app.screen.query(GraphView)
        assert "Graphviz 'dot' is not installed, so the graph view shows a tree." in feedback(app)


async def test_a_tensor_lesson_shows_shapes_and_norms(app_for):
    app = app_for("linear-layer")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        view = app.screen.query_one(GraphView)
        graph = app.screen.session.graph
        name = next(n for n, node in graph.nodes.items() if len(node.shape) == 2)
        text = view.box_text(name)
        assert "‖·‖" in text and f"({graph.nodes[name].shape[0]}, " in text


def test_snapshot_graph_view(snap_compare, app_for):
    from tests.test_snapshots import answers_then

    run = answers_then("1", "-2", extra=("f2",))
    assert snap_compare(app_for(), terminal_size=SIZE, run_before=run)


def test_snapshot_graph_view_tensor(snap_compare, app_for):
    from tests.test_snapshots import answers_then

    run = answers_then(extra=("f2",))
    assert snap_compare(app_for("linear-layer"), terminal_size=SIZE, run_before=run)


#: The eighth-of-a-cell blocks Textual draws a scrollbar thumb's ends with.
EIGHTHS = frozenset("▁▂▃▄▅▆▇▉▊▋▌▍▎▏")


async def test_the_scrollbars_leave_no_stray_block_below_the_graph(app_for):
    """Its scrollbars' thumbs are whole cells: a thumb's end drew a lone "▌" under the graph."""
    from tests.conftest import screen_lines

    app = app_for("linear-layer")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        view = app.screen.query_one(GraphView)
        assert view.virtual_size.width > view.size.width  # it scrolls sideways: a bar shows
        region = view.region
        lines = screen_lines(app)[region.y : region.bottom]
        shown = [line[region.x : region.right] for line in lines]
        assert not EIGHTHS & set("".join(shown)), "\n".join(shown)
        assert view.horizontal_scrollbar.display  # the bar is still there, whole cells


async def test_integer_labels_show_their_first_entries_not_a_norm(app_for):
    """makemore-ninja's Yb read 'data ‖·‖ 60.1249': a norm of class labels means nothing."""
    app = app_for("makemore-ninja", keep_progress=False)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        view = app.screen.query_one(GraphView)
        yb = view.box_text("Yb")
        assert "‖·‖" not in yb and yb.split("│")[3].split() == ["data", "[5,", "13,", "13,", "…]"]
        xb = view.box_text("Xb").split("│")[3].split()
        assert xb == ["data", "[0,", "0,", "0]", "⋮"]  # the first row; rows left out: "⋮"
        assert view.box_text("W1").split("│")[3].split()[:2] == ["data", "‖·‖"]  # numbers: norm
