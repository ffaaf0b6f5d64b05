"""The ops added for the lessons beyond makemore-ninja (issue 20), each one row of ``TOPS``:
PyTorch's values and gradients (``tests/golden/from-torch/tensor_ops.json``, and live torch
when importable), central differences over random inputs, and how they are written."""

from __future__ import annotations

import numpy as np
import pytest
from golden import reference
from golden.cases import OP_CASES, OpCase
from golden.oracles import oracles
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.grammar.errors import ParseError
from tutor.tensor import dialects
from tutor.tensor.engine import Tensor
from tutor.tensor.evaluate import TensorEnv, evaluate
from tutor.tensor.numeric import numeric_grad
from tutor.tensor.ops import TOPS
from tutor.tensor.shapes import ShapeError

PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run_case(case: OpCase) -> tuple[float, dict[str, np.ndarray]]:
    """Our engine on a golden case: the weighted loss and each operand's gradient."""
    leaves = []
    for i, a in enumerate(case.inputs()):
        if case.labels and i in case.labels:
            leaves.append(Tensor.labels(a, f"x{i}"))
        else:
            leaves.append(Tensor(a, f"x{i}"))
    out = Tensor.apply(case.key, *leaves, arg=case.arg)
    loss = (out * Tensor(case.weights(out.shape))).sum()
    loss.backward()
    grads = {
        str(i): leaf.grad
        for i, leaf in enumerate(leaves)
        if leaf.grad is not None and i not in case.masks
    }
    return float(loss.data), grads


@pytest.mark.parametrize("case", OP_CASES, ids=lambda c: c.name)
def test_each_new_op_agrees_with_pytorch(case):
    value, grads = run_case(case)
    for source, theirs in oracles("tensor_ops", case.name, lambda t: reference.tensor_op(t, case)):
        assert value == pytest.approx(theirs.value, rel=1e-12, abs=1e-12), source
        assert set(grads) == set(theirs.grads), source
        for k, g in grads.items():
            np.testing.assert_allclose(g, theirs.grads[k], rtol=1e-10, atol=1e-12, err_msg=source)


def test_the_cases_cover_every_new_differentiable_op():
    new = {"erf", "maximum", "minimum", "var", "std", "where"}
    assert new <= {c.key for c in OP_CASES}
    assert all(c.key in TOPS for c in OP_CASES)


def test_ties_split_the_gradient_in_half_as_pytorch_does():
    a, b = Tensor([1.0, 2.0, 3.0], "a"), Tensor([1.0, 1.0, 4.0], "b")
    Tensor.apply("maximum", a, b).sum().backward()
    np.testing.assert_array_equal(a.grad, [0.5, 1.0, 0.0])
    np.testing.assert_array_equal(b.grad, [0.5, 0.0, 1.0])


# -- central differences ------------------------------------------------------------------


def floats(shape, low=-2.0, high=2.0):
    n = int(np.prod(shape))
    return st.lists(st.floats(low, high), min_size=n, max_size=n).map(
        lambda xs: np.array(xs, dtype=np.float64).reshape(shape)
    )


def check(key: str, arrays: list[np.ndarray], arg: object = None, tol: float = 1e-6) -> None:
    leaves = [Tensor(a, f"x{i}") for i, a in enumerate(arrays)]
    out = Tensor.apply(key, *leaves, arg=arg)
    weights = np.random.default_rng(0).standard_normal(out.shape)
    loss = (out * Tensor(weights)).sum()
    loss.backward()
    for leaf in leaves:
        np.testing.assert_allclose(leaf.grad, numeric_grad(loss, leaf, 1e-6), rtol=tol, atol=tol)


@PROPERTY
@given(floats((3, 4), -3.0, 3.0))
def test_erf_matches_central_differences(a):
    check("erf", [a])


@PROPERTY
@given(st.sampled_from(["maximum", "minimum"]), floats((3, 4)), st.data())
def test_maximum_and_minimum_match_central_differences_away_from_ties(key, a, data):
    b = data.draw(floats(data.draw(st.sampled_from([(3, 4), (4,), (3, 1), ()]))))
    gap = np.abs(a - b)
    if gap.size and gap.min() < 1e-3:
        b = b + 0.01  # central differences need the two apart
    check(key, [a, b])


