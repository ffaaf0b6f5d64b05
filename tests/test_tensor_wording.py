"""Issue 19, small wording: what a wrong tensor answer is told reads as written."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.graph.build import build
from tutor.lesson.find import load, resolve
from tutor.teach import grading
from tutor.teach.hints import hint_tiers


def lesson(name: str):
    return build(load(resolve(name)))


def known_before(graph, node):
    return {n: graph.nodes[n].grad for n in graph.order[: graph.order.index(node)]}


def test_a_wrong_number_in_a_tensor_lesson_is_not_counted_as_entries() -> None:
    graph = lesson("linear-layer")
    want = graph.nodes["loss"].grad
    v = grading.grade(graph, "loss", np.asarray(want) + 0.5, known_before(graph, "loss"), 0)
    assert not v.correct
    assert "entries" not in v.message and "at []" not in v.message, v.message
    assert "Right shape (), but it is off by 0.5." in v.message


def test_one_entry_off_is_singular_and_more_are_plural() -> None:
    graph = lesson("linear-layer")
    right = np.asarray(graph.nodes["W"].grad)
    known = known_before(graph, "W")
    one, two = right.copy(), right.copy()
    one[0, 0] += 0.3
    two[0, 0] += 0.3
    two[1, 1] -= 0.3
    assert "1 of 6 entries is off" in grading.grade(graph, "W", one, known, 0).message
    assert "2 of 6 entries are off" in grading.grade(graph, "W", two, known, 0).message


@pytest.mark.parametrize("name", ["cross-entropy-steps", "makemore-ninja"])
def test_no_possessive_after_a_name_ending_in_s(name: str) -> None:
    graph = lesson(name)
    for node in graph.order[:12]:
        value = np.asarray(graph.nodes[node].grad)
        wrong = np.zeros(value.shape[::-1] or (2,))  # the wrong shape
        v = grading.grade(graph, node, wrong, known_before(graph, node), 0)
        texts = [v.message, *hint_tiers(graph, node, known_before(graph, node))]
        for text in texts:
            assert "s's " not in getattr(text, "text", text), (node, text)


async def test_the_backward_table_shows_only_the_nodes_the_lesson_asks(app_for) -> None:
    from lesson_texts import type_answer
    from test_curriculum import CURRICULUM

    from tutor.app.widgets.grad_table import GradTable

    app = app_for("linear-layer", keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        lesson = app.screen
        s = lesson.session
        while s.current is not None:
            await type_answer(pilot, CURRICULUM["linear-layer"][s.current])
        table = lesson.query_one(GradTable)
        assert {"b", "T"} <= set(s.known)  # filled in as the lesson went on ...
        assert set(table.shown) == set(s.graph.order)  # ... but only asked nodes are rows
        assert {t[0] for t in table.texts} == set(s.graph.order)
