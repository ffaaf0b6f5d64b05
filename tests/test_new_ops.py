"""abs, softplus and leaky_relu: PyTorch's values and derivatives, kinks included (recorded in
``tests/golden``, and from live torch as well when it is importable)."""

from __future__ import annotations

import math

import pytest
from golden import reference
from golden.cases import NEW_OPS, Point, new_op_points
from golden.oracles import oracles
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest import approx

from tutor.grammar.errors import ParseError
from tutor.graph.build import build
from tutor.lesson.find import loads
from tutor.scalar import dialects as ex
from tutor.scalar.engine import Value
from tutor.scalar.ops import FUNCTIONS, OPS

NEW = NEW_OPS


def value_and_grad(key: str, x: float, slope: float | None = None) -> tuple[float, float]:
    leaf = Value(x)
    out = Value.apply(key, leaf, arg=slope)
    out.backward()
    return out.data, leaf.grad


def central(f, x: float, h: float = 1e-6) -> float:
    return (f(x + h) - f(x - h)) / (2 * h)


@pytest.mark.parametrize("key", NEW)
def test_each_is_one_row_of_the_op_table_and_a_function(key):
    op = OPS[key]
    assert op.arity == 1 and op.rule and key in FUNCTIONS
    assert op.symbols(("x",), "y", op.default)[0]


@settings(max_examples=60, deadline=None)
@given(
    x=st.floats(-30.0, 30.0).filter(lambda v: abs(v) > 1e-3),
    slope=st.floats(-1.0, 1.0),
)
def test_values_and_derivatives_match_finite_differences(x, slope):
    plain = {
        "abs": abs,
        "softplus": lambda v: math.log1p(math.exp(v)),
        "leaky_relu": lambda v: v if v > 0 else slope * v,
    }
    for key, f in plain.items():
        value, grad = value_and_grad(key, x, slope if key == "leaky_relu" else None)
        assert value == approx(f(x), rel=1e-9, abs=1e-12)
        assert grad == approx(central(f, x), rel=1e-5, abs=1e-6)


def test_pytorchs_choices_at_the_kinks():
    assert value_and_grad("abs", 0.0) == (0.0, 0.0)  # sign(0) = 0
    assert value_and_grad("leaky_relu", 0.0, 0.2) == (0.0, 0.2)  # x > 0 ? 1 : slope
    assert value_and_grad("leaky_relu", 0.0) == (0.0, 0.01)  # the default slope
    assert value_and_grad("softplus", 25.0) == (25.0, 1.0)  # the identity above 20
    assert value_and_grad("softplus", -800.0) == (0.0, 0.0)


@pytest.mark.parametrize("point", new_op_points(), ids=lambda p: p.name)
def test_matches_torch(point):
    """PyTorch's value and derivative at each point (the kinks, far out, softplus's switch)."""
    value, grad = value_and_grad(point.op, point.x, point.slope)
    for source, theirs in oracles("new_ops", point.name, lambda t: reference.new_op(t, point)):
        assert value == approx(theirs.value, rel=1e-15, abs=1e-300), source
        assert grad == approx(float(theirs.grads["x"]), rel=1e-15, abs=1e-300), source


def test_torch_default_slope():
    point = Point("leaky_relu", -3.0)
    for source, theirs in oracles("new_ops", point.name, lambda t: reference.new_op(t, point)):
        slope = float(theirs.grads["x"])
        assert value_and_grad("leaky_relu", -3.0)[1] == slope == OPS["leaky_relu"].default, source


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("abs(a - b)", "abs(a - b)"),
        ("softplus(a)", "softplus(a)"),
        ("leaky_relu(a, 0.2)", "leaky_relu(a, 0.2)"),
        ("leaky_relu(a, -0.5)", "leaky_relu(a, -0.5)"),
        ("leaky_relu(a)", "leaky_relu(a, 0.01)"),
    ],
)
def test_expressions_read_and_write_them(text, shown):
    assert ex.to_text(ex.parse(text)) == shown


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("leaky_relu(a, b)", "leaky_relu's slope must be a number"),
        ("leaky_relu(a, 0.1, 2)", "takes leaky_relu(x) or leaky_relu(x, slope)"),
        ("leaky_relu()", "takes leaky_relu(x) or leaky_relu(x, slope)"),
        ("abs(a, 2)", "abs() takes exactly one argument"),
    ],
)
def test_wrong_calls_are_explained(text, words):
    with pytest.raises(ParseError, match=words.replace("(", r"\(").replace(")", r"\)")):
        ex.parse(text)


def test_a_lesson_with_the_new_functions_builds_and_answers_agree():
    lesson = loads(
        "title: T\ninputs: {x: -2.0, y: 0}\ngraph:\n  - a = leaky_relu(x, 0.2)\n"
        "  - b = abs(x) + softplus(x) + leaky_relu(y)\n  - L = a * b\n"
    )
    graph = build(lesson)
    b = abs(-2.0) + math.log1p(math.exp(-2.0))
    sig = 1 / (1 + math.exp(2.0))
    assert graph.nodes["x"].grad == approx(b * 0.2 + (-0.4) * -1.0 + (-0.4) * sig, rel=1e-12)
    assert graph.nodes["y"].grad == approx(-0.4 * 0.01)
