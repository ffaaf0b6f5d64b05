"""A micrograd-compatible scalar autograd engine.

Every primitive is one row of ``OPS``: its forward value, its local derivatives
(one per operand, in operand order) and the symbolic form of those derivatives
used by hints and the solution table. ``Value`` keeps its children as a tuple,
one entry per use, and takes its ids from a counter, so a graph is the same on
every run. Backward is an iterative topological sort, so deep chains work.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

Number = int | float

#: Step of the numeric check (the micrograd walk-through's h).
NUMERIC_H = 1e-3

_ids = itertools.count()


def fmt(x: float) -> str:
    """Format a number compactly for symbols: ``2.0`` -> ``2``, ``0.5`` -> ``0.5``."""
    if math.isfinite(x) and float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}"


def _wrap(name: str) -> str:
    """Parenthesise a name or expression unless it is a plain name or number."""
    return name if name.replace("_", "a").replace(".", "0").isalnum() else f"({name})"


def _pow(x: float, n: float) -> float:
    """Real power that refuses complex results instead of returning them."""
    if x < 0 and not float(n).is_integer():
        raise ValueError("math domain error: negative base with a fractional exponent")
    if x == 0 and n < 0:
        raise ZeroDivisionError("0.0 cannot be raised to a negative power")
    return float(x) ** n


def _pow_var(x: float, n: float) -> float:
    """Power with a Value exponent: defined for a positive base (or 0 to a positive power).

    d(x**n)/dn = x**n * log(x) has no real value for a negative base, so such a node
    is refused when built rather than failing later in ``backward``.
    """
    if x < 0:
        raise ValueError("a power with a variable exponent needs a positive base")
    return _pow(x, n)


def _power_rule(x: float, n: float) -> float:
    """Return d(x**n)/dx = n * x**(n-1); 0 for n = 0 and inf where it blows up at x = 0."""
    if n == 0:
        return 0.0
    if x == 0 and n < 1:
        return math.inf
    return n * _pow(x, n - 1)


def _exponent_rule(x: float, out: float) -> float:
    """Return d(x**n)/dn = x**n * log(x) (0 for 0**n with n > 0, -inf for 0**0)."""
    if x > 0:
        return out * math.log(x)
    return 0.0 if out == 0 else -math.inf


def _sigmoid(x: float) -> float:
    """Numerically stable logistic function."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@dataclass(frozen=True, slots=True)
class Op:
    """One primitive operation: forward value, local derivatives and their symbols."""

    key: str
    """Name in ``OPS`` and in lesson files (``"*"``, ``"tanh"``, ``"pow"`` ...)."""
    arity: int
    """Number of Value operands."""
    forward: Callable[..., float]
    """``forward(*operand_values, arg)`` -> output value."""
    local: Callable[[tuple[float, ...], float, float | None], tuple[float, ...]]
    """``local(operand_values, out_value, arg)`` -> d out / d operand, one per operand."""
    symbols: Callable[[tuple[str, ...], str, float | None], tuple[str, ...]]
    """``symbols(operand_names, out_name, arg)`` -> the local derivatives written out."""
    rule: str
    """Rule of thumb for this gate, shown in hints."""
    display: str = ""
    """How the operation is written between or before operands (defaults to ``key``)."""

    def label(self, arg: float | None = None) -> str:
        """Return the op as shown in graphs: ``*``, ``tanh``, ``**2``."""
        if self.key == "powc":
            return f"**{fmt(arg if arg is not None else 0)}"
        return self.display or self.key

    def formula(self, operands: tuple[str, ...], arg: float | None = None) -> str:
        """Return the operation written with operand names: ``a * b``, ``tanh(n)``, ``u3**2``."""
        if self.key == "powc":
            return f"{_wrap(operands[0])}**{fmt(arg if arg is not None else 0)}"
        if self.key == "neg":
            return f"-{_wrap(operands[0])}"
        if self.arity == 2:
            return f"{operands[0]} {self.label()} {operands[1]}"
        return f"{self.key}({operands[0]})"


def _op(key: str, arity: int, forward, local, symbols, rule: str, display: str = "") -> Op:
    """Build an ``Op`` (keeps the table below one line of intent per field)."""
    return Op(key, arity, forward, local, symbols, rule, display)


