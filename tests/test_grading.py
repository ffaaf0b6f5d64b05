from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lesson_texts import REUSE, TWICE, graph_of

from tutor.graph.build import build
from tutor.lesson.find import load
from tutor.notation import num, par
from tutor.teach.grading import (
    MISTAKES,
    AnswerError,
    diagnose,
    grade,
    parse_answer,
    question,
)

# Other names: the messages must use them.
NAMED = """
title: Named
inputs: {w: 0.5, z: 3}
graph:
  - h = w * z
  - loss = h * h
output: loss
"""


@pytest.fixture(scope="module")
def micro():
    return build(load("micrograd-labels"))


# -- reading answers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("-4", -4.0),
        ("6.0", 6.0),
        ("12*cos(36)", 12 * math.cos(36)),
        ("1 - tanh(0.8814)**2", 1 - math.tanh(0.8814) ** 2),
        ("-2*3", -6.0),
        ("1e-3", 0.001),
        ("  -2  ", -2.0),
        ("\u22122", -2.0),
        ("\u22122\u00d73", -6.0),
        ("(1 + 2) / 4", 0.75),
        ("2**-1", 0.5),
    ],
)
def test_parse_answer_numbers_and_arithmetic(micro, text, want):
    assert parse_answer(text, micro) == pytest.approx(want)


def test_parse_answer_node_names_stand_for_values(micro):
    # The walk-through writes dL/dd = f: f is -2 in micrograd-labels.
    assert parse_answer("f", micro) == -2.0
    assert parse_answer("a*b", micro) == -6.0
    assert parse_answer("-2 * e", micro) == 12.0


def test_parse_answer_generated_names(micro):
    g = graph_of("title: t\ninputs: {a: 2, c: 3}\ngraph:\n  - L = (a + c) * a\n")
    assert "L_1" in g.nodes
    assert parse_answer("L_1", g) == 5.0


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "the answer is empty"),
        ("   ", "the answer is empty"),
        ("12*", "cannot read '12*'"),
        ("foo(3)", "unknown function 'foo'"),
        ("a b", "no operator between them"),
        ("2 cos(3)", "no operator between them"),
        ("2**10**10", "too large"),
        ("1/0", "division by zero"),
        ("log(-1)", "log"),
        ("dL/de = -2", "without '='"),
        ("2^3", "use ** for powers"),
        ("1,5", "use a dot for decimals: 1.5"),
        ("cos", "cos is a function"),
        ("1e999", "too large"),
        ("1" + "0" * 400, "too large"),
        ("__import__(os)", "unknown function '__import__'"),
        ("a.data", "not allowed"),
    ],
)
def test_unreadable_answers_say_what_is_wrong(micro, text, fragment):
    with pytest.raises(AnswerError) as info:
        parse_answer(text, micro)
    assert fragment in info.value.message
    assert "\n" not in info.value.message


def test_unknown_name_lists_the_nodes(micro):
    with pytest.raises(AnswerError) as info:
        parse_answer("z + 1", micro)
    assert info.value.message == "unknown name 'z' (nodes here: a, b, c, f, e, d, L)"


@settings(max_examples=150, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, width=64))
def test_parse_answer_reads_any_float_back(x):
    g = build(load("micrograd-labels"))
    assert parse_answer(repr(x), g) == x


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=30))
def test_parse_answer_never_fails_otherwise(text):
    g = build(load("micrograd-labels"))
    try:
        value = parse_answer(text, g)
    except AnswerError as exc:
        assert exc.message and "\n" not in exc.message
    else:
        assert math.isfinite(value)


# -- grading ------------------------------------------------------------------------------


def test_grade_right_answers(micro):
    for name in micro.order:
        verdict = grade(micro, name, micro.nodes[name].grad)
        assert verdict.correct and verdict.mistake is None
        assert verdict.message.startswith("Correct")
    assert grade(micro, "a", 6.0).message == "Correct: dL/da = 6."


def test_grade_uses_the_default_tolerance(micro):
    assert grade(micro, "e", -2.001).correct  # within rel 1e-3
    assert not grade(micro, "e", -2.01).correct
    assert not grade(micro, "e", float("nan")).correct


def test_grade_uses_the_lessons_tolerance():
    loose = graph_of(TWICE + "tolerance: {rel: 0.05}\n")
    assert grade(loose, "a", 12.5).correct
    assert not grade(loose, "a", 12.7).correct
    strict = graph_of(TWICE + "tolerance: {rel: 0, abs: 1.0e-9}\n")
    assert not grade(strict, "a", 12.000001).correct
    assert grade(strict, "a", 12.0).correct


