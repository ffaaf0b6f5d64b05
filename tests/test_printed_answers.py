"""Whatever the tutor prints for a node is a valid answer and evaluates to what it claims.

Each op row states its local derivative (scalar) or VJP per operand (tensor) once, as an
expression in the answer language; hints, the reveal and the backward table print those
expressions. Here every printed form is read back in the answer dialect of its lesson's
kind and evaluated with the node values and the engine's gradients: over every bundled
lesson and 200 generated practice problems, and, row by row, against each row's fast
callable at random points.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.grammar.parse import parse
from tutor.grammar.tree import gradient_name, resolve
from tutor.graph.build import Graph, build
from tutor.lesson.find import bundled_names, load
from tutor.practice.problems import LEVELS, generate, seed_for
from tutor.scalar.dialects import ANSWERS as SCALAR_ANSWERS
from tutor.scalar.evaluate import evaluate as scalar_evaluate
from tutor.scalar.ops import OPS
from tutor.teach.hints import reveal, table_rows
from tutor.tensor import dialects as tensor_dialects
from tutor.tensor.engine import Tensor
from tutor.tensor.evaluate import TensorEnv
from tutor.tensor.evaluate import evaluate as tensor_evaluate
from tutor.tensor.ops import TOPS
from tutor.tensor.shapes import unbroadcast, unbroadcast_text

PROPERTY = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LESSONS = [n for n in bundled_names() if n != "course"]
#: 200 generated problems: every level, seeds 0 to 33 (level 6 is tensor lessons).
PRACTICE = [(level, seed) for level in LEVELS for seed in range(200 // len(LEVELS) + 1)][:200]


def _read(graph: Graph[Any], text: str) -> Any:
    """``text`` read in the answer dialect of the graph's kind, every gradient known."""
    values = {n: node.value for n, node in graph.nodes.items()}
    known = {n: node.grad for n, node in graph.nodes.items() if node.has_grad}
    no_grad = frozenset(n for n, node in graph.nodes.items() if not node.has_grad)
    return graph.kind.read_answer(text, values, known, no_grad)


def _same(got: Any, want: Any) -> bool:
    """Equal elementwise within 1e-9 relative (to the largest entry, near zero)."""
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        return False
    scale = float(np.max(np.abs(want))) if want.size else 0.0
    return bool(np.all(np.abs(got - want) <= 1e-9 * np.maximum(np.abs(want), scale) + 1e-12))


def _off(got: Any, want: Any) -> str:
    """How far apart: the largest difference (or the shapes)."""
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        return f"shape {got.shape}, not {want.shape}"
    return f"off by up to {float(np.max(np.abs(got - want))):.3g}"


def check_printed(graph: Graph[Any]) -> list[str]:
    """Every asked node's reveal answer and backward-table terms, read back: what is off."""
    wrong = []
    tensor = graph.kind.name == "tensor"
    for name in graph.order:
        node = graph.nodes[name]
        answer = reveal(graph, name).split("Answer: ", 1)[1].splitlines()[0]
        text = answer.split(" = ", 1)[1]
        got = _read(graph, text)
        ok = _same(got, node.grad) if tensor else graph.lesson.tolerance.close(got, node.grad)
        if not ok:
            wrong.append(f"{name}: reveal's {answer!r} is {_off(got, node.grad)}")
        total: Any = 0.0
        for row in table_rows(graph, name):
            if row.C == "-":  # the output's own row (1) or a node that feeds nothing (0)
                total = _read(graph, row.dCdV.split("=")[-1])
                continue
            if tensor:
                term = _read(graph, row.dCdV.split("+=", 1)[1])
            else:
                term = _read(graph, row.dCdV) * graph.nodes[row.C].grad
                if not _same(term, row.contribution_value):
                    wrong.append(f"{name}: table term {row.dCdV!r} via {row.C} is off")
            total = total + term
        if not _same(np.broadcast_to(total, np.shape(node.grad)), node.grad):
            wrong.append(f"{name}: the table's terms add up wrong: {_off(total, node.grad)}")
    return wrong


