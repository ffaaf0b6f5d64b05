"""The tensor engine: every op's VJP against central differences, PyTorch (recorded in
``tests/golden``, and live when torch is importable), and the edge cases."""

from __future__ import annotations

import numpy as np
import pytest
from golden import reference
from golden.cases import (
    LABEL_CASE,
    RANDOM_OPS,
    SEEDS,
    label_inputs,
    random_case,
    random_program,
)
from golden.oracles import oracles
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.scalar.engine import Value
from tutor.tensor.engine import SizeError, Tensor, onehot, pick, take
from tutor.tensor.numeric import numeric_grad
from tutor.tensor.ops import TOPS
from tutor.tensor.shapes import DomainError, ShapeError, unbroadcast, unbroadcast_text

#: The rows added for answers and printed VJPs, tested in tests/test_answer_forms.py.
NEW_FORMS = {"softplus", "leaky_relu", "ones_like", "zeros_like", "ones", "argmax"}
NEW_FORMS |= {"first_max_mask", "scatter_add", "scatter", "gt", "ge", "lt", "le", "sign"}
NEW_FORMS |= {"where", "outer", "unsqueeze"}
#: The rows of issue 20, tested in tests/test_curriculum_ops.py.
NEW_FORMS |= {"erf", "maximum", "minimum", "eq", "var", "std"}
#: ... and in tests/test_cut_join_ops.py.
NEW_FORMS |= {"slice", "concat", "mT", "zeros", "conv2d", "conv_transpose2d", "maxpool2d"}
NEW_FORMS |= {"upsample", "permute", "flip"}

PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_vjps(build, leaves: list[Tensor], seed: int = 0, tol: float = 1e-6) -> None:
    """Weight the op's result by a fixed random tensor, so every VJP entry is exercised."""
    out = build(*leaves)
    weights = np.random.default_rng(seed).standard_normal(out.shape)
    loss = (out * Tensor(weights)).sum()
    loss.backward()
    for leaf in leaves:
        if not leaf.requires_grad:
            continue
        want = numeric_grad(loss, leaf, 1e-6)
        assert leaf.grad.shape == leaf.data.shape
        np.testing.assert_allclose(leaf.grad, want, rtol=tol, atol=tol)


def arrays(shape, low=-2.0, high=2.0, away=0.0):
    """Float arrays of ``shape`` in [low, high], at least ``away`` from 0."""
    return st.lists(
        st.floats(low, high, allow_nan=False).filter(lambda x: abs(x) >= away),
        min_size=int(np.prod(shape)),
        max_size=int(np.prod(shape)),
    ).map(lambda xs: np.array(xs, dtype=np.float64).reshape(shape))


dims = st.integers(1, 4)


@st.composite
def broadcast_pair(draw):
    """Two shapes that broadcast: the second is the first, a suffix, or with some 1s."""
    n, m = draw(dims), draw(dims)
    big = (n, m)
    small = draw(st.sampled_from([(n, m), (m,), (1, m), (n, 1), (), (1, 1)]))
    return (big, small) if draw(st.booleans()) else (small, big)


BINARY = {
    "+": (lambda a, b: a + b, 0.0),
    "-": (lambda a, b: a - b, 0.0),
    "*": (lambda a, b: a * b, 0.0),
    "/": (lambda a, b: a / b, 0.5),
}


@PROPERTY
@given(st.sampled_from(sorted(BINARY)), broadcast_pair(), st.data())
def test_broadcasting_binary_ops(key, shapes, data):
    fn, away = BINARY[key]
    a = Tensor(data.draw(arrays(shapes[0])), "a")
    b = Tensor(data.draw(arrays(shapes[1], away=away)), "b")
    check_vjps(fn, [a, b])


@PROPERTY
@given(broadcast_pair(), st.data())
def test_pow_with_a_tensor_exponent(shapes, data):
    a = Tensor(data.draw(arrays(shapes[0], 0.5, 2.0)), "a")
    b = Tensor(data.draw(arrays(shapes[1], -2.0, 2.0)), "b")
    check_vjps(lambda x, y: x**y, [a, b], tol=1e-5)