# fmt: off
OPS: dict[str, Op] = {
    op.key: op
    for op in (
        _op("+", 2, lambda a, b, _: a + b,
            lambda xs, o, _: (1.0, 1.0),
            lambda n, o, _: ("1", "1"),
            "an add gate passes the upstream gradient through unchanged to every input"),
        _op("-", 2, lambda a, b, _: a - b,
            lambda xs, o, _: (1.0, -1.0),
            lambda n, o, _: ("1", "-1"),
            "a subtract gate passes the gradient through to the first input and flips its "
            "sign for the second"),
        _op("*", 2, lambda a, b, _: a * b,
            lambda xs, o, _: (xs[1], xs[0]),
            lambda n, o, _: (n[1], n[0]),
            "a multiply gate swaps its inputs: each input's local derivative is the other input"),
        _op("/", 2, lambda a, b, _: a / b,
            lambda xs, o, _: (1.0 / xs[1], -xs[0] / (xs[1] * xs[1])),
            lambda n, o, _: (f"1/{_wrap(n[1])}", f"-{_wrap(n[0])}/{_wrap(n[1])}**2"),
            "a divide gate: d(a/b)/da = 1/b and d(a/b)/db = -a/b**2"),
        _op("neg", 1, lambda a, _: -a,
            lambda xs, o, _: (-1.0,),
            lambda n, o, _: ("-1",),
            "a negation flips the sign of the gradient", display="-"),
        _op("powc", 1, lambda a, k: _pow(a, k),
            lambda xs, o, k: (_power_rule(xs[0], k),),
            lambda n, o, k: (_powc_symbol(n[0], k),),
            "the power rule: d(x**n)/dx = n * x**(n-1)"),
        _op("pow", 2, lambda a, b, _: _pow_var(a, b),
            lambda xs, o, _: (_power_rule(xs[0], xs[1]), _exponent_rule(xs[0], o)),
            lambda n, o, _: (f"{_wrap(n[1])} * {_wrap(n[0])}**({n[1]} - 1)",
                             f"{_wrap(o)} * log({n[0]})"),
            "a power with a variable exponent: d(a**b)/da = b * a**(b-1), "
            "d(a**b)/db = a**b * log(a)", display="**"),
        _op("exp", 1, lambda a, _: math.exp(a),
            lambda xs, o, _: (o,),
            lambda n, o, _: (f"exp({n[0]})",),
            "exp is its own derivative: d exp(x)/dx = exp(x), the node's own value"),
        _op("log", 1, lambda a, _: math.log(a),
            lambda xs, o, _: (1.0 / xs[0],),
            lambda n, o, _: (f"1/{_wrap(n[0])}",),
            "d log(x)/dx = 1/x"),
        _op("sqrt", 1, lambda a, _: math.sqrt(a),
            lambda xs, o, _: (0.5 / o if o else math.inf,),
            lambda n, o, _: (f"1/(2*sqrt({n[0]}))",),
            "d sqrt(x)/dx = 1/(2*sqrt(x))"),
        _op("tanh", 1, lambda a, _: math.tanh(a),
            lambda xs, o, _: (1.0 - o * o,),
            lambda n, o, _: (f"1 - tanh({n[0]})**2",),
            "d tanh(x)/dx = 1 - tanh(x)**2: one minus the node's own value squared"),
        _op("sigmoid", 1, lambda a, _: _sigmoid(a),
            lambda xs, o, _: (o * (1.0 - o),),
            lambda n, o, _: (f"sigmoid({n[0]}) * (1 - sigmoid({n[0]}))",),
            "d sigmoid(x)/dx = s * (1 - s), where s is the node's own value"),
        _op("relu", 1, lambda a, _: a if a > 0 else 0.0,
            lambda xs, o, _: (1.0 if xs[0] > 0 else 0.0,),
            lambda n, o, _: (f"(1 if {n[0]} > 0 else 0)",),
            "a relu passes the gradient through where its input is positive and blocks it "
            "elsewhere"),
        _op("sin", 1, lambda a, _: math.sin(a),
            lambda xs, o, _: (math.cos(xs[0]),),
            lambda n, o, _: (f"cos({n[0]})",),
            "d sin(x)/dx = cos(x)"),
        _op("cos", 1, lambda a, _: math.cos(a),
            lambda xs, o, _: (-math.sin(xs[0]),),
            lambda n, o, _: (f"-sin({n[0]})",),
            "d cos(x)/dx = -sin(x)"),
    )
}
# fmt: on

_ADD, _MUL, _TANH = OPS["+"], OPS["*"], OPS["tanh"]

#: Functions a lesson or an answer may call, by name.
FUNCTIONS: tuple[str, ...] = ("exp", "log", "sqrt", "tanh", "sigmoid", "relu", "sin", "cos")


