"""The scalar autograd engine: every op, the seeds' numbers, reuse, depth, determinism."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.scalar.engine import NUMERIC_H, Value, numeric_grad
from tutor.scalar.ops import OPS

approx = pytest.approx


def grads_of(out: Value, *xs: Value) -> list[float]:
    out.backward()
    return [x.grad for x in xs]


# -- every op against hand-computed values and gradients ---------------------------------

LN2 = math.log(2.0)
T = math.tanh(0.5)

# (id, builder(*leaves), leaf values, expected value, expected grads per leaf, shown _op)
HAND = [
    ("add", lambda a, b: a + b, (3.0, -2.0), 1.0, (1.0, 1.0), "+"),
    ("sub", lambda a, b: a - b, (3.0, -2.0), 5.0, (1.0, -1.0), "-"),
    ("mul", lambda a, b: a * b, (3.0, -2.0), -6.0, (-2.0, 3.0), "*"),
    ("div", lambda a, b: a / b, (3.0, -2.0), -1.5, (-0.5, -0.75), "/"),
    ("neg", lambda a: -a, (3.0,), -3.0, (-1.0,), "-"),
    ("powc2", lambda a: a**2, (3.0,), 9.0, (6.0,), "**2"),
    ("powc3", lambda a: a**3, (-2.0,), -8.0, (12.0,), "**3"),
    ("powc-1", lambda a: a**-1, (4.0,), 0.25, (-1 / 16,), "**-1"),
    ("powc0.5", lambda a: a**0.5, (4.0,), 2.0, (0.25,), "**0.5"),
    ("pow", lambda a, b: a**b, (2.0, 3.0), 8.0, (12.0, 8.0 * LN2), "**"),
    ("exp", lambda a: a.exp(), (0.0,), 1.0, (1.0,), "exp"),
    ("exp1", lambda a: a.exp(), (1.0,), math.e, (math.e,), "exp"),
    ("log", lambda a: a.log(), (2.0,), LN2, (0.5,), "log"),
    ("sqrt", lambda a: a.sqrt(), (9.0,), 3.0, (1 / 6,), "sqrt"),
    ("tanh", lambda a: a.tanh(), (0.5,), T, (1 - T * T,), "tanh"),
    ("tanh0", lambda a: a.tanh(), (0.0,), 0.0, (1.0,), "tanh"),
    ("sigmoid", lambda a: a.sigmoid(), (0.0,), 0.5, (0.25,), "sigmoid"),
    ("relu+", lambda a: a.relu(), (2.0,), 2.0, (1.0,), "relu"),
    ("relu-", lambda a: a.relu(), (-1.0,), 0.0, (0.0,), "relu"),
    ("abs-", lambda a: Value.apply("abs", a), (-3.0,), 3.0, (-1.0,), "abs"),
    ("abs0", lambda a: Value.apply("abs", a), (0.0,), 0.0, (0.0,), "abs"),
    ("softplus0", lambda a: Value.apply("softplus", a), (0.0,), math.log(2.0), (0.5,), "softplus"),
    (
        "leaky-",
        lambda a: Value.apply("leaky_relu", a, arg=0.1),
        (-2.0,),
        -0.2,
        (0.1,),
        "leaky_relu",
    ),
    ("leaky0", lambda a: Value.apply("leaky_relu", a, arg=0.1), (0.0,), 0.0, (0.1,), "leaky_relu"),
    ("sin", lambda a: a.sin(), (1.0,), math.sin(1.0), (math.cos(1.0),), "sin"),
    ("cos", lambda a: a.cos(), (1.0,), math.cos(1.0), (-math.sin(1.0),), "cos"),
    # answers' masks and choices: steps have derivative 0; where routes the gradient
    ("gt", lambda a, b: Value.apply("gt", a, b), (2.0, 1.0), 1.0, (0.0, 0.0), "gt"),
    ("ge=", lambda a, b: Value.apply("ge", a, b), (1.0, 1.0), 1.0, (0.0, 0.0), "ge"),
    ("lt", lambda a, b: Value.apply("lt", a, b), (2.0, 1.0), 0.0, (0.0, 0.0), "lt"),
    ("le", lambda a, b: Value.apply("le", a, b), (1.0, 2.0), 1.0, (0.0, 0.0), "le"),
    ("sign-", lambda a: Value.apply("sign", a), (-3.0,), -1.0, (0.0,), "sign"),
    (
        "where1",
        lambda c, a, b: Value.apply("where", c, a, b),
        (1.0, 2.0, 3.0),
        2.0,
        (0.0, 1.0, 0.0),
        "where",
    ),
    (
        "where0",
        lambda c, a, b: Value.apply("where", c, a, b),
        (0.0, 2.0, 3.0),
        3.0,
        (0.0, 0.0, 1.0),
        "where",
    ),
    # plain numbers on either side
    ("radd", lambda a: 2 + a, (3.0,), 5.0, (1.0,), "+"),
    ("add-num", lambda a: a + 2, (3.0,), 5.0, (1.0,), "+"),
    ("rsub", lambda a: 10 - a, (3.0,), 7.0, (-1.0,), "-"),
    ("sub-num", lambda a: a - 10, (3.0,), -7.0, (1.0,), "-"),
    ("rmul", lambda a: 4 * a, (3.0,), 12.0, (4.0,), "*"),
    ("mul-num", lambda a: a * 4, (3.0,), 12.0, (4.0,), "*"),
    ("rtruediv", lambda a: 6 / a, (3.0,), 2.0, (-6 / 9,), "/"),
    ("div-num", lambda a: a / 4, (3.0,), 0.75, (0.25,), "/"),
    ("rpow", lambda a: 2**a, (3.0,), 8.0, (8.0 * LN2,), "**"),
    ("pow-num", lambda a: a**2.5, (4.0,), 32.0, (2.5 * 8.0,), "**2.5"),
]


@pytest.mark.parametrize(
    ("build", "xs", "value", "grads", "shown"), [h[1:] for h in HAND], ids=[h[0] for h in HAND]
)
def test_op_by_hand(build, xs, value, grads, shown):
    leaves = [Value(x) for x in xs]
    out = build(*leaves)
    assert out.data == approx(value, rel=1e-12, abs=1e-15)
    assert out._op == shown
    assert grads_of(out, *leaves) == approx(list(grads), rel=1e-12, abs=1e-15)
    assert out.grad == 1.0


def test_every_op_key_is_covered_by_hand():
    keys = set()
    for _, build, xs, *_ in HAND:
        keys.add(build(*[Value(x) for x in xs])._fn.key)
    assert keys == set(OPS)


def test_plain_numbers_become_leaves():
    a = Value(3.0)
    out = 10 - a
    assert isinstance(out._prev[0], Value) and out._prev[0].data == 10.0
    assert out._prev[1] is a
    out = a**2
    assert out._prev == (a,) and out._arg == 2.0


def test_sigmoid_is_stable_far_from_zero():
    assert Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).sigmoid().data == 1.0
    s = Value(-30.0)
    out = s.sigmoid()
    out.backward()
    assert 0.0 < s.grad < 1e-12


# -- every op against central finite differences (independent plain-float functions) ----

REFERENCE = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "neg": lambda a: -a,
    "pow": lambda a, b: a**b,
    "exp": math.exp,
    "log": math.log,
    "sqrt": math.sqrt,
    "tanh": math.tanh,
    "sigmoid": lambda x: 1.0 / (1.0 + math.exp(-x)),
    "relu": lambda x: max(0.0, x),
    "sin": math.sin,
    "cos": math.cos,
    "abs": abs,
    "softplus": lambda x: math.log(1.0 + math.exp(x)),
    "leaky_relu": lambda x: x if x > 0 else 0.01 * x,
    "gt": lambda a, b: float(a > b),
    "ge": lambda a, b: float(a >= b),
    "lt": lambda a, b: float(a < b),
    "le": lambda a, b: float(a <= b),
    "sign": lambda x: float((x > 0) - (x < 0)),
    "where": lambda c, a, b: a if c != 0 else b,
}

wide = st.floats(-5.0, 5.0)
positive = st.floats(0.2, 5.0)
away_from_zero = st.floats(0.05, 5.0).flatmap(lambda x: st.sampled_from([x, -x]))
DOMAINS = {
    "+": (wide, wide),
    "-": (wide, wide),
    "*": (wide, wide),
    "/": (wide, away_from_zero),
    "neg": (wide,),
    "pow": (positive, st.floats(-3.0, 3.0)),
    "exp": (wide,),
    "log": (positive,),
    "sqrt": (positive,),
    "tanh": (wide,),
    "sigmoid": (st.floats(-8.0, 8.0),),
    "relu": (away_from_zero,),
    "sin": (st.floats(-10.0, 10.0),),
    "cos": (st.floats(-10.0, 10.0),),
    "abs": (away_from_zero,),
    "softplus": (st.floats(-15.0, 15.0),),
    "leaky_relu": (away_from_zero,),
    # a step is compared away from its edge: a nudge of h never crosses it
    "gt": (away_from_zero, st.floats(-0.01, 0.01)),
    "ge": (away_from_zero, st.floats(-0.01, 0.01)),
    "lt": (away_from_zero, st.floats(-0.01, 0.01)),
    "le": (away_from_zero, st.floats(-0.01, 0.01)),
    "sign": (away_from_zero,),
    "where": (away_from_zero, wide, wide),
}
assert set(DOMAINS) == set(REFERENCE) == set(OPS) - {"powc"}


def central(f, xs: list[float], i: int, h: float = 1e-6) -> float:
    up, down = list(xs), list(xs)
    up[i] += h
    down[i] -= h
    return (f(*up) - f(*down)) / (2 * h)


@pytest.mark.parametrize("key", sorted(DOMAINS))
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_op_matches_finite_differences(key, data):
    xs = [data.draw(d) for d in DOMAINS[key]]
    leaves = [Value(x) for x in xs]
    out = Value.apply(key, *leaves)
    ref = REFERENCE[key]
    assert out.data == approx(ref(*xs), rel=1e-12, abs=1e-12)
    out.backward()
    for i, leaf in enumerate(leaves):
        assert leaf.grad == approx(central(ref, xs, i), rel=1e-5, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    x=st.one_of(st.floats(0.2, 4.0), st.floats(-4.0, -0.2)),
    k=st.one_of(st.sampled_from([2.0, 3.0, -1.0, -2.0, 1.0]), st.floats(-2.5, 2.5)),
)
def test_power_with_a_number_matches_finite_differences(x, k):
    if x < 0 and not float(k).is_integer():
        with pytest.raises(ValueError):
            Value(x) ** k
        return
    leaf = Value(x)
    out = leaf**k
    assert out.data == approx(x**k, rel=1e-12)
    out.backward()
    assert leaf.grad == approx(central(lambda v: v**k, [x], 0), rel=1e-5, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(xs=st.lists(st.floats(-2.0, 2.0), min_size=3, max_size=3))
def test_composite_expression_matches_finite_differences(xs):
    def plain(a, b, c):
        return math.tanh(a * b + c) * math.exp(0.3 * a) - (b * b + 1.0) ** 0.5 / (2 + abs(c))

    def engine(a, b, c):
        cabs = c.relu() + (-c).relu()  # |c| built from the engine's own ops
        return (a * b + c).tanh() * (0.3 * a).exp() - (b * b + 1.0) ** 0.5 / (2 + cabs)

    leaves = [Value(x) for x in xs]
    out = engine(*leaves)
    assert out.data == approx(plain(*xs), rel=1e-12, abs=1e-12)
    out.backward()
    for i, leaf in enumerate(leaves):
        if i == 2 and abs(xs[2]) < 1e-4:
            continue  # |c| has a kink at 0
        assert leaf.grad == approx(central(plain, xs, i), rel=1e-5, abs=1e-6)


@pytest.mark.parametrize("key", sorted(OPS))
def test_backward_equals_the_tables_local_derivatives(key):
    """The + and * fast paths in _backward give exactly what the table's `local` says."""
    rng = random.Random(key)
    for _ in range(20):
        if key == "powc":
            operands, arg = (Value(rng.uniform(0.5, 3.0)),), rng.choice([2.0, 3.0, -1.0, 0.5])
        else:
            operands, arg = tuple(Value(rng.uniform(0.5, 3.0)) for _ in range(OPS[key].arity)), None
        node = Value.apply(key, *operands, arg=arg)
        node.grad = g = rng.uniform(-2.0, 2.0)
        node._backward()
        for child, local in zip(operands, node.local_grads(), strict=True):
            assert child.grad == local * g


