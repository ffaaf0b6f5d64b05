"""The lessons after makemore-ninja (issue 20): each checks clean, teaches in its
description without printing a fused answer, agrees with PyTorch op by op (recorded in
``tests/golden``; ``tests/test_curriculum.py`` runs solve against it) and is finished by
typing expressions."""

from __future__ import annotations

import numpy as np
import pytest
from golden.cases import BEYOND_NINJA
from test_printed_answers import check_printed

from tutor.authoring.check import check_file
from tutor.graph.build import build
from tutor.lesson.find import bundled_dir, load
from tutor.session import Session
from tutor.teach.hints import reveal

#: What a learner types, for the lessons written out by hand here (the fused formulas
#: among them); every other asked node is answered with the tutor's own printed VJP.
TYPED: dict[str, dict[str, str]] = {
    "gelu-tanh": {
        "loss": "1",
        "y": "G",
        "t": "0.5 * x * G",
        "inner": "(1 - t**2) * dt",
        "u": "sqrt(2 / pi) * dinner",
        "x3": "0.044715 * du",
    },
    "gelu-erf": {
        "loss": "1",
        "y": "G",
        "e": "0.5 * x * G",
        "s": "2 / sqrt(pi) * exp(-s**2) * de",
        "x": "ds / sqrt(2) + 0.5 * dy_1",
    },
    "layernorm-fused": {
        "x": "rstd * (G * w - mean(G * w, axis=1, keepdims=True)"
        " - xhat * mean(G * w * xhat, axis=1, keepdims=True))",
    },
    "batchnorm-fused": {
        "hprebn": "bngain * bnvar_inv / 8 * (R - sum(R, axis=0, keepdims=True) / 8"
        " - 8 / 7 * bnraw * sum(R * bnraw, axis=0, keepdims=True) / 8)",
    },
    "dropout": {"loss": "1", "out": "G", "hd": "dout @ V.T", "h": "keep * dhd / 0.75"},
    "causal-attention": {
        "loss": "1",
        "out": "G",
        "att": "dout @ v.T",
        "v": "att.T @ dout",
        "masked": "att * (datt - sum(datt * att, axis=1, keepdims=True))",
        "scores": "where(M, dmasked, 0)",
        "qk": "dscores / sqrt(3)",
        "q": "dqk @ k",
        "k": "dqk.T @ q",
    },
    "tied-embeddings": {
        "logits": "(softmax(logits, axis=1) - onehot(targets, 6)) / 3",
        "h": "dlogits @ wte",
        "x": "(1 - h**2) * dh",
        "wpe": "dx",
        "wte": "scatter_add(dx, idx, 6) + dlogits.T @ h",
    },
    "rnn-through-time": {
        "h3": "G3",
        "a3": "(1 - h3**2) * dh3",
        "h2": "G2 + da3 @ Wh.T",
        "h1": "G1 + da2 @ Wh.T",
        "Wh": "h0.T @ da1 + h1.T @ da2 + h2.T @ da3",
        "Wx": "x1.T @ da1 + x2.T @ da2 + x3.T @ da3",
        "b": "sum(da1 + da2 + da3, axis=0, keepdims=True)",
        "h0": "da1 @ Wh.T",
    },
    "gpt2-block": {"loss": "1", "out": "G", "bproj": "sum(dout, axis=0, keepdims=True)"},
    "two-head-attention": {
        "out": "G",
        "h1": "dout[:, 0:2]",
        "h2": "dout[:, 2:4]",
        "m1": "att1 * (datt1 - sum(datt1 * att1, axis=1, keepdims=True))",
        "s1": "where(M, dm1, 0)",
        "qk1": "ds1 / sqrt(2)",
        "q1": "dqk1 @ k1",
        "q": "concat(dq1, dq2, axis=1)",
        "k": "concat(dk1, dk2, axis=1)",
        "v": "concat(dv1, dv2, axis=1)",
    },
    "lstm-step": {
        "h": "Gh",
        "c": "dloss_3 * Gc + (1 - tc**2) * dtc",
        "ai": "i * (1 - i) * di",
        "a": "concat(dai, daf, dao, dag, axis=1)",
        "Wx": "x.T @ da",
        "b": "sum(da, axis=0)",
        "h_prev": "da @ Wh.T",
        "c_prev": "f * dc",
    },
    "conv-naive": {
        "Z": "G",
        "Y": "dZ",
        "b": "sum(dZ, axis=(0, 2, 3), keepdims=True)",
        "X": "conv_transpose2d(dY, W)",
        "W": "permute(conv2d(permute(X, (1, 0, 2, 3)), permute(dY, (1, 0, 2, 3))), (1, 0, 2, 3))",
    },
    "maxpool": {"P": "G", "X": "(X == upsample(P, 2)) * upsample(dP, 2)"},
}