def test_plain_wrong_answer_counts_attempts(micro):
    first = grade(micro, "e", 7.0)
    assert (first.correct, first.mistake, first.message) == (False, None, "Not quite (attempt 1).")
    second = grade(micro, "e", 7.0, attempts=1)
    assert second.message == "Not quite (attempt 2)."
    third = grade(micro, "e", 7.0, attempts=2)
    assert third.message.startswith("Not quite (attempt 3).")
    assert third.message == "Not quite (attempt 3)."  # the app names its keys (keys.stuck)


def test_question(micro):
    assert question(micro, "e") == "dL/de = ?"
    assert question(graph_of(NAMED), "w") == "dloss/dw = ?"


# -- the mistakes, on micrograd-labels -------------------------------------------------------


def test_mistake_no_upstream(micro):
    v = grade(micro, "e", 1.0)  # dd/de = 1, forgot dL/dd = -2
    assert v.mistake == "no_upstream"
    assert "That is ∂d/∂e, the local derivative alone." in v.message
    assert "Multiply by the upstream gradient dL/dd." in v.message
    assert grade(micro, "a", -3.0).mistake == "no_upstream"  # de/da = b = -3
    assert "∂e/∂a" in grade(micro, "a", -3.0).message


def test_mistake_no_upstream_quotes_a_known_upstream(micro):
    v = grade(micro, "a", -3.0, known={"L": 1.0, "d": -2.0, "e": -2.0})
    assert "You found dL/de = -2." in v.message
    # not when the upstream is the answer itself: dd/de = 1, so dL/de = dL/dd
    assert "You found" not in grade(micro, "e", 1.0, known={"L": 1.0, "d": -2.0}).message


def test_mistake_sign(micro):
    v = grade(micro, "a", -6.0)
    assert v.mistake == "sign"
    assert v.message.startswith("Not quite (attempt 1). Right size, wrong sign")
    assert "dL/de" in v.message and "∂e/∂a" in v.message


def test_mistake_value_not_grad(micro):
    v = grade(micro, "e", -6.0)
    assert v.mistake == "value_not_grad"
    assert "That is the value of e, not dL/de." in v.message


def test_mistake_upstream_only(micro):
    v = grade(micro, "a", -2.0)  # dL/de alone, forgot de/da = b
    assert v.mistake == "upstream_only"
    assert "That is dL/de, the upstream gradient; multiply by the local derivative ∂e/∂a." in (
        v.message
    )


def test_output_zero_gets_dl_dl_is_one(micro):
    v = grade(micro, "L", 0.0)
    assert v.mistake == "output_one"
    assert "dL/dL is the output's gradient with respect to itself" in v.message
    assert "1" not in v.message.replace("attempt 1", "")  # the message never gives the answer
    assert grade(micro, "L", -8.0).mistake == "value_not_grad"
    assert grade(micro, "L", -1.0).mistake == "sign"


def test_no_diagnosis_for_right_or_unrelated_answers(micro):
    for name in micro.order:
        assert diagnose(micro, name, micro.nodes[name].grad) is None
    assert diagnose(micro, "e", 123.0) is None


def test_mistake_equal_to_the_right_answer_is_not_diagnosed(micro):
    # For c, dL/dd = -2 is also the right answer: no upstream_only diagnosis there.
    assert grade(micro, "c", -2.0).correct
    # For d, the local derivative dL/dd = f = -2 is the right answer.
    assert diagnose(micro, "d", -2.0) is None


def test_every_code_has_a_description():
    assert {"no_upstream", "one_consumer", "sign", "value_not_grad", "upstream_only"} <= set(
        MISTAKES
    )
    assert all(isinstance(v, str) and v for v in MISTAKES.values())


# -- the mistakes, on lessons with reuse -------------------------------------------------------


def test_reuse_right_answer():
    g = graph_of(REUSE)
    assert g.nodes["a"].grad == -8.0
    assert grade(g, "a", -8.0).correct


def test_mistake_one_consumer():
    g = graph_of(REUSE)
    v = grade(g, "a", -2.0)  # only p's contribution
    assert v.mistake == "one_consumer"
    assert "a feeds both p and q: add the contributions from every consumer." in v.message


def test_mistake_one_use_of_a_consumer_using_a_node_twice():
    g = graph_of(TWICE)
    assert g.nodes["a"].grad == 12.0
    v = grade(g, "a", 6.0)
    assert v.mistake == "one_consumer"
    assert "x uses a 2 times: add the contributions from every use." in v.message


def test_mistakes_on_reuse_other_kinds():
    g = graph_of(REUSE)
    assert grade(g, "a", 8.0).mistake == "sign"
    assert grade(g, "a", 3.0).mistake == "value_not_grad"
    v = grade(g, "a", 1.0)  # dL/dp = q = 1 alone
    assert v.mistake == "upstream_only" and "dL/dp" in v.message
    t = graph_of(TWICE)
    assert grade(t, "a", -12.0).mistake == "sign"
    assert grade(t, "a", 2.0).mistake == "upstream_only"  # dL/dx = c
    assert grade(t, "a", 3.0).mistake == "value_not_grad"
    # x feeds the output: its local derivative is the answer, dL/dL = 1 is the upstream.
    assert grade(t, "x", 1.0).mistake == "upstream_only"