UNARY = {
    "exp": (lambda a: a.exp(), -2.0, 2.0, 0.0),
    "log": (lambda a: a.log(), 0.2, 3.0, 0.0),
    "sqrt": (lambda a: a.sqrt(), 0.2, 3.0, 0.0),
    "tanh": (lambda a: a.tanh(), -2.0, 2.0, 0.0),
    "sigmoid": (lambda a: a.sigmoid(), -3.0, 3.0, 0.0),
    "relu": (lambda a: a.relu(), -2.0, 2.0, 0.01),
    "sin": (lambda a: a.sin(), -3.0, 3.0, 0.0),
    "cos": (lambda a: a.cos(), -3.0, 3.0, 0.0),
    "abs": (lambda a: abs(a), -2.0, 2.0, 0.01),
    "neg": (lambda a: -a, -2.0, 2.0, 0.0),
    "**2": (lambda a: a**2, -2.0, 2.0, 0.0),
    "**3": (lambda a: a**3, -2.0, 2.0, 0.0),
    "**-1": (lambda a: a**-1, 0.5, 2.0, 0.0),
    "**0.5": (lambda a: a**0.5, 0.5, 2.0, 0.0),
    "**-0.5": (lambda a: a**-0.5, 0.5, 2.0, 0.0),
    "transpose": (lambda a: a.T, -2.0, 2.0, 0.0),
}


@PROPERTY
@given(st.sampled_from(sorted(UNARY)), st.integers(1, 4), st.integers(1, 4), st.data())
def test_unary_ops(key, n, m, data):
    fn, low, high, away = UNARY[key]
    a = Tensor(data.draw(arrays((n, m), low, high, away)), "a")
    check_vjps(fn, [a], tol=1e-5)


MATMUL_SHAPES = [
    lambda n, k, m: ((n, k), (k, m)),
    lambda n, k, m: ((n, k), (k,)),
    lambda n, k, m: ((k,), (k, m)),
    lambda n, k, m: ((k,), (k,)),
]


@PROPERTY
@given(st.sampled_from(range(4)), dims, dims, dims, st.data())
def test_matmul_in_every_form(form, n, k, m, data):
    sa, sb = MATMUL_SHAPES[form](n, k, m)
    a, b = Tensor(data.draw(arrays(sa)), "a"), Tensor(data.draw(arrays(sb)), "b")
    out = a @ b
    assert out.shape == (a.data @ b.data).shape
    check_vjps(lambda x, y: x @ y, [a, b])


@PROPERTY
@given(
    st.sampled_from(["sum", "mean", "max"]),
    st.sampled_from([None, 0, 1, -1]),
    st.booleans(),
    dims,
    dims,
    st.data(),
)
def test_reductions(key, axis, keepdims, n, m, data):
    values = data.draw(arrays((n, m)))
    if key == "max":  # distinct values, well apart: the difference quotient sees one maximum
        values = np.random.default_rng(n * 7 + m).permutation(n * m).reshape(n, m) * 0.1
    a = Tensor(values, "a")
    out = getattr(a, key)(axis=axis, keepdims=keepdims)
    assert out.shape == getattr(np, key)(values, axis=axis, keepdims=keepdims).shape
    check_vjps(lambda x: getattr(x, key)(axis=axis, keepdims=keepdims), [a])


@PROPERTY
@given(
    st.sampled_from(["softmax", "log_softmax"]), st.sampled_from([0, 1, -1]), dims, dims, st.data()
)
def test_softmaxes(key, axis, n, m, data):
    a = Tensor(data.draw(arrays((n, m), -3.0, 3.0)), "a")
    check_vjps(lambda x: getattr(x, key)(axis=axis), [a])


@PROPERTY
@given(dims, st.integers(2, 5), st.data())
def test_pick(n, k, data):
    p = Tensor(data.draw(arrays((n, k))), "P")
    y = Tensor.labels(data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)), "y")
    out = pick(p, y)
    np.testing.assert_array_equal(out.data, p.data[np.arange(n), y.data])
    check_vjps(pick, [p, y])


@PROPERTY
@given(st.integers(1, 6), dims, st.sampled_from([(3,), (2, 3), (4, 2)]), st.data())
def test_take_scatter_adds(rows, cols, idx_shape, data):
    c = Tensor(data.draw(arrays((rows, cols))), "C")
    size = int(np.prod(idx_shape))
    idx = data.draw(st.lists(st.integers(0, rows - 1), min_size=size, max_size=size))
    ix = Tensor.labels(np.array(idx).reshape(idx_shape), "ix")
    assert take(c, ix).shape == idx_shape + (cols,)
    check_vjps(take, [c, ix])


@PROPERTY
@given(
    st.sampled_from([(2, 6), (3, 4), (12,), (4, 3)]),
    st.sampled_from([[-1], [6, -1], [-1, 2]]),
    st.data(),
)
def test_reshape(shape, target, data):
    a = Tensor(data.draw(arrays(shape)), "a")
    check_vjps(lambda x: x.reshape(target), [a])


# -- exact behaviour ----------------------------------------------------------------------------


def test_every_op_of_the_table_is_tested():
    tested = set(BINARY) | {"pow", "powc", "neg", "matmul", "transpose", "sum", "mean", "max"}
    tested |= {"softmax", "log_softmax", "pick", "take", "reshape", "onehot"}
    tested |= {k for k in UNARY if not k.startswith("**")}
    tested |= NEW_FORMS  # tests/test_answer_forms.py
    assert set(TOPS) <= tested


