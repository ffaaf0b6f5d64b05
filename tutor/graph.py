"""The built graph of a lesson: every node with its value, gradient, operands and consumers.

``build(lesson)`` turns the lesson's statements into engine ``Value`` nodes, runs the
forward and backward passes, and records what the tutor asks and in which order.
Grading, hints, the solution table and the pictures all read this one structure.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from tutor import expr as ex
from tutor.engine import OPS, Value, fmt, numeric_grad
from tutor.lesson import Lesson
from tutor.yamlpos import Pos

INPUT, CONST, OP = "input", "const", "op"


class GraphError(Exception):
    """The graph cannot be computed at these inputs (a math domain error), naming the node."""

    def __init__(self, node: str, message: str, pos: Pos, path: str = "") -> None:
        super().__init__(f"{message} at node {node!r}")
        self.node = node
        self.message = message
        self.pos = pos
        self.path = path

    def __str__(self) -> str:
        where = f"{self.path}:{self.pos.line}:{self.pos.col}: " if self.path else ""
        return f"{where}{self.message} at node {self.node!r}"


@dataclass(slots=True)
class Node:
    """One node of a lesson graph."""

    name: str
    """Unique name: an input, an assigned name, a generated one (``L_1``) or a constant (``2``)."""
    kind: str
    """``input``, ``const`` or ``op``."""
    key: str | None
    """Key of the operation in ``engine.OPS`` (None for inputs and constants)."""
    op: str | None
    """The op as shown (``*``, ``tanh``, ``**2``); ``const`` for constants, None for inputs."""
    inputs: tuple[str, ...]
    """Operand names, one per use (``a + a`` lists ``a`` twice)."""
    value: float
    """Forward value."""
    grad: float
    """d(output)/d(this node)."""
    local: tuple[float, ...]
    """d(this)/d(operand), one per operand."""
    symbols: tuple[str, ...]
    """The local derivatives written out with operand names."""
    consumers: tuple[str, ...] = ()
    """Nodes that use this one, each once, in graph order."""
    uses: dict[str, int] = field(default_factory=dict)
    """How many times each consumer uses this node (``b = a + a`` -> ``{"b": 2}``)."""
    pos: Pos = Pos(1, 1)
    """Where the node is defined in the lesson file."""
    arg: float | None = None
    """The constant exponent of a ``powc`` node."""

    @property
    def formula(self) -> str:
        """The operation with operand names: ``a * b``, ``tanh(n)``; the value for leaves."""
        if self.key is None:
            return fmt(self.value)
        return OPS[self.key].formula(self.inputs, self.arg)


@dataclass(slots=True)
class Graph:
    """A lesson's graph at one set of input values, fully computed."""

    lesson: Lesson
    """The lesson it was built from."""
    nodes: dict[str, Node]
    """Every node, in definition order (inputs, then statements in order)."""
    output: str
    """The output node's name."""
    order: list[str]
    """Asked nodes in the order the learner is asked (reverse topological from the output)."""
    inputs: dict[str, float]
    """The input values used (a quiz variant may differ from the lesson's)."""
    values: dict[str, Value] = field(repr=False, default_factory=dict)
    """The engine's nodes, by name (for the numeric check)."""
    _reach: frozenset[str] | None = field(default=None, repr=False)
    """Cache of ``reachable()`` (the graph never changes once built)."""

    def __getitem__(self, name: str) -> Node:
        return self.nodes[name]

    @property
    def asked(self) -> set[str]:
        """Names of the nodes the learner answers."""
        return set(self.order)

    def reachable(self) -> frozenset[str]:
        """Names of the nodes the output depends on (including itself); computed once."""
        if self._reach is not None:
            return self._reach
        seen = {self.output}
        stack = [self.output]
        while stack:
            for child in self.nodes[stack.pop()].inputs:
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        self._reach = frozenset(seen)
        return self._reach

    def numeric(self, name: str, h: float = 1e-3) -> float:
        """Central finite-difference estimate of d(output)/d(name)."""
        return numeric_grad(self.values[self.output], self.values[name], h)

    def value_env(self, name: str) -> float | None:
        """A node's value by name (for answers that use node names)."""
        node = self.nodes.get(name)
        return node.value if node is not None else None


