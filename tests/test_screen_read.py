"""Issue 19, read: the graph panel, the question and the matrix panel, at several sizes."""

from __future__ import annotations

import re

import pytest
from lesson_texts import type_answer
from textual.widgets import Static

from tutor.app.widgets.graph_tree import GraphTree
from tutor.app.widgets.matrix import MatrixPanel
from tutor.app.widgets.question import QuestionPanel
from tutor.app.widgets.tree_columns import MIN_ROOM
from tutor.lesson.find import bundled_names

LESSONS = bundled_names()
SHAPE = re.compile(r"\((\d+(, \d+)*,?)?\)")


def tree_lines(tree: GraphTree) -> list[str]:
    """The tree's visible lines, as plain text."""
    return [tree.render_line(y).text for y in range(tree.size.height)]


def matrix_text(panel: MatrixPanel) -> str:
    """What the matrix panel shows, as plain text."""
    return "\n".join(part.plain for part in panel.render_state().renderables)


def columns_of(heading: str) -> tuple[int, int]:
    """Where the data and grad columns end, from the heading line."""
    return heading.index("data") + 4, heading.index("grad") + 4


@pytest.mark.parametrize("size", [(120, 36), (200, 60)])
@pytest.mark.parametrize("name", LESSONS)
async def test_every_lesson_shows_label_data_grad_columns_under_a_heading(app_for, name, size):
    app = app_for(name, keep_progress=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(GraphTree)
        heading = str(app.screen.query_one("#graph-head", Static).render())
        assert heading.startswith("node")
        data_end, grad_end = columns_of(heading)
        aligned_to = tree.align_depth + (tree.width_label - MIN_ROOM) // tree.indent
        rows = 0
        for y, line in enumerate(tree_lines(tree)):
            row = tree._tree_lines[y + int(tree.scroll_y)].node if line.strip() else None
            if row is None or row.data is None or row.data.reference:
                continue
            if row.data.depth > aligned_to:
                continue  # deeper than the panel can align (they still follow on)
            node = tree.session.graph.nodes[row.data.name]
            start = data_end - tree.data_width
            assert line[start - 1] == " ", line  # the node text ends before the column
            data = line[start:data_end].strip()
            if SHAPE.fullmatch(data) is None:
                float(data)  # a number, 4 decimals
            grad = line[grad_end - tree.grad_width : grad_end].strip()
            assert grad in ("", "?", "✓") or float(grad) is not None
            if not node.has_grad:
                assert grad == ""  # labels have no gradient: no ✓ for them
            rows += 1
        assert rows >= min(3, len(tree.session.graph.nodes))


async def test_op_text_is_whole_when_there_is_room(app_for):
    app = app_for("makemore-ninja", keep_progress=False)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        shown = "\n".join(tree_lines(app.screen.query_one(GraphTree)))
        assert "probs = counts * counts_sum_inv" in shown
        assert "loss_1 = pick(logprobs, Yb)" in shown
        assert "…" not in "\n".join(shown.splitlines()[:12])  # the first 12 rows whole


REUSE = """\
title: Reuse twice by one gate
inputs: {a: 3}
graph:
  - b = a + a
  - c = b * b
  - L = c + b
"""


async def test_a_node_used_twice_reads_unambiguously(app_for, tmp_path):
    path = tmp_path / "reuse.yaml"
    path.write_text(REUSE)
    app = app_for(path, keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        shown = "\n".join(tree_lines(app.screen.query_one(GraphTree)))
        assert "b = a + a (3 uses)" in shown
        assert "a (2 uses)" in shown
        assert "×" not in shown  # "a + a ×2" read as (a + a)·2


async def test_tensor_questions_say_shape_not_a_bare_tuple(app_for):
    app = app_for("linear-layer", keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await type_answer(pilot, "1")
        question = app.screen.query_one(QuestionPanel).make_content()
        text = "\n".join(line.plain for line in question.renderables)
        assert "E2 = E**2, shape (4, 2)" in text
        assert "= (4, 2)" not in text
        assert "dloss/dloss = 1.0000" in text  # a 0-d gradient is a number


async def test_a_found_tensor_gradient_is_named_by_its_shape(app_for):
    app = app_for("linear-layer", keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        for answer in ("1", "ones_like(E2) / 8"):
            await type_answer(pilot, answer)
        question = app.screen.query_one(QuestionPanel).make_content()
        text = "\n".join(line.plain for line in question.renderables)
        assert "dloss/dE2 found, shape (4, 2)" in text


async def test_the_matrix_panel_uses_its_room_and_the_questions_precision(app_for):
    sizes = {}
    for size in ((120, 36), (200, 60)):
        app = app_for("makemore-ninja", keep_progress=False)
        async with app.run_test(size=size) as pilot:
            for answer in ("1", "-1"):
                await type_answer(pilot, answer)
            body = matrix_text(app.screen.query_one(MatrixPanel))
            value = body.split("(value)")[1]  # the upstream gradients come first
            first = next(line for line in value.splitlines() if line.startswith("["))
            sizes[size] = len(re.findall(r"-?\d+\.\d{4}\b", first))
            assert sizes[size] > 0
    assert sizes[(200, 60)] > sizes[(120, 36)] > 6  # the old panel showed 6 columns


async def test_the_matrix_value_agrees_with_the_question(app_for):
    app = app_for("linear-layer", keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        body = matrix_text(app.screen.query_one(MatrixPanel))
        question = app.screen.query_one(QuestionPanel).make_content()
        said = "\n".join(line.plain for line in question.renderables)
        value = re.search(r"= (-?\d+\.\d+)$", said.splitlines()[1]).group(1)
        assert f"[ {value} ]" in body  # "2.4971" in both (the panel said "2.5")