# -- the seeds' numbers, exactly ------------------------------------------------------------


def micrograd_seed():
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = Value(10.0, label="c")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    f = Value(-2.0, label="f")
    L = d * f
    L.label = "L"
    return a, b, c, d, e, f, L


def test_micrograd_walkthrough_numbers_exactly():
    a, b, c, d, e, f, L = micrograd_seed()
    assert (e.data, d.data, L.data) == (-6.0, 4.0, -8.0)
    L.backward()
    assert L.grad == 1
    assert d.grad == -2
    assert f.grad == 4
    assert c.grad == -2
    assert e.grad == -2
    assert a.grad == 6
    assert b.grad == -4


def test_deep_learning_book_example_exactly():
    u1, u2 = Value(4.0, label="u1"), Value(2.0, label="u2")
    u3 = u1 + u2
    u4 = u3**2
    u5 = u4.sin()
    assert (u3.data, u4.data, u5.data) == (6.0, 36.0, math.sin(36))
    u5.backward()
    assert u1.grad == 12 * math.cos(36)
    assert u2.grad == 12 * math.cos(36)
    assert u4.grad == math.cos(36)


# -- reuse, diamonds, repeated backward ---------------------------------------------------


def test_a_plus_a_counts_both_uses():
    a = Value(3.0)
    b = a + a
    b.backward()
    assert a.grad == 2.0
    assert b._prev == (a, a)


