"""Our engine's design with one closure per node instead of the table of ops.

Same ids from a counter, operand tuples (one entry per use), iterative topological
sort and idempotent ``backward`` as ``tutor.scalar.engine``; the only difference is that
each operator stores a ``_backward`` closure, as micrograd does. It exists to
measure the "table of ops vs closures" question, garbage collector included: the
closure refers to ``out`` and ``out`` to the closure, so every node is in a cycle.
"""

from __future__ import annotations

import itertools
import math

_ids = itertools.count()


def _noop() -> None:
    return None


class Value:
    """A scalar with a gradient; ``_backward`` is a per-node closure."""

    __slots__ = ("data", "grad", "label", "_op", "_prev", "_backward", "_id")

    def __init__(self, data, _children=(), _op="", label=""):
        self.data = float(data)
        self.grad = 0.0
        self.label = label
        self._prev = tuple(_children)
        self._op = _op
        self._backward = _noop
        self._id = next(_ids)

    @staticmethod
    def lift(x):
        return x if isinstance(x, Value) else Value(x)

    def __add__(self, other):
        other = Value.lift(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __radd__(self, other):
        return Value.lift(other) + self

    def __mul__(self, other):
        other = Value.lift(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __rmul__(self, other):
        return Value.lift(other) * self

    def tanh(self):
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward():
            self.grad += (1.0 - out.data * out.data) * out.grad

        out._backward = _backward
        return out

    def topo(self):
        order = []
        seen = set()
        stack = [(self, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            if node._id in seen:
                continue
            seen.add(node._id)
            stack.append((node, True))
            for child in reversed(node._prev):
                if child._id not in seen:
                    stack.append((child, False))
        return order

    def backward(self):
        topo = self.topo()
        for node in topo:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(topo):
            node._backward()
