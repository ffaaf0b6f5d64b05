"""Tensor answers (``tutor.tensor.answers``) and shape-first grading with the misconception
table, on makemore-ninja and a small linear layer."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.graph.build import build as build_tensor
from tutor.lesson.find import load, loads
from tutor.session import Session
from tutor.teach import grading

LINEAR = """\
title: Linear
inputs:
  X: {randn: [4, 3], seed: 1}
  W: {randn: [3, 2], seed: 2}
  b: {randn: [2], seed: 3}
  T: {randn: [4, 2], seed: 4}
graph:
  - Y = X @ W + b
  - E = Y - T
  - loss = mean(E**2)
output: loss
tolerance: {rel: 1.0e-6, abs: 1.0e-9}
"""


@pytest.fixture(scope="module")
def mm():
    return build_tensor(load("makemore-ninja"))


MAXL = """\
title: Max
inputs:
  A: {randn: [3, 4], seed: 1}
  w: {randn: [3], seed: 2}
graph:
  - m = max(A, axis=1)
  - loss = sum(m * w)
output: loss
"""


@pytest.fixture(scope="module")
def mx():
    return build_tensor(loads(MAXL))


@pytest.fixture(scope="module")
def lin():
    return build_tensor(loads(LINEAR))


def known_before(graph, node):
    return {n: graph.nodes[n].grad for n in graph.order[: graph.order.index(node)]}


def verdict(graph, node, text):
    known = known_before(graph, node)
    value = grading.parse_answer(text, graph, known)
    return grading.grade(graph, node, value, known, 0)


@pytest.mark.parametrize(
    ("node", "text"),
    [
        ("W2", "h.T @ dlogits_1"),
        ("h", "dlogits_1 @ W2.T"),
        ("h", "grad(logits_1) @ W2.T"),
        ("b2", "sum(dlogits, axis=0)"),
        ("C", "scatter_add(demb, Xb, 27)"),
        ("logits", "dnorm_logits + onehot(argmax(logits, axis=1), 27) * dlogit_maxes"),
        ("loss_1", "-ones_like(loss_1) / 32"),
        ("logprobs", "onehot(Yb, 27) * reshape(dloss_1, [32, 1])"),
        ("hpreact", "(1 - h**2) * dh"),
        ("loss", "1"),
        ("bnvar_1", "dbnvar / 31"),
    ],
)
def test_right_answers_in_the_grammar(mm, node, text):
    v = verdict(mm, node, text)
    assert v.correct, v.message
    assert v.shape == np.shape(mm.nodes[node].grad)
    assert v.maxdiff is not None and v.maxdiff <= 1e-12


def test_literals_and_like(lin):
    v = verdict(lin, "loss", "[[1]]")
    assert not v.correct and "dloss must have the shape of loss, ()" in v.message
    assert grading.parse_answer("zeros_like(W) + [[1, 0], [0, 1], [2, 2]]", lin).shape == (3, 2)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("dW1", "dW1 is not found yet"),
        ("grad(W1)", "grad(W1) is not found yet"),
        ("dXb", "no gradient"),
        ("__import__('os')", "quotes are not allowed"),  # every dialect refuses them (#16)
        ("h.__class__", "the attributes are .T and .mT"),
        ("dnope", "unknown name 'dnope'"),
        ("onehot(Xb, 100000)", "over 100,000 elements"),
        ("[" + "1, " * 1001 + "1]", "answer too long"),
        ("dh @ W1", "a transpose may be missing"),
        ("dh * W1", "for a matrix product use @"),
        ("dW = h", "without '='"),
        ("log(0 * h)", "not finite"),
    ],
)
def test_unreadable_answers_say_why(mm, text, words):
    with pytest.raises(grading.AnswerError) as exc:
        grading.parse_answer(text, mm, known_before(mm, "hpreact"))
    assert words in exc.value.message


def test_a_gradient_not_found_is_not_an_attempt(mm):
    s = Session(mm)
    assert s.current == "loss"
    out = s.submit("dlogits")
    assert out.kind == "unreadable" and "not found yet" in out.message
    assert s.attempts.get("loss", 0) == 0 and s.tally.wrong == 0
    assert s.submit("1").kind == "right"


@pytest.mark.parametrize(
    ("graph", "node", "text", "code", "words"),
    [
        ("mm", "W2", "dlogits_1.T @ h", "transpose", "yours is (27, 64)"),
        ("lin", "W", "dY_1.T @ X", "transpose", "transpose of the right answer"),
        ("mm", "b2", "dlogits", "no_batch_sum", "summed along axis 0"),
        ("mm", "b2", "sum(dlogits, axis=1)", "wrong_axis", "wrong axis"),
        ("mm", "bngain", "sum(dhpreact_1 * bnraw, axis=0)", "keepdims", "drops keepdims"),
        ("mm", "loss_1", "-ones_like(loss_1)", "mean_factor", "1/n of mean(loss_1)"),
        ("mm", "loss_1", "-ones_like(loss_1) / 32 / 32", "mean_factor", "twice"),
        ("mm", "bnvar_1", "dbnvar / 32", "bessel", "Bessel"),
        ("mm", "bnraw", "dhpreact_1 @ bngain.T", "elementwise_not_matmul", "* and @"),
        ("mx", "A", "ones_like(A) * reshape(dm, [3, 1])", "max_route", "maximum of each row"),
        ("mm", "hpreact", "(1 - hpreact**2) * dh", "act_at_input", "from the input"),
        ("mm", "hpreact", "-(1 - h**2) * dh", "sign", "wrong sign"),
        ("mm", "hpreact", "1 - h**2", "no_upstream", "upstream gradient"),
        ("mm", "bndiff", "2 * bndiff * dbndiff2", "one_consumer", "bndiff2 and bnraw"),
        ("mm", "W2", "W2", "value_not_grad", "value"),
    ],
)
def test_each_code_gets_its_diagnosis(request, graph, node, text, code, words):
    g = request.getfixturevalue(graph)
    v = verdict(g, node, text)
    assert not v.correct
    assert v.mistake == code, v.message
    assert words in v.message


def test_scatter_assign(mm):
    # a row of C used more than once: overwrite instead of add
    known = known_before(mm, "C")
    demb = known["emb"]
    xb = mm.nodes["Xb"].value
    wrong = np.zeros((27, 10))
    wrong[xb] = demb
    v = grading.grade(mm, "C", wrong, known, 0)
    assert v.mistake == "scatter_assign", v.message


def test_values_report_maxdiff_and_where(lin):
    known = known_before(lin, "W")
    right = lin.nodes["W"].grad.copy()
    wrong = right.copy()
    wrong[2, 0] += 0.31
    v = grading.grade(lin, "W", wrong, known, 0)
    assert "1 of 6 entries is off: maxdiff 0.31 at [2, 0]" in v.message


def test_check_warns_about_ambiguous_names():
    from tutor.authoring.check import check_lesson

    text = LINEAR.replace(
        "  - E = Y - T\n  - loss = mean(E**2)", "  - dY = Y - T\n  - loss = mean(dY**2)"
    )
    problems = check_lesson(loads(text))
    assert any(p.severity == "warning" and "grad(Y)" in p.message for p in problems)