def test_a_times_a_is_two_a():
    a = Value(3.0)
    b = a * a
    assert isinstance(b._prev, tuple) and len(b._prev) == 2
    assert b._prev[0] is a and b._prev[1] is a
    b.backward()
    assert a.grad == 6.0


def test_reuse_through_a_chain():
    a = Value(-4.0)
    b = a * a * a + a  # a**3 + a
    b.backward()
    assert a.grad == 3 * 16 + 1


def test_diamond():
    x = Value(2.0, label="x")
    y1 = x * 3
    y2 = x + 1
    z = y1 * y2  # 3x(x+1): dz/dx = 6x + 3
    z.backward()
    assert z.data == 18.0
    assert x.grad == 15.0
    assert (y1.grad, y2.grad) == (3.0, 6.0)


def test_backward_twice_gives_the_same_grads():
    a, b, c, d, e, f, L = micrograd_seed()
    L.backward()
    first = [n.grad for n in (a, b, c, d, e, f, L)]
    L.backward()
    assert [n.grad for n in (a, b, c, d, e, f, L)] == first == [6, -4, -2, -2, -2, 4, 1]


def test_backward_from_an_inner_node_then_the_output():
    a, b, c, d, e, f, L = micrograd_seed()
    e.backward()
    assert (a.grad, b.grad) == (-3.0, 2.0)
    L.backward()
    assert (a.grad, b.grad) == (6.0, -4.0)