@PROPERTY
@given(
    st.sampled_from(["var", "std"]),
    st.sampled_from([None, 0, 1, -1]),
    st.sampled_from([0, 1]),
    st.booleans(),
    floats((3, 4)),
)
def test_var_and_std_match_central_differences(key, axis, ddof, keepdims, a):
    a = a + np.arange(12).reshape(3, 4) * 0.3  # never all equal along an axis
    check(key, [a], (axis, ddof, keepdims), tol=1e-5)


def test_var_and_std_are_numpys_with_ddof():
    a = np.arange(12.0).reshape(3, 4) ** 1.5
    for key in ("var", "std"):
        for axis in (None, 0, 1):
            for ddof in (0, 1):
                out = Tensor.apply(key, Tensor(a), arg=(axis, ddof, False))
                want = getattr(np, key)(a, axis=axis, ddof=ddof)
                np.testing.assert_allclose(out.data, want, rtol=1e-13)


# -- written in lessons and answers ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("erf(x / sqrt(2))", "erf(x / sqrt(2))"),
        ("maximum(a, 0)", "maximum(a, 0)"),
        ("minimum(a, b)", "minimum(a, b)"),
        ("var(x, axis=1, keepdims=True)", "var(x, axis=1, keepdims=True)"),
        ("var(x, axis=0, ddof=1)", "var(x, axis=0, ddof=1)"),
        ("std(x, ddof=0)", "std(x)"),
        ("where(M, s, -1.0e9)", "where(M, s, -1e9)"),
        ("(x > 0) * x", "(x > 0) * x"),
        ("a == b", "a == b"),
    ],
)
def test_lesson_lines_read_and_write_them(text, shown):
    assert dialects.to_text(dialects.parse(text), dialects.GRAPH_LINES) == shown


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("var(x, ddof=0.5)", "ddof must be a whole number"),
        ("var(x, axis=1, ddof=4)", "nothing is left to divide by"),
        ("std(c)", "std(c) of equal values is 0"),
        ("maximum(x, y)", "cannot broadcast"),
        ("erf(x, 2)", "erf() takes exactly one argument"),
    ],
)
def test_bad_calls_are_one_clear_line(text, words):
    values = {"x": np.ones((3, 4)) * np.arange(4), "y": np.ones(3), "c": np.ones((2, 2))}
    with pytest.raises(ParseError, match=words.replace("(", r"\(").replace(")", r"\)")):
        evaluate(dialects.parse(text, dialects.ANSWERS), TensorEnv(values))


def test_the_shape_rule_refuses_before_computing():
    with pytest.raises(ShapeError, match="ddof"):
        Tensor.apply("var", Tensor(np.ones(3)), arg=(None, 3, False))


def _lesson(graph: str, inputs: str):
    from tutor.graph.build import build
    from tutor.lesson.find import loads

    return build(loads(f"title: t\ninputs: {{{inputs}}}\ngraph:\n{graph}"))


def test_a_variance_divided_by_n_not_n_minus_1_is_named():
    from tutor.mistakes import Mistake
    from tutor.teach.grading import grade

    graph = _lesson(
        "  - v = var(x, axis=0, ddof=1, keepdims=True)\n  - L = sum(v * R)\n",
        "x: {randn: [5, 3], seed: 1}, R: {randn: [1, 3], seed: 2}",
    )
    x, r = graph.nodes["x"].value, graph.nodes["R"].value
    right = 2 * (x - x.mean(axis=0, keepdims=True)) * r / 4
    np.testing.assert_allclose(graph.nodes["x"].grad, right)
    assert grade(graph, "x", right).mistakes == ()
    assert Mistake.BESSEL in grade(graph, "x", right * 4 / 5).mistakes


def test_a_mask_and_where_in_graph_lines():
    graph = _lesson(
        "  - M = x > 0\n  - s = where(M, x, -1.0e9)\n  - t = maximum(s, y)\n"
        "  - L = sum(t * erf(x))\n",
        "x: [[0.5, -1.0], [2.0, -0.5]], y: [[0.0, 0.25], [3.0, -2.0]]",
    )
    x, y = graph.nodes["x"].value, graph.nodes["y"].value
    np.testing.assert_array_equal(graph.nodes["M"].value, [[1, 0], [1, 0]])
    np.testing.assert_array_equal(graph.nodes["y"].grad != 0, [[0, 1], [1, 1]])
    assert graph.nodes["M"].grad is None or not np.any(graph.nodes["M"].grad)
    assert np.all(np.isfinite(graph.nodes["x"].grad)) and x.shape == y.shape
