"""Issue 19, 80x24 in a tensor lesson: the node table keeps its grad column and as many
rows as fit, a shape never breaks inside its brackets, and the feedback uses its width."""

from __future__ import annotations

import pytest
from lesson_texts import type_answer
from rich.console import Console
from rich.text import Text
from test_screen_read import columns_of, tree_lines
from textual.widgets import Static

from tutor.app.fitting import breaks, phrases, words
from tutor.app.widgets.feedback import FeedbackLog
from tutor.app.widgets.graph_tree import GraphTree
from tutor.app.widgets.question import QuestionPanel
from tutor.app.widgets.unbroken import Unbroken

SMALL = (80, 24)
TENSOR = ["gelu-tanh", "linear-layer", "makemore-ninja", "layernorm-fused"]


def pieces(text: str, width: int) -> list[str]:
    """``text`` cut at ``breaks``."""
    cuts = [0, *breaks(text, width), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def test_words_keep_brackets_and_equals_whole():
    assert [("shape (3, 4)")[a:b] for a, b in words("shape (3, 4)")] == ["shape", "(3, 4)"]
    text = "feeds L = d * f"
    assert [text[a:b] for a, b in words(text)] == ["feeds", "L = d", "*", "f"]


def test_a_shape_is_one_phrase_with_its_label():
    """Issue 19: 'found, shape' over '(1, 5)'; prose breaks between phrases."""
    text = "X (4, 3), b (2,) and () then (2) or f (a + b)"
    assert [text[a:b] for a, b in phrases(text)] == [
        *["X (4, 3),", "b (2,)", "and ()", "then", "(2)", "or", "f", "(a + b)"]
    ]
    assert pieces("dloss/dXW found, shape (4, 2)", 24) == ["dloss/dXW found, ", "shape (4, 2)"]
    assert pieces("shape (3, 4)", 9) == ["shape ", "(3, 4)"]  # too long: never in the shape


@pytest.mark.parametrize("width", range(8, 40))
def test_a_shape_never_breaks_and_nothing_is_lost(width):
    text = "Correct: dloss/dloss_1, shape (3, 4), exact; x = sum(loss_1, axis=0)"
    got = pieces(text, width)
    assert "".join(got) == text
    for piece in got:
        assert len(piece.rstrip()) <= width
        if "(3" in piece:
            assert "(3, 4)" in piece  # the shape whole on its line


def test_a_word_longer_than_the_line_breaks_at_its_inner_spaces_first():
    assert pieces("sum(aaaaa, axis=0)", 11) == ["sum(aaaaa, ", "axis=0)"]
    assert pieces("abcdefghij", 4) == ["abcd", "efgh", "ij"]


def test_unbroken_keeps_styles_and_its_own_newlines():
    text = Text("dW = ?\nW is an input, shape (3, 2)")
    text.stylize("bold", 0, 2)
    console = Console(width=24, record=True, file=None, color_system=None)
    with console.capture() as seen:
        console.print(Unbroken(text))
    assert seen.get().splitlines() == ["dW = ?", "W is an input,", "shape (3, 2)"]
    assert Unbroken(text).lines(24)[0].spans  # bold kept


async def test_question_panel_never_breaks_a_shape_in_a_narrow_panel(app_for):
    app = app_for("gelu-tanh", keep_progress=False)
    async with app.run_test(size=SMALL) as pilot:
        await type_answer(pilot, "1")
        content = app.screen.query_one(QuestionPanel).make_content()
        for width in range(20, 40):
            console = Console(width=width, file=None, color_system=None)
            with console.capture() as seen:
                console.print(content)
            for line in seen.get().splitlines():
                assert line.count("(") == line.count(")"), (width, line)


@pytest.mark.parametrize("name", TENSOR)
async def test_node_table_keeps_its_grad_column_and_rows_at_80x24(app_for, name):
    app = app_for(name, keep_progress=False)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(GraphTree)
        heading = str(app.screen.query_one("#graph-head", Static).render())
        assert "data" in heading and "grad" in heading, heading
        _, grad_end = columns_of(heading)
        assert grad_end <= tree.scrollable_content_region.width  # the column in view
        assert tree.scrollbar_size_horizontal == 0  # no row spent on a sideways scrollbar
        lines = [line for line in tree_lines(tree) if line.strip()]
        assert len(lines) >= min(6, len(tree.session.graph.nodes))
        # the current node's row has the cursor (and a ▶, unless the rows are packed)
        assert tree.cursor_node is tree.home_row(tree.session.current or "")
        current = tree_lines(tree)[tree.cursor_line - int(tree.scroll_y)]
        assert ("▶" in current) == bool(tree.mark), current
        assert current.rstrip(" ▁▂▃▄▅▆▇█").endswith(
            "?"
        )  # the current node's grad, in view (scrolled
        # sideways to it when it is deeper than the panel aligns)


async def test_feedback_wraps_again_to_its_new_width(app_for):
    app = app_for("linear-layer", keep_progress=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        log = app.screen.query_one("#feedback", FeedbackLog)
        width = log.scrollable_content_region.width
        texts = [strip.text.rstrip() for strip in log.lines]
        assert texts and max(len(t) for t in texts) <= width
        assert max(len(t) for t in texts) >= width - 8  # the panel's width used, not ~25
        assert log.virtual_size.width <= width  # nothing cut off to the right


def test_a_constant_in_a_narrow_panel_shows_its_value_not_a_cut_word():
    from tutor.graph.build import build
    from tutor.lesson.find import loads
    from tutor.session import Session

    text = "title: C\ninputs: {x: 0.4}\ngraph:\n  - u1 = 2 * x\n  - u2 = cos(u1)\n  - L = u2**3\n"
    tree = GraphTree(Session(build(loads(text))))
    tree.columns(30)
    rows = {place.name: tree.label_for(place).plain for places in tree.plan.values()
            for place in places}  # fmt: skip
    const = next(v for k, v in rows.items() if tree.session.graph.nodes[k].kind == "const")
    assert "(…" not in const and const.strip().startswith("2"), const
