"""``concat(a, b, c)`` in a graph line is one node with three inputs (issue 20's leftover).

It was read as nested pairs, ``concat(concat(a, b), c)``, so the graph showed a pair node
the learner never wrote (and was asked about). Now the op row takes two operands up to
``MAX_JOINED``, its VJP per operand is that operand's slice of the gradient, and the
builder makes one node; checked against central differences and read back as answers.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_cut_join_ops import check
from test_printed_answers import check_printed

from tutor.grammar.limits import MAX_JOINED
from tutor.grammar.tree import Call
from tutor.graph.build import build
from tutor.lesson.find import loads
from tutor.teach.hints import reveal
from tutor.tensor import dialects

LESSON = """\
title: Three heads joined
inputs:
  a: {randn: [2, 2], seed: 1}
  b: {randn: [2, 3], seed: 2}
  c: {randn: [2, 1], seed: 3}
  G: {randn: [2, 6], seed: 4}
graph:
  - y = concat(a, b, c, axis=1)
  - e = y * G
  - loss = sum(e)
output: loss
"""


def test_a_three_operand_concat_is_one_node_with_three_inputs():
    graph = build(loads(LESSON, "joined"))
    joins = [n for n, node in graph.nodes.items() if node.key == "concat"]
    assert joins == ["y"]
    assert graph.nodes["y"].inputs == ("a", "b", "c")
    assert graph.nodes["y"].formula == "concat(a, b, c, axis=1)"
    assert sorted(graph.nodes) == ["G", "a", "b", "c", "e", "loss", "y"]
    g = graph.nodes["G"].value
    for name, cols in (("a", slice(0, 2)), ("b", slice(2, 5)), ("c", slice(5, 6))):
        np.testing.assert_array_equal(graph.nodes[name].grad, g[:, cols])


def test_each_operands_printed_vjp_is_its_slice_and_reads_back():
    graph = build(loads(LESSON, "joined"))
    assert "dc += dy[:, 5:6]" in reveal(graph, "c")
    assert "db += dy[:, 2:5]" in reveal(graph, "b")
    assert check_printed(graph) == []


def test_the_answer_grammar_reads_one_call_of_every_operand():
    tree = dialects.parse("concat(a, b, c, d, axis=1)", dialects.ANSWERS)
    assert isinstance(tree, Call) and tree.key == "concat" and len(tree.args) == 4


@pytest.mark.parametrize(("count", "axis"), [(3, 0), (3, 1), (4, -1), (MAX_JOINED, 1)])
def test_an_n_operand_concat_matches_central_differences(count, axis):
    rng = np.random.default_rng(count)
    shapes = [(2 + i % 2, 3) if axis == 0 else (2, 1 + i % 3) for i in range(count)]
    check("concat", [rng.standard_normal(s) for s in shapes], axis)