def test_take_accumulates_repeated_indices_exactly():
    c = Tensor(np.arange(6.0).reshape(3, 2), "C")
    ix = Tensor.labels([[0, 2], [0, 0]], "ix")
    take(c, ix).sum().backward()
    np.testing.assert_array_equal(c.grad, [[3, 3], [0, 0], [1, 1]])


def test_max_routes_the_gradient_to_the_first_maximum():
    a = Tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]], "a")
    a.max(axis=1).sum().backward()
    np.testing.assert_array_equal(a.grad, [[0, 1, 0], [1, 0, 0]])
    b = Tensor([[5.0, 1.0], [5.0, 5.0]], "b")
    b.max().backward()
    np.testing.assert_array_equal(b.grad, [[1, 0], [0, 0]])


def test_onehot_is_a_constant_and_labels_get_no_gradient():
    y = Tensor.labels([2, 0], "y")
    h = onehot(y, 3)
    np.testing.assert_array_equal(h.data, [[0, 0, 1], [1, 0, 0]])
    w = Tensor(np.ones((2, 3)), "w")
    (h * w).sum().backward()
    assert y.grad is None and h.grad is None and not h.requires_grad
    np.testing.assert_array_equal(w.grad, h.data)


def test_unbroadcast_sums_added_and_stretched_axes():
    g = np.arange(24.0).reshape(2, 3, 4)
    assert unbroadcast(g, (4,)).shape == (4,)
    np.testing.assert_array_equal(unbroadcast(g, (3, 1)), g.sum(axis=(0, 2))[:, None])
    assert unbroadcast(g, ()).shape == () and unbroadcast(g, ()) == g.sum()
    assert unbroadcast_text("dZ", (32, 64), (64,)) == "sum(dZ, axis=0)"
    assert unbroadcast_text("dZ", (32, 64), (1, 64)) == "sum(dZ, axis=0, keepdims=True)"
    assert unbroadcast_text("dZ", (32, 64), (32, 1)) == "sum(dZ, axis=1, keepdims=True)"
    assert unbroadcast_text("dZ", (32, 64), ()) == "sum(dZ)"


def test_vjp_symbols_read_like_the_textbook():
    x, w, b = Tensor(np.ones((4, 3)), "X"), Tensor(np.ones((3, 2)), "W"), Tensor(np.ones(2), "b")
    xw = Tensor.apply("matmul", x, w, label="XW")
    z = Tensor.apply("+", xw, b, label="Z")
    assert xw.vjp_symbol(0) == "dX += dXW @ W.T"
    assert xw.vjp_symbol(1) == "dW += X.T @ dXW"
    assert z.vjp_symbol(1) == "db += sum(dZ, axis=0)"


def test_a_0d_tensor_mixes_with_tensors_and_the_engine_knows_no_value():
    """The tensor engine is independent of the scalar one: a number is a 0-d Tensor."""
    v = Tensor(0.5, "v")
    t = Tensor([[1.0, 2.0], [3.0, 4.0]], "t")
    out = (t * v + v).sum()
    out.backward()
    assert v.grad is not None and v.grad.shape == ()
    assert float(v.grad) == pytest.approx(10.0 + 4.0)
    np.testing.assert_allclose(t.grad, np.full((2, 2), 0.5))
    with pytest.raises(TypeError):
        t * Value(0.5)  # noqa: B018


def test_backward_is_idempotent_and_ids_deterministic():
    def run():
        a = Tensor([[1.0, -2.0], [0.5, 3.0]], "a")
        out = (a.tanh() @ a).sum()
        out.backward()
        grad = a.grad.copy()
        out.backward()
        np.testing.assert_array_equal(a.grad, grad)
        return [n._op for n in out.topo()], [n._id - a._id for n in out.topo()]

    assert run() == run()


def test_reuse_adds_both_uses():
    a = Tensor([1.0, 2.0], "a")
    (a * a).sum().backward()
    np.testing.assert_array_equal(a.grad, [2.0, 4.0])


