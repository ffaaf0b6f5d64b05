"""``one_consumer`` where a layernorm's or a batchnorm's statistics are taken as constants
(issue 20): the paths through the mean and the variance dropped, in steps (one consumer's
term alone) and in one fused formula (``rstd * dxhat``, which no single term gives)."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.graph.build import build
from tutor.lesson.find import load
from tutor.mistakes import Mistake
from tutor.teach import grading
from tutor.tensor.stat_predictors import frozen_statistics, statistics


def _verdict(lesson: str, node: str, text: str):
    graph = build(load(lesson))
    later = set(graph.order[graph.order.index(node) :])
    known = {n: x.grad for n, x in graph.nodes.items() if n not in later and x.has_grad}
    return grading.grade(graph, node, grading.parse_answer(text, graph, known), known, 0, text)


@pytest.mark.parametrize(
    ("lesson", "node", "text", "words"),
    [
        # llm.c's layernorm_backward with both row means left out: mu and rstd as constants
        ("layernorm-fused", "x", "rstd * G * w", "treats mu and rstd as constants"),
        # the variance's path dropped, the mean's kept
        (
            "layernorm-fused",
            "x",
            "rstd * (G * w - mean(G * w, axis=1, keepdims=True))",
            "treats rstd as a constant, but rstd depends on x too",
        ),
        # makemore part 4's exercise 3 with the batch statistics as constants
        (
            "batchnorm-fused",
            "hprebn",
            "bngain * bnvar_inv * R / 8",
            "treats bnmeani and bnvar_inv as constants",
        ),
        # in steps, x's direct path only (mu is a consumer of x)
        ("layernorm-steps", "x", "dxc", "x feeds both mu and xc"),
    ],
)
def test_statistics_taken_as_constants_are_named(lesson, node, text, words):
    verdict = _verdict(lesson, node, text)
    assert not verdict.correct
    assert verdict.mistakes[0] == Mistake.ONE_CONSUMER, verdict.mistakes
    assert words in verdict.message


def test_the_fused_formula_is_still_right():
    right = (
        "rstd * (G * w - mean(G * w, axis=1, keepdims=True)"
        " - xhat * mean(G * w * xhat, axis=1, keepdims=True))"
    )
    assert _verdict("layernorm-fused", "x", right).correct


def test_frozen_statistics_are_the_backward_pass_without_their_paths():
    """Freezing mu and v is differentiating with mu and v held fixed: rstd * dxhat."""
    graph = build(load("layernorm-fused"))
    assert statistics(graph, "x") == ["mu", "v"]
    values = {n: np.asarray(graph.nodes[n].value) for n in graph.nodes}
    dxhat = values["G"] * values["w"]
    mean = dxhat.mean(axis=1, keepdims=True)
    want = {
        "mu": values["rstd"]
        * (dxhat - values["xhat"] * (dxhat * values["xhat"]).mean(1, keepdims=True)),
        "rstd": values["rstd"] * (dxhat - mean),
        "mu and rstd": values["rstd"] * dxhat,
    }
    got = {p.fill["stats"]: p.value for p in frozen_statistics(graph, "x")}
    assert set(got) == set(want)
    for k, v in want.items():
        np.testing.assert_allclose(got[k], v, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    "lesson", ["two-head-attention", "lstm-step", "causal-attention", "conv-naive", "maxpool"]
)
def test_a_slice_a_sum_into_the_loss_or_a_pool_is_no_statistic(lesson):
    """Only a reduction that broadcasts back and meets its input again counts: q[:, 0:2],
    the sum(c * Gc) that only feeds the loss and a max-pool's output do not."""
    graph = build(load(lesson))
    assert all(statistics(graph, n) == [] for n in graph.order)


def test_past_an_asked_node_a_statistic_is_that_nodes_question():
    """In layernorm-steps v is reached from x only through xc (asked): x's step has mu only."""
    graph = build(load("layernorm-steps"))
    assert statistics(graph, "x") == ["mu"]
    gpt2 = build(load("gpt2-block"))
    assert statistics(gpt2, "x2") == ["mu2"] and statistics(gpt2, "Wo") == []