def test_backward_on_a_leaf():
    a = Value(5.0)
    a.backward()
    assert a.grad == 1.0
    assert a.topo() == [a]


# -- depth and determinism -----------------------------------------------------------------


def test_100000_deep_sum_chain():
    x0 = Value(0.0)
    x = x0
    for _ in range(100_000):
        x = x + 1
    x.backward()
    assert x.data == 100_000.0
    assert x0.grad == 1.0
    assert len(x.topo()) == 200_001  # the chain plus one constant per step


def test_100000_deep_product_chain():
    x0 = Value(1.0)
    x = x0
    for _ in range(100_000):
        x = x * 1.0000001
    x.backward()
    assert x0.grad == approx(1.0000001**100_000, rel=1e-9)
    assert numeric_grad(x, x0) == approx(x0.grad, rel=1e-6)


def test_ids_come_from_a_counter():
    a = Value(1.0)
    b = Value(2.0)
    c = a * b
    d = c + a
    ids = [v._id for v in (a, b, c, d)]
    assert ids == sorted(ids) and len(set(ids)) == 4
    assert all(isinstance(i, int) for i in ids)
    assert all(v._id != id(v) for v in (a, b, c, d))
    assert c._id > max(a._id, b._id)


def test_topological_order_is_deterministic_and_valid():
    def make():
        xs = [Value(float(i), label=f"x{i}") for i in range(6)]
        out = (xs[0] * xs[1] + xs[2]).tanh() * (xs[1] + xs[3] * xs[4]) + xs[5] * xs[0]
        out.label = "out"
        return out

    def labels(out):
        return [v.label or v._op for v in out.topo()]

    first, second = make(), make()
    assert labels(first) == labels(second)
    order = first.topo()
    position = {v._id: i for i, v in enumerate(order)}
    assert len(position) == len(order)
    for v in order:
        assert all(position[c._id] < position[v._id] for c in v._prev)
    assert order[-1] is first


