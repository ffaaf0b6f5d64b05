"""Issue 20's second set of ops, each one row of ``TOPS``: slices ``X[:, 0:2]``, ``concat``,
batched ``@`` and ``.mT``, reductions over a tuple of axes, ``pick`` on N-D tensors,
``conv2d``, ``maxpool2d`` and ``permute``. PyTorch's numbers are the golden cases of
``tests/test_curriculum_ops.py`` (``tests/golden/cases.py``); here: central differences over
random inputs (hypothesis), how each is written, and the one-line refusals."""

from __future__ import annotations

import numpy as np
import pytest
from golden.cases import OP_CASES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.grammar.errors import ParseError
from tutor.tensor import dialects
from tutor.tensor.engine import Tensor
from tutor.tensor.evaluate import TensorEnv, evaluate
from tutor.tensor.numeric import numeric_grad

PROPERTY = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEEDS = st.integers(0, 10_000)


def check(key: str, arrays: list[np.ndarray], arg: object = None, labels: tuple[int, ...] = ()):
    """Our VJPs against central differences of sum(out * R) for a random R."""
    leaves = [
        Tensor.labels(a, f"x{i}") if i in labels else Tensor(a, f"x{i}")
        for i, a in enumerate(arrays)
    ]
    out = Tensor.apply(key, *leaves, arg=arg)
    weights = np.random.default_rng(0).standard_normal(out.shape)
    loss = (out * Tensor(weights)).sum()
    loss.backward()
    for i, leaf in enumerate(leaves):
        if i not in labels:
            want = numeric_grad(loss, leaf, 1e-6)
            np.testing.assert_allclose(leaf.grad, want, rtol=1e-6, atol=1e-6)


def test_every_new_op_has_a_pytorch_golden_case():
    covered = {c.key for c in OP_CASES}
    new = {"slice", "concat", "mT", "matmul", "sum", "mean", "var", "pick", "conv2d"}
    assert new | {"maxpool2d", "permute", "flip"} <= covered
    names = {c.name for c in OP_CASES}
    assert {"batched matmul", "sum over axes (0, 2)", "pick on 3-D"} <= names


@PROPERTY
@given(SEEDS, st.sampled_from([((None, None), (0, 2)), ((1, 3), (-3, None)), ((0, 1),)]))
def test_a_slice_matches_central_differences(seed, arg):
    check("slice", [np.random.default_rng(seed).standard_normal((4, 5))], arg)


@PROPERTY
@given(SEEDS, st.sampled_from([0, 1, -1]))
def test_concat_matches_central_differences(seed, axis):
    rng = np.random.default_rng(seed)
    other = (1, 3) if axis == 0 else (2, 4)
    check("concat", [rng.standard_normal((2, 3)), rng.standard_normal(other)], axis)


@PROPERTY
@given(
    SEEDS,
    st.sampled_from(
        [
            ((2, 3, 4), (2, 4, 5)),
            ((2, 3, 4), (4, 2)),
            ((3, 4), (2, 4, 2)),
            ((1, 2, 3), (3, 3, 2)),
            ((2, 1, 2, 3), (3, 3, 2)),
        ]
    ),
)
def test_a_batched_matmul_matches_central_differences(seed, shapes):
    rng = np.random.default_rng(seed)
    check("matmul", [rng.standard_normal(s) for s in shapes])


@PROPERTY
@given(SEEDS)
def test_mt_and_permute_match_central_differences(seed):
    a = np.random.default_rng(seed).standard_normal((2, 3, 4))
    check("mT", [a])
    check("permute", [a], (2, 0, 1))
    check("flip", [a], (0, 2))
    check("flip", [a], None)


@PROPERTY
@given(
    SEEDS,
    st.sampled_from(["sum", "mean", "var", "std"]),
    st.sampled_from([(0, 2), (1, 2), (0, 1, 2), (2, 0)]),
    st.booleans(),
)
def test_reductions_over_a_tuple_of_axes_match_central_differences(seed, key, axes, keep):
    a = np.random.default_rng(seed).standard_normal((2, 3, 4))
    arg = (axes, 1, keep) if key in ("var", "std") else (axes, keep)
    check(key, [a], arg)