def test_an_answer_fitting_two_mistakes_gets_the_more_instructive_one():
    g = graph_of(REUSE)
    # -6 is q's contribution (one_consumer) and also dL/dq alone (upstream_only):
    # a node with two consumers is about summing, so that is what the learner hears.
    assert diagnose(g, "a", -6.0)[0] == "one_consumer"
    assert "feeds both p and q" in grade(g, "a", -6.0).message


def test_one_use_of_a_node_used_twice_by_one_consumer():
    g = graph_of("title: T\ninputs: {a: 3}\ngraph:\n  - b = a + a\n  - L = b * b\n")
    # dL/db = 2b = 12, dL/da = 12 + 12 = 24; one use alone is 12 (also dL/db alone)
    code, message = diagnose(g, "a", 12.0)
    assert code == "one_consumer"
    assert message == (
        "b uses a 2 times: add the contributions from every use."
        " (The same number also comes from: the upstream gradient alone.)"
    )


def test_messages_use_the_lessons_names():
    g = graph_of(NAMED)
    # h = 1.5, loss = h * h: dloss/dh = 2h = 3; dh/dw = z = 3; dh/dz = w = 0.5
    assert g.nodes["w"].grad == pytest.approx(9.0)
    assert g.nodes["z"].grad == pytest.approx(1.5)
    v = grade(g, "w", 0.5)
    assert v.mistake == "value_not_grad"
    assert "That is the value of w, not dloss/dw." in v.message
    v = grade(g, "z", 0.5)
    assert v.mistake == "no_upstream"
    assert (
        "That is ∂h/∂z, the local derivative alone. Multiply by the upstream gradient dloss/dh."
        in v.message
    )
    # 3 is both dh/dw alone and dloss/dh alone for w: the local derivative is named first
    assert grade(g, "w", 3.0).mistake == "no_upstream"


# -- number formatting -------------------------------------------------------------------------


def test_num_and_par():
    assert num(2.0) == "2"
    assert num(-0.12796368962740468) == "-0.1280"
    assert num(-1.535564275528856) == "-1.5356"
    assert num(1.5e-7) == "1.5e-7"
    assert par(-2.0) == "(-2)"
    assert par(3.0) == "3"


# -- one front end: the scalar and the tensor dialects explain the same slips alike ---------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("dE +", "cannot read 'dE +': something is missing after '+'"),
        ("3 *", "cannot read '3 *': something is missing after '*'"),
        ("2 **", "cannot read '2 **': something is missing after '**'"),
        ("dE +* 2", "cannot read 'dE +* 2': two operators in a row ('+*')"),
        ("2 / * 3", "cannot read '2 / * 3': two operators in a row ('/*')"),
        ("(dE", "cannot read '(dE': '(' was never closed"),
        ("dE)", "cannot read 'dE)': unmatched ')'"),
        ("dE..T", "cannot read 'dE..T': '.T' does not fit here"),
        ("2^3", "use ** for powers, not ^ (for example 2**3)"),
        ("1,5", "use a dot for decimals: 1.5"),
    ],
)
def test_both_dialects_explain_an_unreadable_answer_in_the_same_words(text, said):
    # on the old main the tensor dialect said Python's "invalid syntax" for most of these
    for lesson in ("micrograd-labels", "linear-layer"):
        graph = build(load(lesson))
        with pytest.raises(AnswerError) as info:
            parse_answer(text, graph, {graph.order[0]: graph.nodes[graph.order[0]].grad})
        assert info.value.message == said, lesson
        assert "invalid syntax" not in info.value.message


@pytest.mark.parametrize(
    ("lesson", "said"),
    [
        ("micrograd-labels", "two values with no operator between them (use *)"),
        ("linear-layer", "two values with no operator between them (use * or @)"),
    ],
)
def test_two_values_side_by_side_are_told_the_dialects_products(lesson, said):
    graph = build(load(lesson))
    for text in ("dE dE", "2 3", "(2) 3"):
        with pytest.raises(AnswerError) as info:
            parse_answer(text, graph, {graph.order[0]: graph.nodes[graph.order[0]].grad})
        assert info.value.message == f"cannot read {text!r}: {said}"


def test_an_operator_the_dialect_lacks_is_named():
    with pytest.raises(AnswerError) as info:
        parse_answer("2 @", build(load("micrograd-labels")))
    assert info.value.message == (
        "cannot read '2 @': '@' is not an operator here (the operators are + - * / **)"
    )