def _powc_symbol(name: str, k: float) -> str:
    """Symbol of d(x**k)/dx: ``2 * u3`` for k = 2, ``3 * x**2`` for k = 3."""
    if k == 1:
        return "1"
    if k == 2:
        return f"2 * {_wrap(name)}"
    return f"{fmt(k)} * {_wrap(name)}**{fmt(k - 1) if k - 1 >= 0 else '(' + fmt(k - 1) + ')'}"


class Value:
    """A scalar in a computation graph, with its gradient (micrograd's API).

    Attributes:
        data: the value.
        grad: d(output)/d(this value) after ``backward()``.
        label: a name for display.
        _op: the operation that made this value, as shown (``"*"``, ``"tanh"``, ``"**2"``).
        _prev: the operands, a tuple in operand order with one entry per use.

    """

    __slots__ = ("data", "grad", "label", "_op", "_prev", "_fn", "_arg", "_id")

    def __init__(
        self,
        data: Number,
        _children: Iterable[Value] = (),
        _op: str = "",
        label: str = "",
    ) -> None:
        self.data = float(data)
        self.grad = 0.0
        self.label = label
        self._prev: tuple[Value, ...] = tuple(_children)
        self._op = _op
        self._fn: Op | None = None
        self._arg: float | None = None
        self._id = next(_ids)

    # -- construction ---------------------------------------------------------------

    @classmethod
    def apply(cls, key: str, *operands: Value, arg: float | None = None, label: str = "") -> Value:
        """Make the node ``OPS[key](*operands)``; the single place nodes get an op."""
        return _make(cls, OPS[key], operands, arg, label)

    @staticmethod
    def lift(x: Value | Number) -> Value:
        """Wrap a plain number as a Value (micrograd does the same)."""
        return x if isinstance(x, Value) else Value(x)

    # -- operators (each one builds its node through the table) ---------------------------

    def __add__(self, other: Value | Number) -> Value:
        if not isinstance(other, Value):
            other = Value(other)
        return _make(Value, _ADD, (self, other))

    def __radd__(self, other: Number) -> Value:
        return _make(Value, _ADD, (Value.lift(other), self))

    def __sub__(self, other: Value | Number) -> Value:
        if not isinstance(other, Value):
            other = Value(other)
        return _make(Value, OPS["-"], (self, other))

    def __rsub__(self, other: Number) -> Value:
        return _make(Value, OPS["-"], (Value.lift(other), self))

    def __mul__(self, other: Value | Number) -> Value:
        if not isinstance(other, Value):
            other = Value(other)
        return _make(Value, _MUL, (self, other))

    def __rmul__(self, other: Number) -> Value:
        return _make(Value, _MUL, (Value.lift(other), self))

    def __truediv__(self, other: Value | Number) -> Value:
        if not isinstance(other, Value):
            other = Value(other)
        return _make(Value, OPS["/"], (self, other))

    def __rtruediv__(self, other: Number) -> Value:
        return _make(Value, OPS["/"], (Value.lift(other), self))

    def __neg__(self) -> Value:
        return _make(Value, OPS["neg"], (self,))

    def __pow__(self, other: Value | Number) -> Value:
        if isinstance(other, Value):
            return Value.apply("pow", self, other)
        return Value.apply("powc", self, arg=float(other))

    def __rpow__(self, other: Number) -> Value:
        return Value.apply("pow", (other if isinstance(other, Value) else Value(other)), self)

    def exp(self) -> Value:
        """Return ``e ** self``."""
        return Value.apply("exp", self)

    def log(self) -> Value:
        """Return the natural logarithm."""
        return Value.apply("log", self)

    def sqrt(self) -> Value:
        """Return the square root."""
        return Value.apply("sqrt", self)

    def tanh(self) -> Value:
        """Return the hyperbolic tangent."""
        return _make(Value, _TANH, (self,))

    def sigmoid(self) -> Value:
        """Return the logistic function ``1 / (1 + exp(-self))``."""
        return Value.apply("sigmoid", self)

    def relu(self) -> Value:
        """Return ``max(0, self)``."""
        return Value.apply("relu", self)

    def sin(self) -> Value:
        """Return the sine."""
        return Value.apply("sin", self)

    def cos(self) -> Value:
        """Return the cosine."""
        return Value.apply("cos", self)

    # -- local derivatives ----------------------------------------------------------

    def local_grads(self) -> tuple[float, ...]:
        """Return d self / d operand, one per entry of ``_prev`` (empty for a leaf)."""
        if self._fn is None:
            return ()
        return self._fn.local(tuple(c.data for c in self._prev), self.data, self._arg)

    def local_symbols(
        self, names: tuple[str, ...] | None = None, out: str | None = None
    ) -> tuple[str, ...]:
        """Return the local derivatives written with operand names (labels by default)."""
        if self._fn is None:
            return ()
        names = names if names is not None else tuple(c.label or fmt(c.data) for c in self._prev)
        return self._fn.symbols(names, out if out is not None else self.label, self._arg)

    def _backward(self) -> None:
        """Add this node's contribution to each operand's gradient (one per use)."""
        fn = self._fn
        if fn is None:
            return
        g = self.grad
        prev = self._prev
        # Fast paths for the two commonest gates; they compute exactly what the
        # table's `local` gives ((1, 1) and (b, a)) without building tuples.
        if fn is _ADD:
            prev[0].grad += g
            prev[1].grad += g
        elif fn is _MUL:
            a, b = prev
            a.grad += b.data * g
            b.grad += a.data * g
        elif len(prev) == 1:
            child = prev[0]
            child.grad += fn.local((child.data,), self.data, self._arg)[0] * g
        else:
            for child, local in zip(prev, self.local_grads(), strict=True):
                child.grad += local * g

    def recompute(self) -> None:
        """Recompute ``data`` from the operands (used by the numeric check)."""
        if self._fn is not None:
            self.data = self._fn.forward(*(c.data for c in self._prev), self._arg)

    # -- graph traversal --------------------------------------------------------------

    def topo(self) -> list[Value]:
        """Every node this value depends on, operands before their consumers (iterative)."""
        # Depth-first post-order with an explicit stack of (node, operand iterator):
        # a node is emitted once all its operands are. Order depends only on
        # operand order and the counter ids, never on memory addresses.
        order: list[Value] = []
        seen: set[int] = {self._id}
        stack: list[tuple[Value, Iterator[Value]]] = [(self, iter(self._prev))]
        push, pop, emit, mark = stack.append, stack.pop, order.append, seen.add
        while stack:
            node, operands = stack[-1]
            for child in operands:
                if child._id not in seen:
                    mark(child._id)
                    push((child, iter(child._prev)))
                    break
            else:
                pop()
                emit(node)
        return order

    def backward(self) -> None:
        """Fill ``grad`` of every node this value depends on; calling it twice is harmless."""
        topo = self.topo()
        for node in topo:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(topo):
            node._backward()

    def __repr__(self) -> str:
        name = f"{self.label}, " if self.label else ""
        return f"Value({name}data={self.data:.4f}, grad={self.grad:.4f})"


