"""A micrograd-compatible scalar autograd engine.

Every primitive is one row of ``tutor.scalar.ops.OPS``: its forward value, its local derivatives
(one per operand, in operand order) and the symbolic form of those derivatives
used by hints and the solution table. ``Value`` keeps its children as a tuple,
one entry per use, and takes its ids from a counter, so a graph is the same on
every run. Backward is an iterative topological sort, so deep chains work.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from tutor.notation import compact
from tutor.scalar.ops import OPS, Op

__all__ = ["NUMERIC_H", "Value", "nudge", "numeric_grad"]

Number = int | float

#: Step of the numeric check (the micrograd walk-through's h).
NUMERIC_H = 1e-3

_ids = itertools.count()

_ADD, _MUL, _TANH = OPS["+"], OPS["*"], OPS["tanh"]


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
        return _make(Value, _ADD, (self, Value.lift(other)))

    def __radd__(self, other: Number) -> Value:
        return _make(Value, _ADD, (Value.lift(other), self))

    def __sub__(self, other: Value | Number) -> Value:
        return _make(Value, OPS["-"], (self, Value.lift(other)))

    def __rsub__(self, other: Number) -> Value:
        return _make(Value, OPS["-"], (Value.lift(other), self))

    def __mul__(self, other: Value | Number) -> Value:
        return _make(Value, _MUL, (self, Value.lift(other)))

    def __rmul__(self, other: Number) -> Value:
        return _make(Value, _MUL, (Value.lift(other), self))

    def __truediv__(self, other: Value | Number) -> Value:
        return _make(Value, OPS["/"], (self, Value.lift(other)))

    def __rtruediv__(self, other: Number) -> Value:
        return _make(Value, OPS["/"], (Value.lift(other), self))

    def __neg__(self) -> Value:
        return _make(Value, OPS["neg"], (self,))

    def __pow__(self, other: Value | Number) -> Value:
        if isinstance(other, Value):
            return Value.apply("pow", self, other)
        return Value.apply("powc", self, arg=float(other))

    def __rpow__(self, other: Number) -> Value:
        return Value.apply("pow", Value.lift(other), self)

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

    # -- public accessors (no module outside the engine reads the slots) -----------

    @property
    def operands(self) -> tuple[Value, ...]:
        """The operands, in operand order, one entry per use (micrograd's ``_prev``)."""
        return self._prev

    @property
    def row(self) -> Op | None:
        """The op-table row that made this value (None for a leaf)."""
        return self._fn

    @property
    def arg(self) -> float | None:
        """The row's constant parameter (``powc``'s exponent, ``leaky_relu``'s slope)."""
        return self._arg

    @property
    def uid(self) -> int:
        """An id from a counter: the same on every run, unique in the process."""
        return self._id

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
        names = (
            names if names is not None else tuple(c.label or compact(c.data) for c in self._prev)
        )
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
    elif arity == 1:
        data = fn.forward(operands[0].data, arg)
    else:  # where(c, a, b)
        data = fn.forward(*(o.data for o in operands), arg)
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


def nudge(output: Value, node: Value, h: float = NUMERIC_H) -> tuple[float, float]:
    """The output's value with ``node`` moved by +h and by -h (everything restored after).

    Works for a leaf or an intermediate node: everything downstream of the node is
    recomputed. A node the output does not depend on leaves the output unchanged.

    Raises:
        ValueError, ZeroDivisionError, OverflowError: a nudge left an operation's domain.

    """
    topo = output.topo()
    saved = [n.data for n in topo]
    start = next((i for i, n in enumerate(topo) if n is node), None)
    if start is None:
        return output.data, output.data
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
    return results[0], results[1]


def numeric_grad(output: Value, node: Value, h: float = NUMERIC_H) -> float:
    """Central finite difference of ``output`` with respect to ``node``.

    Args:
        output: the value being differentiated.
        node: the value to nudge (a leaf or an intermediate node).
        h: the step.

    Returns:
        ``(output(node + h) - output(node - h)) / (2 h)``.

    """
    up, down = nudge(output, node, h)
    return (up - down) / (2 * h)
