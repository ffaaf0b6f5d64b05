"""The built graph of a lesson: every node with its value, gradient, operands and consumers.

``build(lesson)`` turns the lesson's statements into engine ``Value`` nodes, runs the
forward and backward passes, and records what the tutor asks and in which order.
Grading, hints, the solution table and the pictures all read this one structure.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeGuard, cast

from tutor.grammar import expr as ex
from tutor.graph.model import (
    CONST,
    INPUT,
    OP,
    Graph,
    GraphError,
    Node,
    ask_order,
    asked_names,
    fresh_name,
    natural_key,
)
from tutor.lesson.model import Lesson
from tutor.lesson.yamlpos import Pos
from tutor.scalar.engine import FUNCTIONS, OPS, Value, fmt

if TYPE_CHECKING:
    from tutor.tensor.graph_build import TensorGraph, TensorNode
    from tutor.tensor.inputs import Drawn

__all__ = [
    "CONST",
    "INPUT",
    "OP",
    "Graph",
    "GraphError",
    "Node",
    "ask_order",
    "asked_names",
    "build",
    "is_tensor_graph",
    "is_tensor_node",
    "natural_key",
]


class _Builder:
    """Builds engine nodes from statements, naming intermediates and constants."""

    def __init__(self, lesson: Lesson, inputs: dict[str, float]) -> None:
        self.lesson = lesson
        self.taken = set(lesson.inputs) | {s.target for s in lesson.statements}
        self.values: dict[str, Value] = {}
        self.pos: dict[str, Pos] = {}
        for name, v in inputs.items():
            self.values[name] = Value(v, label=name)
            self.pos[name] = lesson.pos("inputs", name)
        self.counters: dict[str, int] = {}
        self.consts: dict[str, int] = {}
        self.labels: dict[str, str] = {}
        #: ``pi`` and ``e`` are constants unless the lesson uses the name itself.
        self.named_constants = {k: v for k, v in ex.CONSTANTS.items() if k not in self.taken}

    def fresh(self, base: str) -> str:
        """A generated name ``base_k`` that no lesson name uses."""
        return fresh_name(base, self.counters, lambda n: n in self.taken or n in self.values)

    def const(self, label: str) -> str:
        """A unique name for a constant shown as ``label``: the label, ``#k`` for repeats.

        The ``#k`` names are keys only: the node's ``label`` is what people see.
        """
        k = self.consts.get(label, 0) + 1
        self.consts[label] = k
        name = label if k == 1 else f"{label}#{k}"
        self.labels[name] = label
        return name

    def constant(self, value: float, label: str, name: str | None, pos: Pos) -> Value:
        """A constant node (``name`` None: a generated name from its label)."""
        name = name if name is not None else self.const(label)
        node = Value(value, label=name)
        self.values[name] = node
        self.pos[name] = pos
        return node

    def is_constant(self, e: ex.Expr) -> bool:
        """Whether ``e`` is made only of numbers and named constants (``pi``, ``e``)."""
        if isinstance(e, ex.Num):
            return True
        if isinstance(e, ex.Ref):
            return e.name in self.named_constants
        return all(self.is_constant(a) for a in e.args)

    def fold(self, e: ex.Expr, target: str, pos: Pos, at: Callable[[int], Pos]) -> float:
        """The value of a constant expression, computed by the op table (errors name ``target``)."""
        if isinstance(e, ex.Num):
            return e.value
        if isinstance(e, ex.Ref):
            return self.named_constants[e.name]
        operands = [self.fold(a, target, at(a.col), at) for a in e.args]
        try:
            value = OPS[e.key].forward(*operands, e.arg)
        except (ZeroDivisionError, OverflowError, ValueError) as exc:
            raise GraphError(target, _math_error(e.key, exc), pos) from None
        if not math.isfinite(value):
            raise GraphError(target, "overflow (the value is not finite)", pos)
        return value

    def node(
        self, e: ex.Expr, target: str, top: bool, stmt_pos: Pos, at: Callable[[int], Pos]
    ) -> Value:
        """The Value for expression ``e``; ``top`` names it ``target``.

        ``at(col)`` is the file position of column ``col`` of the statement's right-hand side.
        """
        if isinstance(e, ex.Num):
            return self.constant(e.value, e.text, target if top else None, at(e.col))
        if self.is_constant(e):  # `sqrt(2)`, `1/2`, `pi`: one constant node, never asked
            where = stmt_pos if top else at(e.col)
            value = self.fold(e, target, where, at)
            return self.constant(value, _const_label(e, value), target if top else None, where)
        if isinstance(e, ex.Ref):
            if top:  # `b = a` : an identity node keeps b a node of its own
                return self.apply(
                    "+", (self.values[e.name], self._zero(stmt_pos)), target, stmt_pos, e
                )
            return self.values[e.name]
        operands = tuple(self.node(a, target, False, stmt_pos, at) for a in e.args)
        name = target if top else self.fresh(target)
        return self.apply(e.key, operands, name, at(e.col) if not top else stmt_pos, e, e.arg)

    def _zero(self, pos: Pos) -> Value:
        """A constant 0 (for ``b = a``)."""
        return self.constant(0.0, "0", None, pos)

    def apply(
        self,
        key: str,
        operands: tuple[Value, ...],
        name: str,
        pos: Pos,
        e: ex.Expr,
        arg: float | None = None,
    ) -> Value:
        """Run one op, turning Python math errors into a ``GraphError`` naming the node."""
        try:
            value = Value.apply(key, *operands, arg=arg, label=name)
        except (ZeroDivisionError, OverflowError, ValueError) as exc:
            raise GraphError(name, _math_error(key, exc), pos) from None
        if not math.isfinite(value.data):
            raise GraphError(name, "overflow (the value is not finite)", pos)
        self.values[name] = value
        self.pos[name] = pos
        return value


def _math_error(key: str, exc: Exception) -> str:
    """Say which math error an operation hit, in words."""
    if isinstance(exc, ZeroDivisionError):
        return "division by zero"
    if isinstance(exc, OverflowError):
        return "overflow (the number is too large)"
    detail = {"log": "log of a non-positive value", "sqrt": "sqrt of a negative value"}
    return detail.get(key, f"math domain error ({exc})")


def _infinite_local(b: _Builder, out_value: Value) -> GraphError | None:
    """Name the first operation the output depends on whose local derivative is infinite.

    ``sqrt(x)`` at x = 0 has a finite value and an infinite slope: the gradient that
    flows through it is infinite (or NaN), and the place to blame is the ``sqrt`` line.
    """
    used = {v._id for v in out_value.topo()}
    label_of = {v._id: name for name, v in b.values.items()}
    for name, v in b.values.items():
        if v._id not in used or v._fn is None:
            continue
        for child, local in zip(v._prev, v.local_grads(), strict=True):
            if not math.isfinite(local):
                operand = b.labels.get(label_of[child._id], label_of[child._id])
                op = v._fn.label(v._arg)
                message = (
                    f"infinite local derivative d{name}/d{operand} "
                    f"({op} at {operand} = {fmt(child.data)})"
                )
                return GraphError(name, message, b.pos[name])
    return None


def _const_label(e: ex.Expr, value: float) -> str:
    """How a folded constant is shown: ``pi``, ``sqrt(2)`` as written, else its number."""
    if isinstance(e, ex.Ref):
        return e.name
    if (
        isinstance(e, ex.Call)
        and e.key in FUNCTIONS
        and isinstance(e.args[0], ex.Num | ex.Ref)
        and len(ex.to_text(e)) <= 12
    ):
        return ex.to_text(e)
    return fmt(value)


def build(lesson: Lesson, inputs: Mapping[str, Drawn] | None = None) -> Graph:
    """Build and compute the lesson's graph.

    Args:
        lesson: a loaded lesson.
        inputs: input values to use instead of the lesson's (a quiz variant).

    Raises:
        GraphError: a math domain error at these inputs, naming the node.

    """
    if any(not isinstance(v, int | float) for v in lesson.inputs.values()):
        from tutor.tensor.graph_build import build_tensor  # NumPy: only for tensor lessons

        return build_tensor(lesson, dict(inputs) if inputs is not None else None)
    try:
        # a scalar lesson's inputs (and so its draws) are all numbers
        return _build(lesson, cast("dict[str, float] | None", inputs))
    except GraphError as exc:
        exc.path = lesson.path
        raise


def _build(lesson: Lesson, inputs: dict[str, float] | None) -> Graph:
    """``build`` without the file name on errors."""
    values_in = dict(lesson.inputs)
    if inputs:
        values_in.update(inputs)
    b = _Builder(lesson, values_in)
    for s in lesson.statements:
        b.node(s.expr, s.target, True, s.pos, s.at)
    out_value = b.values[lesson.output]
    out_value.backward()
    for name, v in b.values.items():
        if not math.isfinite(v.grad):
            raise _infinite_local(b, out_value) or GraphError(
                b.labels.get(name, name), "overflow in the gradient", b.pos[name]
            )
    label_of = {v._id: name for name, v in b.values.items()}
    shown = b.labels
    nodes: dict[str, Node] = {}
    for name, v in b.values.items():
        kind = INPUT if name in lesson.inputs else (CONST if v._fn is None else OP)
        operand_names = tuple(label_of[c._id] for c in v._prev)
        operand_labels = tuple(shown.get(c, c) for c in operand_names)
        nodes[name] = Node(
            name=name,
            kind=kind,
            key=v._fn.key if v._fn else None,
            op=v._op if v._fn else ("const" if kind == CONST else None),
            inputs=operand_names,
            value=v.data,
            grad=v.grad,
            local=v.local_grads(),
            symbols=v.local_symbols(operand_labels, name),
            pos=b.pos[name],
            arg=v._arg,
            label=shown.get(name, name),
            operand_labels=operand_labels,
        )
    for node in nodes.values():
        for child in node.inputs:
            c = nodes[child]
            c.uses[node.name] = c.uses.get(node.name, 0) + 1
    for node in nodes.values():
        node.consumers = tuple(node.uses)
    graph = Graph(lesson, nodes, lesson.output, [], values_in, b.values)
    graph.order = ask_order(graph, asked_names(lesson, graph))
    return graph


def is_tensor_graph(graph: Graph) -> TypeGuard[TensorGraph]:
    """Whether ``graph`` is a tensor lesson's (without importing NumPy to ask)."""
    return bool(getattr(graph, "tensor", False))


def is_tensor_node(node: Node) -> TypeGuard[TensorNode]:
    """Whether ``node`` is a tensor node (its value and grad are arrays)."""
    return bool(getattr(node, "tensor", False))