def test_errors_name_shapes_and_elements():
    with pytest.raises(ShapeError, match=r"cannot multiply \(4, 3\) @ \(2, 3\): 3 ≠ 2"):
        Tensor(np.ones((4, 3)), "X") @ Tensor(np.ones((2, 3)), "W")
    x = Tensor(np.ones((3, 2)), "X")
    x.data[2, 1] = -1.0
    with pytest.raises(DomainError, match=r"log of a non-positive value at X\[2, 1\]"):
        x.log()
    with pytest.raises(ShapeError, match=r"cannot broadcast \(4, 3\) \+ \(2, 3\)"):
        Tensor(np.ones((4, 3))) + Tensor(np.ones((2, 3)))
    with pytest.raises(DomainError, match=r"label out of range: y\[1\] = 5, but P has 3 columns"):
        pick(Tensor(np.ones((2, 3)), "P"), Tensor.labels([0, 5], "y"))
    with pytest.raises(ShapeError, match="needs labels"):
        pick(Tensor(np.ones((2, 3)), "P"), Tensor([0.0, 1.0], "y"))
    with pytest.raises(ShapeError, match="cannot reshape"):
        Tensor(np.ones((2, 3)), "a").reshape(4, -1)
    with np.errstate(over="ignore"):
        big = Tensor.apply("exp", Tensor([1.0, 1000.0], "a"), label="e")
    assert np.isinf(big.data[1])  # as in NumPy; check_finite reports it
    with pytest.raises(OverflowError, match=r"overflow: exp\(a\) is too large at e\[1\]"):
        big.check_finite()


def test_size_limit_is_checked_before_allocating():
    a = Tensor(np.ones((100_000, 1)), "a")
    b = Tensor(np.ones((1, 100_000)), "b")
    with pytest.raises(SizeError, match="10,000,000,000 elements, over the limit of 100,000"):
        Tensor.apply("matmul", a, b, max_size=100_000)  # would be 80 GB


# -- against PyTorch ----------------------------------------------------------------------------


OURS = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "matmul": lambda a, b: a @ b,
    "tanh": lambda a: a.tanh(),
    "exp": lambda a: a.exp(),
    "sigmoid": lambda a: a.sigmoid(),
    "relu": lambda a: a.relu(),
    "sin": lambda a: a.sin(),
    "cos": lambda a: a.cos(),
    "abs": lambda a: abs(a),
    "neg": lambda a: -a,
    "square": lambda a: a**2,
    "log1p_sq": lambda a: (a * a + 1.0).log(),
    "sqrt1p_sq": lambda a: (a * a + 1.0).sqrt(),
    "transpose": lambda a: a.T,
    "softmax": lambda a: a.softmax(axis=1),
    "log_softmax": lambda a: a.log_softmax(axis=1),
    "sum0": lambda a: a.sum(axis=0, keepdims=True),
    "mean1": lambda a: a.mean(axis=1, keepdims=True),
    "max1": lambda a: a.max(axis=1, keepdims=True),
}


def run_program(leaves, steps, make, ops, total):
    nodes = [make(v) for v in leaves.values()]
    for op, args in steps:
        nodes.append(ops[op](*(nodes[i] for i in args)))
    return nodes, total(nodes)


def test_the_random_graphs_draw_from_these_ops():
    assert tuple(sorted(OURS)) == RANDOM_OPS


@pytest.mark.parametrize("seed", SEEDS)
def test_random_graphs_agree_with_pytorch(seed):
    leaves, steps = random_program(seed)
    mine, loss = run_program(
        leaves,
        steps,
        lambda v: Tensor(v),
        OURS,
        lambda ns: (
            sum((n * n).sum() for n in ns[len(leaves) :]) if len(ns) > len(leaves) else ns[0].sum()
        ),
    )
    loss.backward()
    case = random_case(seed)
    for source, theirs in oracles("random_graphs", case, lambda t: reference.random_graph(t, seed)):
        assert float(loss.data) == pytest.approx(theirs.value, rel=1e-9, abs=1e-9), source
        for name, ours in zip(leaves, mine[: len(leaves)], strict=True):
            np.testing.assert_allclose(
                ours.grad, theirs.grads[name], rtol=1e-8, atol=1e-10, err_msg=f"{name} ({source})"
            )


def test_label_ops_agree_with_pytorch():
    inputs = label_inputs()
    c, p = Tensor(inputs["C"], "C"), Tensor(inputs["P"], "P")
    ix, y = Tensor.labels(inputs["ix"], "ix"), Tensor.labels(inputs["y"], "y")
    emb = take(c, ix).reshape(4, -1)
    loss = -(pick(p.log_softmax(axis=1), y).mean()) + (emb * emb).sum() + (onehot(y, 6) * p).sum()
    loss.backward()
    for source, theirs in oracles(
        "label_ops", LABEL_CASE, lambda t: reference.label_ops(t, label_inputs())
    ):
        assert float(loss.data) == pytest.approx(theirs.value, rel=1e-12), source
        np.testing.assert_allclose(c.grad, theirs.grads["C"], rtol=1e-10, err_msg=source)
        np.testing.assert_allclose(p.grad, theirs.grads["P"], rtol=1e-10, err_msg=source)