@pytest.mark.parametrize("name", LESSONS)
def test_every_printed_answer_of_a_bundled_lesson_is_right(name):
    assert check_printed(build(load(name))) == []


@cache
def _practice(level: int, seed: int) -> Graph[Any]:
    return build(generate(level, seed).lesson())


@pytest.mark.parametrize(("level", "seed"), PRACTICE)
def test_every_printed_answer_of_a_practice_problem_is_right(level, seed):
    assert check_printed(_practice(level, seed)) == []


def _printed_texts(graph: Graph[Any]) -> list[str]:
    """Every asked node's reveal answer and backward-table terms, as printed."""
    texts = []
    for name in graph.order:
        texts.append(reveal(graph, name).split("Answer: ", 1)[1].splitlines()[0])
        texts += [row.dCdV for row in table_rows(graph, name)]
    return texts


@pytest.mark.parametrize(
    "graph",
    [*LESSONS, *(f"L7-{seed_for(7, 'conv-layer', k)}" for k in (0, 100, 200))],
)
def test_a_sum_over_several_axes_is_printed_as_one_sum(graph):
    """conv-naive's db is sum(dZ, axis=(0, 2, 3), keepdims=True), not three sums nested."""
    built = _practice(7, int(graph[3:])) if graph.startswith("L7-") else build(load(graph))
    nested = [t for t in _printed_texts(built) if "sum(sum(" in t.replace(" ", "")]
    assert nested == []


def test_a_broadcast_is_summed_back_in_one_sum_per_kind_of_axis():
    assert unbroadcast_text("dZ", (2, 2, 3, 3), (1, 2, 1, 1)) == (
        "sum(dZ, axis=(0, 2, 3), keepdims=True)"
    )
    assert unbroadcast_text("dZ", (2, 3, 4, 5), (5,)) == "sum(dZ, axis=(0, 1, 2))"
    assert unbroadcast_text("dZ", (32, 27), (27,)) == "sum(dZ, axis=0)"
    # axes added and stretched at once: one sum over them all, reshaped
    assert unbroadcast_text("dZ", (2, 4, 5), (1, 5)) == "reshape(sum(dZ, axis=(0, 1)), [1, 5])"
    g = np.arange(40.0).reshape(2, 4, 5)
    for small in [(1, 5), (5,), (4, 1), (1, 1, 5), (2, 1, 1), (1, 1), (1,)]:
        text = unbroadcast_text("g", g.shape, small)
        got = tensor_evaluate(parse(text, tensor_dialects.ANSWERS), TensorEnv({"g": g}))
        np.testing.assert_array_equal(got, unbroadcast(g, small))


# -- row by row: the callable and the expression agree at random points -------------------------

_x = st.floats(-3.0, 3.0).filter(lambda v: abs(v) > 1e-3)
_pos = st.floats(0.1, 4.0)
SCALAR_DOMAINS: dict[str, tuple[st.SearchStrategy[float], ...]] = {
    "/": (_x, _x),
    "pow": (_pos, _x),
    "log": (_pos,),
    "sqrt": (_pos,),
    "where": (st.sampled_from([0.0, 1.0, -2.0]), _x, _x),
}


@pytest.mark.parametrize("key", sorted(OPS))
@PROPERTY
@given(data=st.data())
def test_each_scalar_rows_derivative_expression_is_its_callable(key, data):
    op = OPS[key]
    xs = tuple(data.draw(d) for d in SCALAR_DOMAINS.get(key, (_x,) * op.arity))
    arg = None
    if key == "powc":
        arg = data.draw(st.sampled_from([1.0, 2.0, 3.0, -1.0, 0.5, 0.0]))
        xs = (abs(xs[0]),)
    if key == "leaky_relu":
        arg = data.draw(st.sampled_from([None, 0.2, -0.5]))
    out = op.forward(*xs, arg)
    names = tuple("abc"[: op.arity])
    env = dict(zip(names, xs, strict=True)) | {"y": out}
    for text, want in zip(op.symbols(names, "y", arg), op.local(xs, out, arg), strict=True):
        got = scalar_evaluate(parse(text, SCALAR_ANSWERS), env)
        assert got == pytest.approx(want, rel=1e-12, abs=1e-12), (key, text, xs)


