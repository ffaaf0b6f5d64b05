"""The misconceptions the lessons after makemore-ninja need (issue 20), rows of the one
catalogue read from the op rows' slips: a convolution's kernel not flipped for dX
(``conv_flip``), its dW not summed over positions or images (``conv_no_accumulate``),
and masked positions given a gradient (``masked_grad``)."""

from __future__ import annotations

import pytest

from tutor.graph.build import build
from tutor.lesson.find import load
from tutor.mistakes import Mistake
from tutor.teach import grading

_SWAP = "(1, 0, 2, 3)"


def _diagnosis(lesson: str, node: str, text: str):
    graph = build(load(lesson))
    known = {n: graph.nodes[n].grad for n in graph.order[: graph.order.index(node)]}
    value = grading.parse_answer(text, graph, known)
    return grading.grade(graph, node, value, known, 1)


@pytest.mark.parametrize(
    ("lesson", "node", "text", "code", "words"),
    [
        (
            "conv-naive",
            "X",
            "conv_transpose2d(dY, flip(W, axis=(2, 3)))",
            Mistake.CONV_FLIP,
            "That spreads dloss/dY back through the kernel unflipped.",
        ),
        (
            "conv-naive",
            "W",
            f"permute(conv2d(permute(X[0:1], {_SWAP}), permute(dY[0:1], {_SWAP})), {_SWAP})",
            Mistake.CONV_NO_ACCUMULATE,
            "from its first image only",
        ),
        (
            "conv-naive",
            "W",
            f"permute(conv2d(permute(X[:, :, 0:3, 0:3], {_SWAP}), "
            f"permute(dY[:, :, 0:1, 0:1], {_SWAP})), {_SWAP})",
            Mistake.CONV_NO_ACCUMULATE,
            "from its first window only",
        ),
        (
            "dropout",
            "h",
            "dhd_1",
            Mistake.MASKED_GRAD,
            "its gradient is dloss/dhd_1 there and 0 elsewhere",
        ),
        (
            "maxpool",
            "X",
            "upsample(dP, 2)",
            Mistake.MAX_ROUTE,
            "every other entry gets 0 (a 0/1 mask of each 2 x 2 window's first maximum times",
        ),
        ("maxpool", "X", "upsample(dP, 2) / 4", Mistake.MAX_ROUTE, "not a share of it"),
        # each head's 1/sqrt(2) is its own node, so dropping it is named (it was folded
        # into q1's step, where "ds1 @ k1" got no diagnosis)
        ("two-head-attention", "qk1", "ds1", Mistake.DROPPED_SCALE, "s1 = qk1 / sqrt(2)"),
    ],
)
def test_each_new_mistake_is_named_where_it_is_made(lesson, node, text, code, words):
    verdict = _diagnosis(lesson, node, text)
    assert not verdict.correct
    assert verdict.mistakes[0] == code, verdict.mistakes
    assert words in verdict.message


def test_the_right_answers_are_not_taken_for_them():
    assert _diagnosis("conv-naive", "X", "conv_transpose2d(dY, W)").correct
    assert _diagnosis("dropout", "h", "dhd_1 * keep").correct


def test_after_a_softmax_a_masked_gradient_is_already_0():
    """In causal attention the softmax's VJP is 0 where att is 0: forgetting the mask
    gives the same numbers, so no row names it (the formula check still refuses it)."""
    graph = build(load("causal-attention"))
    future = graph.nodes["M"].value == 0
    assert future.any() and (graph.nodes["masked"].grad[future] == 0).all()


@pytest.mark.parametrize(("lesson", "node", "text"), [
    ("causal-attention", "scores", "dmasked"),
    ("two-head-attention", "s1", "dm1"),
])  # fmt: skip
def test_a_forgotten_mask_after_a_softmax_is_named_by_the_formula_check(lesson, node, text):
    """The numbers match (the softmax already gave the future positions 0), but with a
    random upstream gradient the mask is missing: the counterexample names masked_grad."""
    graph = build(load(lesson))
    known = {n: graph.nodes[n].grad for n in graph.order[: graph.order.index(node)]}
    value = grading.parse_answer(text, graph, known)
    verdict = grading.grade(graph, node, value, known, 0, text)
    assert not verdict.correct and verdict.formula == "wrong"
    assert verdict.mistakes == (Mistake.MASKED_GRAD,)
    assert f"its gradient is dloss/d{text[1:]} there and 0 elsewhere" in verdict.message