def test_reductions_over_a_tuple_of_axes_are_numpys():
    a = np.arange(24.0).reshape(2, 3, 4) ** 1.3
    for axes in ((0, 2), (2, 0), (0, 1, 2)):
        assert np.allclose(Tensor.apply("sum", Tensor(a), arg=(axes, False)).data, a.sum(axes))
        got = Tensor.apply("var", Tensor(a), arg=(axes, 1, True)).data
        assert np.allclose(got, a.var(axes, ddof=1, keepdims=True))


@PROPERTY
@given(SEEDS)
def test_pick_on_a_3d_tensor_matches_central_differences(seed):
    rng = np.random.default_rng(seed)
    check("pick", [rng.standard_normal((2, 3, 4)), rng.integers(0, 4, (2, 3))], labels=(1,))


@PROPERTY
@given(SEEDS, st.sampled_from([((2, 2, 5, 5), (3, 2, 3, 3)), ((1, 3, 4, 3), (2, 3, 2, 1))]))
def test_conv2d_matches_central_differences(seed, shapes):
    rng = np.random.default_rng(seed)
    check("conv2d", [rng.standard_normal(s) for s in shapes])


def test_conv2d_is_the_naive_loop():
    """CS231n's conv_forward_naive (stride 1, no padding), written as four loops."""
    rng = np.random.default_rng(3)
    x, w = rng.standard_normal((2, 2, 5, 5)), rng.standard_normal((3, 2, 3, 3))
    want = np.zeros((2, 3, 3, 3))
    for n in range(2):
        for f in range(3):
            for i in range(3):
                for j in range(3):
                    want[n, f, i, j] = np.sum(x[n, :, i : i + 3, j : j + 3] * w[f])
    np.testing.assert_allclose(Tensor.apply("conv2d", Tensor(x), Tensor(w)).data, want)


@PROPERTY
@given(SEEDS)
def test_maxpool_matches_central_differences(seed):
    a = np.random.default_rng(seed).permutation(32).reshape(2, 4, 4) * 0.5  # no ties
    check("maxpool2d", [a], 2)


def test_maxpool_routes_a_tie_to_the_first_maximum_as_pytorch_does():
    a = Tensor(np.array([[[1.0, 3.0], [3.0, 0.0]]]), "a")
    Tensor.apply("maxpool2d", a, arg=2).sum().backward()
    np.testing.assert_array_equal(a.grad, [[[0.0, 1.0], [0.0, 0.0]]])


# -- written in lessons and answers ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("X[:, 0:2]", "X[:, 0:2]"),
        ("X[1:, :-1]", "X[1:, :-1]"),
        ("X[ : , 2 : 4 ]", "X[:, 2:4]"),
        ("(X + 1)[0:2]", "(X + 1)[0:2]"),
        ("concat(q1, q2, axis=1)", "concat(q1, q2, axis=1)"),
        ("concat(a, b, axis=0)", "concat(a, b)"),
        ("concat(h1, h2, h3, h4, axis=1)", "concat(h1, h2, h3, h4, axis=1)"),
        ("concat(concat(a, b, axis=1), c, axis=1)", "concat(a, b, c, axis=1)"),
        ("concat(concat(a, b, axis=1), c)", "concat(concat(a, b, axis=1), c)"),
        ("concat(a, concat(b, c))", "concat(a, concat(b, c))"),
        ("Q @ K.mT", "Q @ K.mT"),
        ("sum(x, axis=(0, 2), keepdims=True)", "sum(x, axis=(0, 2), keepdims=True)"),
        ("var(x, axis=(0,2,3))", "var(x, axis=(0, 2, 3))"),
        ("mean(x, axis=(1,))", "mean(x, axis=(1,))"),
        ("conv2d(X, W)", "conv2d(X, W)"),
        ("maxpool2d(H, 2)", "maxpool2d(H, 2)"),
        ("permute(X, (1, 0, 2, 3))", "permute(X, (1, 0, 2, 3))"),
        ("flip(W, axis=(2, 3))", "flip(W, axis=(2, 3))"),
    ],
)
def test_lesson_lines_read_and_write_them(text, shown):
    assert dialects.to_text(dialects.parse(text), dialects.GRAPH_LINES) == shown