def _arrays(data: Any, shape: tuple[int, ...], low: float = -2.0, high: float = 2.0) -> Any:
    n = int(np.prod(shape))
    xs = st.lists(st.floats(low, high).filter(lambda v: abs(v) > 0.05), min_size=n, max_size=n)
    return np.array(data.draw(xs)).reshape(shape)


def _operands(key: str, data: Any) -> tuple[list[Tensor], object]:
    """Operands in the row's domain (and its parameter) for a random draw."""
    a = _arrays(data, (3, 2))
    if key in ("log", "sqrt", "pow", "powc"):
        a = np.abs(a) + 0.1
    if key == "powc":
        return [Tensor(a, "a")], data.draw(st.sampled_from([1.0, 2.0, 3.0, -1.0, 0.5]))
    if key in ("+", "-", "*", "/", "pow"):
        b = _arrays(data, data.draw(st.sampled_from([(3, 2), (2,), (3, 1), ()])))
        if key == "pow":
            b = np.abs(b)
        return [Tensor(a, "a"), Tensor(b, "b")], None
    if key == "matmul":
        sa, sb = data.draw(st.sampled_from(MATMUL_SHAPES))
        return [Tensor(_arrays(data, sa), "a"), Tensor(_arrays(data, sb), "b")], None
    if key in ("sum", "mean", "max"):
        axes = [None, 0, 1, -1] if key == "max" else [None, 0, 1, -1, (0, 1), (1, 0)]
        arg = (data.draw(st.sampled_from(axes)), data.draw(st.booleans()))
        if key == "max":
            a = np.random.default_rng(0).permutation(6).reshape(3, 2) * 0.5
        return [Tensor(a, "a")], arg
    if key in ("softmax", "log_softmax"):
        return [Tensor(a, "a")], data.draw(st.sampled_from([0, 1, -1]))
    if key == "pick":
        if data.draw(st.booleans()):  # (B, T, k) picked by (B, T) labels
            p = _arrays(data, (2, 3, 2))
            return [Tensor(p, "a"), Tensor.labels([[1, 0, 1], [0, 0, 1]], "b")], None
        return [Tensor(a, "a"), Tensor.labels([1, 0, 1], "b")], None
    if key == "slice":
        x = _arrays(data, (4, 5))
        arg = data.draw(st.sampled_from(SLICES))
        return [Tensor(x, "a")], arg
    if key == "concat":
        axis = data.draw(st.sampled_from([0, 1, -1]))
        other = (2, 2) if axis == 0 else (3, 4)
        more = data.draw(st.integers(1, 3))  # two operands to four, one node
        return [Tensor(a, "a"), *(Tensor(_arrays(data, other), n) for n in "bce"[:more])], axis
    if key == "mT":
        return [Tensor(_arrays(data, (2, 3, 2)), "a")], None
    if key == "conv2d":
        rng = np.random.default_rng(data.draw(st.integers(0, 999)))
        x, w = rng.standard_normal((2, 2, 4, 4)), rng.standard_normal((3, 2, 2, 3))
        return [Tensor(x, "a"), Tensor(w, "b")], None
    if key == "maxpool2d":
        x = np.random.default_rng(data.draw(st.integers(0, 99))).permutation(32) * 0.25
        return [Tensor(x.reshape(2, 4, 4), "a")], 2
    if key == "permute":
        dims = data.draw(st.sampled_from([(1, 0, 2), (2, 0, 1), (0, 2, 1)]))
        return [Tensor(_arrays(data, (2, 3, 2)), "a")], dims
    if key == "take":
        return [Tensor(a, "a"), Tensor.labels([[2, 0], [2, 2]], "b")], None
    if key == "reshape":
        return [Tensor(a, "a")], data.draw(st.sampled_from([(6,), (2, -1), (-1, 3)]))
    if key == "leaky_relu":
        return [Tensor(a, "a")], data.draw(st.sampled_from([None, 0.2]))
    if key == "where":
        c = (_arrays(data, (3, 2)) > 0).astype(float)
        return [Tensor(c, "a"), Tensor(a, "b"), Tensor(_arrays(data, (2,)), "c")], None
    if key == "outer":
        return [Tensor(a[:, 0], "a"), Tensor(a[0], "b")], None
    if key == "unsqueeze":
        return [Tensor(a, "a")], data.draw(st.sampled_from([0, 1, 2, -1]))
    if key in ("maximum", "minimum"):
        b = np.round(_arrays(data, data.draw(st.sampled_from([(3, 2), (2,), ()]))))
        return [Tensor(np.round(a), "a"), Tensor(b, "b")], None  # ties happen
    if key in ("var", "std"):
        a = a + np.arange(6).reshape(3, 2)  # never all equal along an axis
        axis = data.draw(st.sampled_from([None, 0, 1, -1, (0, 1)]))
        ddof, keepdims = data.draw(st.sampled_from([0, 1])), data.draw(st.booleans())
        return [Tensor(a, "a")], (axis, ddof, keepdims)
    if key == "scatter_add":
        return [Tensor(a, "a"), Tensor.labels([2, 0, 2], "b")], 4
    return [Tensor(a, "a")], None


