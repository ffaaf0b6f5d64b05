"""Misconceptions that were missed or misnamed (issue 17 item 4): the new catalogue codes
on their examples, the scalar rows that now apply to tensor nodes, and messages that no
longer say false things."""

from __future__ import annotations

import pytest
from test_formula_check import graded

from tutor.authoring.check import check_file
from tutor.graph.build import build
from tutor.lesson.find import load, loads
from tutor.mistakes import Mistake

#: A scalar lesson with every gate local_formula knows, at values where no slip coincides.
GATES = """\
title: Gates
inputs: {x: 0.7, w: 1.3, y: 2.2}
graph:
  - z = x * w
  - t = tanh(z)
  - s = sigmoid(t)
  - q = sin(s)
  - g = log(y)
  - r = sqrt(y)
  - L = q * g + r
"""


@pytest.mark.parametrize(
    ("node", "text", "wrong"),
    [
        ("z", "dt * (1 - t)", "tanh' as 1 - t"),
        ("z", "dt * t**2", "tanh' as t**2"),
        ("t", "ds * s**2", "sigmoid' as s**2"),
        ("t", "ds * (1 - s)", "sigmoid' as 1 - s"),
        ("s", "dq * -sin(s)", "sin' as -sin(s)"),
        ("y", "dg * -1/y**2 + dr / (2 * sqrt(y))", "log' as -1/y**2"),
        ("y", "dg / y + dr / sqrt(y)", "sqrt' as 1/sqrt(y)"),
    ],
)
def test_a_misremembered_local_derivative_is_local_formula(node, text, wrong):
    graph = build(loads(GATES, "gates"))
    verdict = graded(graph, node, text)
    assert not verdict.correct and verdict.mistake == "local_formula", verdict.message
    assert f"That takes {wrong}" in verdict.message


def test_a_tensor_tanh_misremembered_is_local_formula():
    graph = build(load("gelu-tanh"))
    verdict = graded(graph, "inner", "dt * (1 - t)")
    assert verdict.mistake == "local_formula", verdict.message
    assert "That takes tanh' as 1 - t, elementwise" in verdict.message
    assert "tanh' is 1 - t**2" in verdict.message


@pytest.mark.parametrize(
    ("lesson", "node", "text", "code"),
    [
        ("makemore-ninja", "b2", "mean(dlogits, axis=0)", "mean_not_sum"),
        (
            "cross-entropy-steps",
            "logprobs",
            "ones_like(logprobs) * dloss_1[:, None]",
            "pick_spread",
        ),
        ("causal-attention", "masked", "datt * att * (1 - att)", "softmax_diag"),
        ("causal-attention", "qk", "dscores", "dropped_scale"),
        ("dropout", "hd_1", "dhd", "dropped_scale"),
        # the scale the wrong way round: multiplied where the forward pass divides
        ("causal-attention", "qk", "dscores * sqrt(3)", "dropped_scale"),
        ("two-head-attention", "qk1", "ds1 * sqrt(2)", "dropped_scale"),
    ],
)
def test_the_new_tensor_codes_are_named_first(lesson, node, text, code):
    verdict = graded(build(load(lesson)), node, text)
    assert not verdict.correct and verdict.mistake == code, verdict.message


def test_mean_not_sum_says_the_gradients_add_up():
    verdict = graded(build(load("makemore-ninja")), "b2", "mean(dlogits, axis=0)")
    assert "used once for every row, so the 32 gradients it received add up" in verdict.message


def test_dropped_scale_names_the_constant_without_the_answer():
    graph = build(loads("title: S\ninputs: {x: 0.7}\ngraph:\n  - h = x * 0.75\n  - L = tanh(h)\n"))
    verdict = graded(graph, "x", "dh")
    assert verdict.mistake == "dropped_scale"
    assert "h = x * 0.75 scales x by a constant" in verdict.message
    assert "0.75" not in verdict.message.split("constant", 1)[1]


def test_a_scale_the_wrong_way_round_is_said_without_the_constant():
    graph = build(loads("title: S\ninputs: {x: 0.7}\ngraph:\n  - h = x * 0.75\n  - L = tanh(h)\n"))
    verdict = graded(graph, "x", "dh / 0.75")
    assert verdict.mistake == "dropped_scale"
    assert "the wrong way round: h = x * 0.75 scales x by a constant" in verdict.message
    assert "0.75" not in verdict.message.split("constant", 1)[1]
    tensor = graded(build(load("causal-attention")), "qk", "dscores * sqrt(3)")
    assert "not by its inverse" in tensor.message