def natural_key(name: str) -> list:
    """Sort key that puts ``u2`` before ``u10``."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]


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

    def fresh(self, base: str) -> str:
        """A generated name ``base_k`` that no lesson name uses."""
        k = self.counters.get(base, 0)
        while True:
            k += 1
            name = f"{base}_{k}"
            if name not in self.taken and name not in self.values:
                self.counters[base] = k
                return name

    def const(self, num: ex.Num) -> str:
        """A name for a constant: its text, with ``#k`` for repeats."""
        k = self.consts.get(num.text, 0) + 1
        self.consts[num.text] = k
        return num.text if k == 1 else f"{num.text}#{k}"

    def node(self, e: ex.Expr, target: str, top: bool, stmt_pos: Pos, at: Pos) -> Value:
        """The Value for expression ``e``; ``top`` names it ``target``."""
        if isinstance(e, ex.Ref):
            if top:  # `b = a` : an identity node keeps b a node of its own
                return self.apply("+", (self.values[e.name], self._zero(at)), target, stmt_pos, e)
            return self.values[e.name]
        if isinstance(e, ex.Num):
            name = target if top else self.const(e)
            value = Value(e.value, label=name)
            self.values[name] = value
            self.pos[name] = at.shifted(e.col)
            return value
        operands = tuple(self.node(a, target, False, stmt_pos, at) for a in e.args)
        name = target if top else self.fresh(target)
        return self.apply(
            e.key, operands, name, at.shifted(e.col) if not top else stmt_pos, e, e.arg
        )

    def _zero(self, at: Pos) -> Value:
        """A constant 0 (for ``b = a``)."""
        return self.node(ex.Num(0.0, "0", 0), "", False, at, at)

    def apply(self, key, operands, name, pos, e, arg=None) -> Value:
        """Run one op, turning Python math errors into a ``GraphError`` naming the node."""
        try:
            value = Value.apply(key, *operands, arg=arg, label=name)
        except ZeroDivisionError:
            raise GraphError(name, "division by zero", pos) from None
        except OverflowError:
            raise GraphError(name, "overflow (the number is too large)", pos) from None
        except ValueError as exc:
            detail = {"log": "log of a non-positive value", "sqrt": "sqrt of a negative value"}
            raise GraphError(name, detail.get(key, f"math domain error ({exc})"), pos) from None
        if not math.isfinite(value.data):
            raise GraphError(name, "overflow (the value is not finite)", pos)
        self.values[name] = value
        self.pos[name] = pos
        return value


def build(lesson: Lesson, inputs: dict[str, float] | None = None) -> Graph:
    """Build and compute the lesson's graph.

    Args:
        lesson: a loaded lesson.
        inputs: input values to use instead of the lesson's (a quiz variant).

    Raises:
        GraphError: a math domain error at these inputs, naming the node.

    """
    if any(not isinstance(v, int | float) for v in lesson.inputs.values()):
        from tutor.tensor_graph import build_tensor  # NumPy: only for tensor lessons

        return build_tensor(lesson, inputs)
    try:
        return _build(lesson, inputs)
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
        b.node(s.expr, s.target, True, s.pos, s.expr_pos)
    out_value = b.values[lesson.output]
    out_value.backward()
    for name, v in b.values.items():
        if not math.isfinite(v.grad):
            raise GraphError(name, "overflow in the gradient", b.pos[name])
    label_of = {v._id: name for name, v in b.values.items()}
    nodes: dict[str, Node] = {}
    for name, v in b.values.items():
        kind = INPUT if name in lesson.inputs else (CONST if v._fn is None else OP)
        operand_names = tuple(label_of[c._id] for c in v._prev)
        nodes[name] = Node(
            name=name,
            kind=kind,
            key=v._fn.key if v._fn else None,
            op=v._op if v._fn else ("const" if kind == CONST else None),
            inputs=operand_names,
            value=v.data,
            grad=v.grad,
            local=v.local_grads(),
            symbols=v.local_symbols(operand_names, name),
            pos=b.pos[name],
            arg=v._arg,
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


def asked_names(lesson: Lesson, graph: Graph) -> set[str]:
    """The nodes the learner answers: per ``ask``, among those the output depends on."""
    reach = graph.reachable()
    candidates = {n for n in reach if graph.nodes[n].kind != CONST}
    if lesson.ask == "all":
        return candidates
    if lesson.ask == "inputs":
        return {n for n in candidates if graph.nodes[n].kind == INPUT}
    return {n for n in lesson.ask if n in candidates}


def ask_order(graph: Graph, asked: set[str]) -> list[str]:
    """Asked nodes layer by layer back from the output (natural name order within a layer).

    A node's layer is its longest distance from the output, so every consumer of a node
    comes before it: the order is a reverse topological order that starts at the output.
    """
    reach = graph.reachable()
    depth: dict[str, int] = {graph.output: 0}
    for name in reversed(list(graph.nodes)):  # definition order is topological
        if name not in depth:
            continue
        for child in graph.nodes[name].inputs:
            if child in reach:
                depth[child] = max(depth.get(child, 0), depth[name] + 1)
    names = [n for n in depth if n in asked]
    return sorted(names, key=lambda n: (depth[n], natural_key(n)))