# -- numeric check --------------------------------------------------------------------------


def test_numeric_grad_of_a_leaf_and_an_intermediate_node():
    a, b, c, d, e, f, L = micrograd_seed()
    before = [n.data for n in (a, b, c, d, e, f, L)]
    assert NUMERIC_H == 0.001
    assert numeric_grad(L, f, 0.001) == approx(4.0, abs=1e-9)
    assert numeric_grad(L, e, 0.001) == approx(-2.0, abs=1e-9)
    assert numeric_grad(L, a) == approx(6.0, abs=1e-9)
    assert numeric_grad(L, L) == approx(1.0, abs=1e-9)
    assert [n.data for n in (a, b, c, d, e, f, L)] == before


def test_numeric_grad_of_an_unrelated_node_is_zero():
    a, b, c, d, e, f, L = micrograd_seed()
    assert numeric_grad(e, f) == 0.0


def test_numeric_grad_restores_values_after_a_domain_error():
    x = Value(0.0005)
    y = (x * 2).log()
    before = (x.data, y.data)
    with pytest.raises(ValueError):
        numeric_grad(y, x, 0.001)  # x - h is negative: log of a negative number
    assert (x.data, y.data) == before


# -- symbols ------------------------------------------------------------------------------------


def test_local_symbols():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    assert c.local_symbols() == ("b", "a")
    u3 = Value(6.0, label="u3")
    u4 = u3**2
    assert u4.local_symbols() == ("2 * u3",)
    assert u4.local_symbols(("x",), "y") == ("2 * x",)
    assert (a + b).local_symbols() == ("1", "1")
    assert a.local_symbols() == ()
    assert a.local_grads() == ()


# -- domain errors -------------------------------------------------------------------------------


def test_domain_errors_raise_pythons_usual_exceptions():
    with pytest.raises(ValueError):
        Value(0.0).log()
    with pytest.raises(ValueError):
        Value(-1.0).sqrt()
    with pytest.raises(ZeroDivisionError):
        Value(1.0) / 0
    with pytest.raises(ZeroDivisionError):
        Value(1.0) / Value(0.0)
    with pytest.raises(ZeroDivisionError):
        1 / Value(0.0)
    with pytest.raises(ZeroDivisionError):
        Value(0.0) ** -1
    with pytest.raises(ValueError):
        Value(-8.0) ** 0.5  # not a complex number
    with pytest.raises(ValueError):
        Value(-8.0) ** Value(2.0)  # d/d(exponent) needs log(base)
    with pytest.raises(OverflowError):
        Value(1000.0).exp()


def test_backward_never_raises_at_the_edge_of_a_domain():
    zero = Value(0.0)
    (zero.sqrt()).backward()
    assert zero.grad == math.inf
    zero = Value(0.0)
    (zero**0).backward()
    assert zero.grad == 0.0
    base, k = Value(0.0), Value(2.0)
    (base**k).backward()
    assert (base.grad, k.grad) == (0.0, 0.0)


