"""A broadcast that both adds and stretches axes prints one sum (issue 16's leftover).

b of shape (1, 5) added to Z of shape (4, 3, 5) is stretched along axis 1 and has axis 0
added in front. Its VJP printed two sums, one inside the other
(``sum(sum(dY, axis=1, keepdims=True), axis=0)``); now it is one sum over both axes,
reshaped to b's shape, as a person writes it, and that text reads back as the gradient.
"""

from __future__ import annotations

import numpy as np
from test_printed_answers import check_printed

from tutor.graph.build import build
from tutor.lesson.find import loads
from tutor.teach.hints import hint_tiers, reveal, table_rows
from tutor.tensor.engine import Tensor
from tutor.tensor.numeric import numeric_grad

LESSON = """\
title: A bias over a batch of sequences
inputs:
  Z: {randn: [4, 3, 5], seed: 1}
  b: {randn: [1, 5], seed: 2}
  G: {randn: [4, 3, 5], seed: 3}
graph:
  - Y = Z + b
  - E = Y * G
  - loss = sum(E)
output: loss
"""

ONE_SUM = "reshape(sum(dY, axis=(0, 1)), [1, 5])"


def test_the_vjp_of_a_broadcast_that_adds_and_stretches_is_one_sum():
    graph = build(loads(LESSON, "bias3d"))
    shown = [reveal(graph, "b"), *(t.text for t in hint_tiers(graph, "b"))]
    shown += [row.dCdV for row in table_rows(graph, "b")]
    assert any(ONE_SUM in text for text in shown), shown
    for text in shown:
        assert "sum(sum(" not in text.replace(" ", ""), text
    assert check_printed(graph) == []  # every printed form reads back as the gradient


def test_the_gradient_matches_central_differences():
    rng = np.random.default_rng(7)
    z, b = Tensor(rng.standard_normal((4, 3, 5)), "Z"), Tensor(rng.standard_normal((1, 5)), "b")
    g = Tensor(rng.standard_normal((4, 3, 5)), "G")
    loss = ((z + b) * g).sum()
    loss.backward()
    np.testing.assert_allclose(b.grad, numeric_grad(loss, b, 1e-6), rtol=1e-6, atol=1e-8)
    graph = build(loads(LESSON, "bias3d"))
    np.testing.assert_allclose(
        graph.nodes["b"].grad, graph.nodes["G"].value.sum(axis=(0, 1)).reshape(1, 5)
    )