def _printed(graph, name: str) -> str:
    return reveal(graph, name).split("Answer: ", 1)[1].splitlines()[0].split(" = ", 1)[1]


@pytest.mark.parametrize("name", BEYOND_NINJA)
def test_each_checks_clean_and_teaches(name):
    assert check_file(bundled_dir() / f"{name}.yaml") == []
    lesson = load(name)
    assert len(lesson.description.split()) >= 60
    assert check_printed(build(lesson)) == []


@pytest.mark.parametrize("name", ["layernorm-fused", "batchnorm-fused"])
def test_a_fused_lesson_teaches_without_printing_its_answer(name):
    text = load(name).description
    assert "keepdims=True" not in text and "(G * w" not in text and "(R -" not in text


@pytest.mark.parametrize("name", BEYOND_NINJA)
def test_a_learner_finishes_each_by_typing_expressions(name):
    graph = build(load(name))
    typed = TYPED.get(name, {})
    assert set(typed) <= set(graph.order), set(typed) - set(graph.order)
    s = Session(graph)
    while s.current is not None:
        node = s.current
        out = s.submit(typed.get(node) or _printed(graph, node))
        assert out.kind == "right", (node, typed.get(node), out.message)
    assert s.complete and s.tally.wrong == 0


def test_the_fused_cross_entropy_derives_without_printing_its_answer():
    """makemore part 4's exercise 2: the description derives dlogits, the learner writes it."""
    text = load("fused-cross-entropy").description
    assert "onehot(y, k)) / n" not in text and "- onehot(" not in text
    assert "softmax" in text and "divides all of it by n" in text


def test_two_heads_add_their_gradients_into_their_own_columns():
    graph = build(load("two-head-attention"))
    dq, dq1, dq2 = (graph.nodes[n].grad for n in ("q", "q1", "q2"))
    np.testing.assert_array_equal(dq, np.concatenate([dq1, dq2], axis=1))


def test_the_max_pool_passes_one_gradient_per_window():
    graph = build(load("maxpool"))
    dx = graph.nodes["X"].grad.reshape(1, 2, 2, 2, 2, 2)
    assert np.all(np.count_nonzero(dx, axis=(3, 5)) == 1)


def test_the_masked_positions_get_no_gradient():
    graph = build(load("causal-attention"))
    future = graph.nodes["M"].value == 0
    assert future.any() and np.all(graph.nodes["scores"].grad[future] == 0)
    # the first token sees only itself: its one weight is 1, whatever its score
    assert np.all(graph.nodes["scores"].grad[1:][~future[1:]] != 0)


@pytest.mark.parametrize(
    ("lesson", "node", "elementwise"),
    [
        ("conv-naive", "W", False),
        ("causal-attention", "masked", False),
        ("makemore-ninja", "bnraw", True),
    ],
)
def test_the_shapes_hint_says_elementwise_only_where_the_term_is(lesson, node, elementwise):
    """conv-naive's dY and W are both (2, 2, 3, 3), and a softmax keeps its shape: the
    shapes hint said 'same shape, so the term is elementwise' there too."""
    from tutor.teach.hints import hint_tiers

    graph = build(load(lesson))
    known = {n: graph.nodes[n].grad for n in graph.order[: graph.order.index(node)]}
    pattern = next(h.text for h in hint_tiers(graph, node, known) if h.kind == "pattern")
    assert ("same shape, so the term is elementwise" in pattern) is elementwise
    assert ("but the term is not elementwise" in pattern) is not elementwise