def test_apply_checks_the_number_of_operands():
    with pytest.raises(TypeError):
        Value.apply("*", Value(1.0))
    with pytest.raises(KeyError):
        Value.apply("nope", Value(1.0))


def test_apply_keeps_a_subclass():
    class Tagged(Value):
        __slots__ = ()

    out = Tagged.apply("+", Tagged(1.0), Tagged(2.0), label="s")
    assert type(out) is Tagged and out.data == 3.0 and out.label == "s" and out._op == "+"


# -- micrograd compatibility --------------------------------------------------------------------


def test_micrograd_style_user_code_runs_unchanged():
    # The lecture's neuron, written as micrograd users write it.
    x1 = Value(2.0, label="x1")
    x2 = Value(0.0, label="x2")
    w1 = Value(-3.0, label="w1")
    w2 = Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1 = x1 * w1
    x1w1.label = "x1*w1"
    x2w2 = x2 * w2
    x2w2.label = "x2*w2"
    x1w1x2w2 = x1w1 + x2w2
    n = x1w1x2w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    o.backward()
    assert o.data == approx(0.7071, abs=1e-4)
    assert x1.grad == approx(-1.5, abs=1e-6)
    assert w1.grad == approx(1.0, abs=1e-6)
    assert x2.grad == approx(0.5, abs=1e-6)
    assert w2.grad == 0.0
    assert o._op == "tanh" and n._op == "+" and x1w1._op == "*"
    assert set(o._prev) == {n} and len(n._prev) == 2

    # micrograd's draw_dot trace: sets of Values and (child, parent) edges
    def trace(root):
        nodes, edges = set(), set()

        def build(v):
            if v not in nodes:
                nodes.add(v)
                for child in v._prev:
                    edges.add((child, v))
                    build(child)

        build(root)
        return nodes, edges

    nodes, edges = trace(o)
    assert len(nodes) == 10 and len(edges) == 9
    assert {v.label for v in nodes} >= {"x1", "x2", "w1", "w2", "b", "n", "o"}


def test_micrograd_style_mlp_trains():
    random.seed(1337)

    class Neuron:
        def __init__(self, nin):
            self.w = [Value(random.uniform(-1, 1), label=f"w{i}") for i in range(nin)]
            self.b = Value(random.uniform(-1, 1), label="b")

        def __call__(self, x):
            act = sum((wi * xi for wi, xi in zip(self.w, x, strict=True)), self.b)
            return act.tanh()

        def parameters(self):
            return self.w + [self.b]

    class Layer:
        def __init__(self, nin, nout):
            self.neurons = [Neuron(nin) for _ in range(nout)]

        def __call__(self, x):
            outs = [n(x) for n in self.neurons]
            return outs[0] if len(outs) == 1 else outs

        def parameters(self):
            return [p for n in self.neurons for p in n.parameters()]

    class MLP:
        def __init__(self, nin, nouts):
            sz = [nin] + nouts
            self.layers = [Layer(sz[i], sz[i + 1]) for i in range(len(nouts))]

        def __call__(self, x):
            for layer in self.layers:
                x = layer(x)
            return x

        def parameters(self):
            return [p for layer in self.layers for p in layer.parameters()]

    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    ys = [1.0, -1.0, -1.0, 1.0]
    model = MLP(3, [4, 4, 1])
    losses = []
    for _ in range(20):
        ypred = [model(x) for x in xs]
        loss = sum((yout - ygt) ** 2 for ygt, yout in zip(ys, ypred, strict=True))
        for p in model.parameters():
            p.grad = 0.0
        loss.backward()
        for p in model.parameters():
            p.data += -0.05 * p.grad
        losses.append(loss.data)
    assert len(model.parameters()) == 41
    assert losses[-1] < losses[0] / 2
    assert isinstance(sum([Value(1.0), Value(2.0)]), Value)  # sum() starts from 0
    assert "Value(" in repr(loss) and "grad=1.0000" in repr(loss)