#: Matrix products: matrices, vectors, batches (broadcast too).
MATMUL_SHAPES = [
    ((3, 2), (2, 4)),
    ((3, 2), (2,)),
    ((2,), (2, 4)),
    ((2, 3, 2), (2, 2, 4)),
    ((2, 3, 2), (2, 4)),
    ((3, 2), (2, 2, 4)),
    ((1, 3, 2), (2, 2, 4)),
    ((2, 2, 3, 2), (2, 4)),
]
#: Slices of a (4, 5) tensor.
SLICES = [
    ((None, None), (0, 2)),
    ((1, 3),),
    ((None, -1), (2, None)),
    ((-2, None), (1, 4)),
    ((0, 4), (0, 5)),
]

DIFFERENTIABLE = sorted(k for k, op in TOPS.items() if any(v is not None for v in op.vjp))


@pytest.mark.parametrize("key", DIFFERENTIABLE)
@PROPERTY
@given(data=st.data())
def test_each_tensor_rows_vjp_expression_is_its_callable(key, data):
    op = TOPS[key]
    leaves, arg = _operands(key, data)
    out = Tensor.apply(key, *leaves, arg=arg, label="out")
    g = np.random.default_rng(1).standard_normal(out.shape)
    xs = tuple(leaf.data for leaf in leaves)
    values = {leaf.label: leaf.data for leaf in leaves} | {"out": out.data}
    env = TensorEnv(values, {"out": g}, strict=False)
    for i, vjp in enumerate(op.vjp[: len(leaves)]):
        if vjp is None:
            continue
        want = unbroadcast(np.asarray(vjp(g, out.data, xs, arg), dtype=np.float64), xs[i].shape)
        symbol = out.vjp_symbol(i, tuple(leaf.label for leaf in leaves), "out")
        assert symbol.startswith(f"d{leaves[i].label} += ")
        tree = tensor_dialects.parse(symbol.split("+=", 1)[1], tensor_dialects.ANSWERS)
        got = tensor_evaluate(resolve(tree, lambda n: gradient_name(n, values)), env)
        assert got.shape == want.shape, (key, symbol)
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12, err_msg=symbol)


def test_the_printed_forms_the_answer_box_refused_read_back():
    """The notations issue 16 found refused: each now parses and means what it says."""
    g = build(load("makemore-ninja"))
    texts = [row.dCdV for name in g.order for row in table_rows(g, name)]
    joined = "\n".join(texts)
    for form in ("ones(", "[:, None]", "scatter_add(", "onehot(argmax("):
        assert form in joined, form
    assert "add.at" not in joined