def _make(
    cls: type[Value], fn: Op, operands: tuple[Value, ...], arg: float | None = None, label: str = ""
) -> Value:
    """Create the node ``fn(*operands)``: the one place a node gets its op and value.

    Fills the slots directly (no ``__init__`` call, no intermediate tuples): node
    creation is half of a forward pass. Subclasses of ``Value`` go through their
    own ``__init__``.
    """
    arity = len(operands)
    if arity != fn.arity:
        raise TypeError(f"{fn.key!r} takes {fn.arity} operand(s), got {arity}")
    if arity == 2:
        data = fn.forward(operands[0].data, operands[1].data, arg)
    else:
        data = fn.forward(operands[0].data, arg)
    shown = (fn.display or fn.key) if arg is None else fn.label(arg)
    if cls is Value:
        out = object.__new__(Value)
        out.data = float(data)
        out.grad = 0.0
        out.label = label
        out._prev = operands
        out._op = shown
        out._id = next(_ids)
    else:
        out = cls(data, operands, shown, label)
    out._fn = fn
    out._arg = arg
    return out


def numeric_grad(output: Value, node: Value, h: float = NUMERIC_H) -> float:
    """Central finite difference of ``output`` with respect to ``node``.

    Works for a leaf or an intermediate node: the node's value is nudged by +h and -h
    and everything downstream of it is recomputed; all values are restored after.

    Args:
        output: the value being differentiated.
        node: the value to nudge.
        h: the step.

    Returns:
        ``(output(node + h) - output(node - h)) / (2 h)``.

    """
    topo = output.topo()
    saved = [n.data for n in topo]
    try:
        start = next(i for i, n in enumerate(topo) if n is node)
    except StopIteration:
        return 0.0
    downstream = topo[start + 1 :]
    results = []
    try:
        for step in (h, -h):
            node.data = saved[start] + step
            for n in downstream:
                n.recompute()
            results.append(output.data)
    finally:
        for n, d in zip(topo, saved, strict=True):
            n.data = d
    return (results[0] - results[1]) / (2 * h)