def test_sign_is_right_size_wrong_sign_only_when_the_size_is_right():
    graph = build(load("division-powers"))  # dL/dx = 0.1875 (through r) - 0.25 (through i)
    verdict = graded(graph, "x", "0.4375")  # the term through i with the wrong sign
    assert verdict.mistake == "sign"
    assert "Right size" not in verdict.message
    assert "the one through i = 1 / x" in verdict.message
    whole = graded(graph, "x", "0.0625")
    assert whole.mistake == "sign" and "Right size, wrong sign" in whole.message


def test_a_tensor_sign_on_one_path_names_that_path():
    text = (
        "title: Two paths\ninputs:\n  A: {randn: [3, 2], seed: 1}\n  B: {randn: [3, 2], seed: 2}\n"
        "graph:\n  - P = A * B\n  - Q = P + A\n  - L = sum(Q * B)\n"
    )
    graph = build(loads(text, "paths"))
    verdict = graded(graph, "A", "dP * B - dQ")  # the path through Q with the wrong sign
    assert verdict.mistake == "sign" and "Right size" not in verdict.message
    assert "the one through Q = P + A" in verdict.message


def test_the_minus_on_the_max_path_is_a_sign_under_random_upstream_gradients():
    graph = build(load("cross-entropy-steps"))
    verdict = graded(graph, "logit_maxes", "sum(dnorm_logits, axis=1, keepdims=True)")
    assert verdict.formula == "wrong" and verdict.mistake == "sign"
    assert "There: Right size, wrong sign" in verdict.message


def test_the_broadcast_message_names_columns_for_a_column_reused():
    text = (
        "title: Columns\ninputs:\n  X: {randn: [6, 5], seed: 1}\n  c: {randn: [6, 1], seed: 2}\n"
        "  G: {randn: [6, 5], seed: 3}\ngraph:\n  - Y = X + c\n  - L = sum(Y * G)\n"
    )
    graph = build(loads(text, "columns"))
    verdict = graded(graph, "c", "dY")
    assert verdict.mistake == "no_batch_sum"
    assert "reused it for every column" in verdict.message and "every row" not in verdict.message
    rows = graded(build(load("makemore-ninja")), "b2", "dlogits")
    assert "reused it for every row" in rows.message


def test_the_upstream_message_says_summed_when_it_was_summed():
    graph = build(load("makemore-ninja"))
    summed = graded(graph, "bngain", "sum(dhpreact, axis=0, keepdims=True)")
    assert summed.mistake == "upstream_only"
    assert "the upstream gradient, summed to the shape of bngain, (1, 64)" in summed.message
    plain = graded(graph, "bngain", "dhpreact")
    assert "the upstream gradient; multiply" in plain.message


def test_a_reshape_is_undone_not_multiplied():
    verdict = graded(build(load("makemore-ninja")), "emb", "dembcat")
    assert "only moves the numbers of emb, so move them back to the shape of emb" in verdict.message
    assert "multiply by the local derivative" not in verdict.message


THREE = (
    "title: Three\ninputs: {a: 0.7}\n"
    "graph:\n  - p = a * 2\n  - q = a * a\n  - r = sin(a)\n  - L = p + q + r\n"
)


def test_two_of_three_consumers_is_one_consumer_naming_the_missing_one():
    graph = build(loads(THREE, "three"))
    verdict = graded(graph, "a", "dp * 2 + dq * 2 * a")  # r's contribution left out
    assert verdict.mistake == "one_consumer"
    assert "the contribution through r is missing" in verdict.message


def test_the_tensor_rows_of_scalar_mistakes():
    ninja = build(load("makemore-ninja"))
    verdict = graded(ninja, "bngain", "sum(dhpreact * bngain, axis=0, keepdims=True)")
    assert verdict.mistake == Mistake.MUL_OWN_INPUT.value, verdict.message
    ce = build(load("cross-entropy-steps"))
    forgot = graded(ce, "logits", "dnorm_logits")  # the max path forgotten
    assert not forgot.correct and "one_consumer" in forgot.mistakes, forgot.message


def test_check_says_why_a_mistake_coincides(tmp_path):
    path = tmp_path / "neuron.yaml"
    path.write_text("title: N\ninputs:\n  n: 0.8813735870195432\ngraph:\n  - o = tanh(n)\n")
    lines = check_file(path)
    assert any(
        "at n, a misremembered local derivative (local_formula) gives the right value too "
        "(0.5000), because 1 - tanh(n)**2 = o**2 here" in line
        for line in lines
    ), lines


def test_the_counterexample_gives_the_diagnosis_there():
    lesson = load("neuron-tanh")
    lesson.inputs = {**lesson.inputs, "x2": 0.0, "w2": 1.0, "b": 6.8813735870195432}
    verdict = graded(build(lesson), "n", "o**2")
    assert not verdict.correct and verdict.formula == "wrong"
    assert "Your number matches here, but your formula doesn't: at " in verdict.message
    assert "There: That takes tanh' as o**2" in verdict.message
