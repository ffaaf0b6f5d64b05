"""Tensor slips that got only a shape message (issues 16, 17: the leftovers) are named.

- dW typed as dX's formula (``dZ @ W.T`` or ``W.T @ dZ`` where ``X.T @ dZ`` is right), and
  dX as dW's: ``other_operand``, the matrix product's slips (``tutor.tensor.slips``).
- db summed over the right axes with ``keepdims`` dropped (b is (1, n)) or added (b is
  (n,)): ``keepdims``, its own row, no longer "the wrong axis or drops keepdims".
- ``sum(dZ, 0)``: the axis is given by name, and the message says so.
"""

from __future__ import annotations

import pytest
from test_formula_check import graded

from tutor.graph.build import build
from tutor.lesson.find import load, loads
from tutor.teach.grading import AnswerError, parse_answer

#: A square linear layer: W.T @ dZ has a shape here (3 x 3), so it can be graded.
SQUARE = """\
title: Square
inputs:
  X: {randn: [3, 3], seed: 1}
  W: {randn: [3, 3], seed: 2}
  G: {randn: [3, 3], seed: 3}
graph:
  - Z = X @ W
  - E = Z * G
  - loss = sum(E)
output: loss
"""


@pytest.mark.parametrize(
    ("lesson", "node", "text", "typed", "rule"),
    [
        ("linear-layer", "W", "dXW @ W.T", "dXW @ W.T", "dloss/dW = X.T @ dXW"),
        ("linear-layer", "X", "X.T @ dXW", "X.T @ dXW", "dloss/dX = dXW @ W.T"),
        ("tanh-mlp", "W2", "dhW2 @ W2.T", "dhW2 @ W2.T", "dloss/dW2 = h.T @ dhW2"),
    ],
)
def test_the_other_operands_rule_is_named(lesson, node, text, typed, rule):
    graph = build(load(lesson))
    verdict = graded(graph, node, text)
    assert not verdict.correct and verdict.mistake == "other_operand", verdict.message
    assert f"must have the shape of {node}" in verdict.message  # the shape, then the slip
    assert f"That is {typed}: the other operand's rule, built from {node} itself" in (
        verdict.message
    )
    assert rule in verdict.message


@pytest.mark.parametrize(
    ("node", "text", "rule"),
    [
        ("W", "W.T @ dZ", "dloss/dW = X.T @ dZ"),
        ("W", "dZ @ W.T", "dloss/dW = X.T @ dZ"),
        ("X", "X.T @ dZ", "dloss/dX = dZ @ W.T"),
        ("X", "dZ @ X.T", "dloss/dX = dZ @ W.T"),
    ],
)
def test_the_other_operands_rule_is_named_where_the_shapes_agree(node, text, rule):
    graph = build(loads(SQUARE, "square"))
    verdict = graded(graph, node, text)
    assert verdict.mistake == "other_operand", verdict.message
    assert f"That is {text}" in verdict.message and rule in verdict.message
    assert "must have the shape" not in verdict.message  # only the slip says what is wrong


@pytest.mark.parametrize(
    ("lesson", "node", "text", "keep", "rule"),
    [
        (
            "makemore-ninja",
            "bnbias",
            "sum(dhpreact, axis=0)",
            "but drops keepdims: the sum has shape (64,), and bnbias has shape (1, 64)",
            "dloss/dbnbias = sum(dhpreact, axis=0, keepdims=True)",
        ),
        (
            "bias-broadcast",
            "g",
            "sum(dH * Z, axis=0)",
            "but drops keepdims: the sum has shape (3,), and g has shape (1, 3)",
            "dloss/dg = sum(dH * Z, axis=0, keepdims=True)",
        ),
        (
            "bias-broadcast",
            "b",
            "sum(dZ, axis=0, keepdims=True)",
            "but keeps the summed axes (keepdims=True): the sum has shape (1, 3)",
            "dloss/db = sum(dZ, axis=0).",
        ),
    ],
)
def test_a_sum_with_keepdims_wrong_is_keepdims(lesson, node, text, keep, rule):
    graph = build(load(lesson))
    verdict = graded(graph, node, text)
    assert verdict.mistake == "keepdims", verdict.message
    assert f"That sums over the right axes, {keep}" in verdict.message
    assert rule in verdict.message
    assert "wrong axis" not in verdict.message


def test_a_sum_over_another_axis_is_still_wrong_axis():
    verdict = graded(build(load("bias-broadcast")), "b", "sum(dZ, axis=1)")
    assert verdict.mistake == "wrong_axis", verdict.message
    assert "That sums over the wrong axis: b (3,) was broadcast" in verdict.message


def test_an_axis_given_by_position_is_told_to_name_it():
    graph = build(load("bias-broadcast"))
    with pytest.raises(AnswerError, match=r"sum\(\) takes the axis by name: sum\(dZ, axis=0\)"):
        parse_answer("sum(dZ, 0)", graph, {"Z": graph.nodes["Z"].grad})