def test_answers_have_the_vjps_own_functions():
    text = "concat(zeros(2, 1), dW, axis=1) + conv_transpose2d(D, K) * upsample(P, 2)"
    tree = dialects.parse(text, dialects.ANSWERS)
    assert dialects.to_text(tree, dialects.ANSWERS) == text
    with pytest.raises(ParseError, match="unknown function"):
        dialects.parse("zeros(2, 1)", dialects.GRAPH_LINES)


def test_zeros_upsample_and_conv_transpose2d_values():
    def run(text, **values):
        return evaluate(dialects.parse(text, dialects.ANSWERS), TensorEnv(values))

    np.testing.assert_array_equal(run("zeros(2, 3)"), np.zeros((2, 3)))
    p = np.array([[[1.0, 2.0]]])
    np.testing.assert_array_equal(run("upsample(P, 2)", P=p), [[[1, 1, 2, 2], [1, 1, 2, 2]]])
    d, k = np.ones((1, 1, 2, 2)), np.arange(4.0).reshape(1, 1, 2, 2)
    spread = run("conv_transpose2d(D, K)", D=d, K=k)[0, 0]
    np.testing.assert_array_equal(spread, [[0, 1, 1], [2, 6, 4], [2, 5, 3]])


VALUES = {
    "X": np.arange(24.0).reshape(4, 6),
    "a": np.ones((2, 3, 4)),
    "x": np.ones((2, 2, 5, 5)),
    "k": np.ones((3, 2, 3, 3)),
}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("X[:, 0:9]", "X[:, 0:9]: 0:9 on axis 1 is outside 0:6 or empty (shape (4, 6))"),
        ("X[:, 3:3]", "outside 0:6 or empty"),
        ("X[0]", "a subscript takes : or start:stop on each axis"),
        ("X[::2]", "a slice takes start:stop, no step"),
        ("X[0:1, 0:1, 0:1]", "has 3 entries, but X has shape (4, 6)"),
        ("X[0:1.5]", "a slice's start and stop must be a whole number"),
        ("X[0:999999]", "a slice's bound is at most 100,000"),
        ("concat(X, a)", "cannot concat (4, 6) and (2, 3, 4) along axis 0"),
        ("concat(X, X[0:2, 0:5])", "the other axes differ"),
        ("a @ X[0:3]", "cannot multiply (2, 3, 4) @ (3, 6): 4 ≠ 3"),
        ("X.mT @ a", "cannot multiply (6, 4) @ (2, 3, 4): 4 ≠ 3"),
        ("sum(a, axis=(0, 0))", "axis names an axis twice"),
        ("sum(a, axis=(0, 5))", "axis 5 is out of range for shape (2, 3, 4)"),
        ("maxpool2d(x, 2)", "the last two axes must divide into 2 x 2 windows"),
        ("conv2d(k, x)", "the kernel is larger than the image"),
        ("conv2d(x, a)", "conv2d takes X (N, C, H, W) and kernels W (F, C, kh, kw)"),
        ("permute(a, (0, 1))", "it takes an order of the axes 0 to 2, each once"),
        ("concat(X)", "concat() takes 2 to 16 arguments, not 1"),
        ("concat(" + ", ".join(["X"] * 17) + ")", "concat() takes 2 to 16 arguments, not 17"),
        ("concat(X, X, X, X[0:2, 0:5])", "the other axes differ"),
    ],
)
def test_bad_uses_are_one_clear_line(text, words):
    with pytest.raises(ParseError) as caught:
        evaluate(dialects.parse(text, dialects.ANSWERS), TensorEnv(VALUES))
    assert words in caught.value.message
    assert "\n" not in caught.value.message


def _lesson(graph: str, inputs: str):
    from tutor.graph.build import build
    from tutor.lesson.find import loads

    return build(loads(f"title: t\ninputs: {{{inputs}}}\ngraph:\n{graph}"))


def test_two_heads_split_and_joined_in_graph_lines():
    graph = _lesson(
        "  - q1 = X[:, 0:2]\n  - q2 = X[:, 2:4]\n  - s1 = q1 @ q1.T\n  - s2 = q2 @ q2.T\n"
        "  - H = concat(s1 @ q1, s2 @ q2, axis=1)\n  - L = sum(H * R)\n",
        "X: {randn: [3, 4], seed: 1}, R: {randn: [3, 4], seed: 2}",
    )
    x, r = graph.nodes["X"].value, graph.nodes["R"].value

    def loss(x: np.ndarray) -> float:
        q1, q2 = x[:, :2], x[:, 2:]
        return float(np.sum(np.concatenate([q1 @ q1.T @ q1, q2 @ q2.T @ q2], 1) * r))

    eps = 1e-6
    want = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        d = np.zeros_like(x)
        d[i] = eps
        want[i] = (loss(x + d) - loss(x - d)) / (2 * eps)
    np.testing.assert_allclose(graph.nodes["X"].grad, want, rtol=1e-6, atol=1e-8)


def test_concat_takes_more_than_two_operands():
    """concat(a, b, c) joins all three: one block of the gradient each."""
    a, b, c = np.ones((2, 1)), np.arange(6.0).reshape(2, 3), -np.ones((2, 2))
    tree = dialects.parse("concat(a, b, c, axis=1)", dialects.ANSWERS)
    got = evaluate(tree, TensorEnv({"a": a, "b": b, "c": c}))
    np.testing.assert_array_equal(got, np.concatenate([a, b, c], axis=1))
    graph = _lesson(
        "  - H = concat(A, B, C, axis=1)\n  - L = sum(H * R)\n",
        "A: {randn: [2, 1], seed: 1}, B: {randn: [2, 3], seed: 2}, C: {randn: [2, 2], seed: 3},"
        " R: {randn: [2, 6], seed: 4}",
    )
    r = graph.nodes["R"].value
    for name, cols in (("A", slice(0, 1)), ("B", slice(1, 4)), ("C", slice(4, 6))):
        np.testing.assert_array_equal(graph.nodes[name].grad, r[:, cols])


def test_a_slices_gradient_is_printed_as_one_concat():
    """The LSTM's af = a[:, 2:4] puts daf back with zeros on both sides, in one concat."""
    from tutor.graph.build import build
    from tutor.lesson.find import load
    from tutor.teach.hints import reveal

    text = reveal(build(load("lstm-step")), "a")
    assert "da += concat(zeros(2, 2), daf, zeros(2, 4), axis=1)" in text
    assert "concat(concat(" not in text


# -- literal tensors in expected ---------------------------------------------------------------

LITERAL = """title: literal expected
inputs:
  X: [[1.0, 2.0], [3.0, -1.0]]
  W: [[0.5], [-2.0]]
graph:
  - Y = X @ W
  - L = sum(Y * Y)
expected:
"""


def test_a_literal_tensor_in_expected_is_checked_element_by_element(tmp_path):
    from lesson_texts import check_problems

    right = LITERAL + '  Y: [[-7.0], [7]]\n  W: "2 * [[7], [-10.5]]"\n'
    assert check_problems(tmp_path, right) == []
    [wrong] = check_problems(tmp_path, LITERAL + "  Y: [[-7.0], [7.5]]\n")
    assert "disagrees at Y[1, 0]: 7.5 expected, but the engine computes 7" in wrong
    [ragged] = check_problems(tmp_path, LITERAL + "  Y: [[-7.0, 1], [7]]\n")
    assert "a literal list must be rectangular" in ragged
    [shape] = check_problems(tmp_path, LITERAL + "  Y: [[-7, 7]]\n")
    assert "has shape (1, 2), but the gradient has shape (2, 1)" in shape


def test_a_literal_list_stays_out_of_graph_lines_and_scalar_expected(tmp_path):
    from lesson_texts import check_problems

    [line] = check_problems(tmp_path, LITERAL.replace("X @ W", "[[1, 2]] @ W") + "  W: 1\n")
    assert "list" in line
    scalar = "title: s\ninputs: {a: 2}\ngraph:\n  - L = a * a\nexpected:\n  a: [4]\n"
    [refused] = check_problems(tmp_path, scalar)
    assert "list is not allowed here" in refused
