"""The graph model: ``Graph``, ``Node``, ``GraphError``, node kinds and the asking order.

Plain data read by grading, hints, the tables, the pictures and the app. ``tutor.graph.build``
builds every lesson's graph, scalar or tensor, into these types (and re-exports them); the
graph's ``kind`` answers whatever differs between the two.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic

from tutor.errors import TutorError
from tutor.kind import Kind, V
from tutor.lesson.model import Lesson, Tolerance
from tutor.lesson.yamlpos import Pos


class NodeKind(StrEnum):
    """What a node of a lesson graph is (saved in solutions and shown in pictures)."""

    INPUT = "input"
    """A leaf the lesson gives a value."""
    CONST = "const"
    """A number written in a statement (``2`` in ``2 * x``); shown, never asked."""
    OP = "op"
    """The result of an operation."""
    LABELS = "labels"
    """A tensor input of integer labels: no gradient, never asked."""


INPUT, CONST, OP, LABELS = NodeKind.INPUT, NodeKind.CONST, NodeKind.OP, NodeKind.LABELS

#: Step of the numeric check (the micrograd walk-through's h).
NUMERIC_H = 1e-3


class GraphError(TutorError):
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

    def one_line(self) -> str:
        """The message with its place, as one line."""
        return str(self)


@dataclass(slots=True)
class Node(Generic[V]):
    """One node of a lesson graph; ``V`` is what it holds (a float, or an array)."""

    name: str
    """Unique name: an input, an assigned name, a generated one (``L_1``) or a constant (``2``)."""
    kind: NodeKind
    """``input``, ``const``, ``op`` or ``labels``."""
    key: str | None
    """Key of the operation in the kind's op table (None for inputs and constants)."""
    op: str | None
    """The op as shown (``*``, ``tanh``, ``**2``); ``const`` for constants, None for inputs."""
    inputs: tuple[str, ...]
    """Operand names, one per use (``a + a`` lists ``a`` twice)."""
    value: V
    """Forward value."""
    grad: V
    """d(output)/d(this node) (zeros where no gradient reaches: see ``has_grad``)."""
    local: tuple[float, ...]
    """d(this)/d(operand), one per operand (scalar lessons; empty for tensors)."""
    symbols: tuple[str, ...]
    """Per operand: its local derivative (scalar) or its VJP (tensor), written out."""
    formula: str
    """The operation with operand labels: ``a * b``, ``X @ W``; a leaf's value or shape."""
    shape: tuple[int, ...] = ()
    """The value's shape (``()`` for a scalar)."""
    has_grad: bool = True
    """False for labels and what is computed from labels alone: no gradient, never asked."""
    consumers: tuple[str, ...] = ()
    """Nodes that use this one, each once, in graph order."""
    uses: dict[str, int] = field(default_factory=dict)
    """How many times each consumer uses this node (``b = a + a`` -> ``{"b": 2}``)."""
    pos: Pos = Pos(1, 1)
    """Where the node is defined in the lesson file."""
    arg: object = None
    """The operation's constant argument (an exponent, an axis, ``(axis, keepdims)`` ...)."""
    label: str = ""
    """How the node is shown to people: its name, or a constant's number (``2``, ``sqrt(2)``).

    ``name`` is the unique key (a repeated constant is ``2#2`` inside); every text a
    learner or an author reads uses ``label`` instead."""
    operand_labels: tuple[str, ...] = ()
    """The operands' labels, one per use (what ``formula`` and ``symbols`` are written with)."""

    def __post_init__(self) -> None:
        """A node built without labels is shown by its names."""
        if not self.label:
            self.label = self.name
        if not self.operand_labels:
            self.operand_labels = self.inputs


@dataclass(slots=True)
class Graph(Generic[V]):
    """A lesson's graph at one set of input values, fully computed."""

    lesson: Lesson
    """The lesson it was built from."""
    nodes: dict[str, Node[V]]
    """Every node, in definition order (inputs, then statements in order)."""
    output: str
    """The output node's name."""
    order: list[str]
    """Asked nodes in the order the learner is asked (reverse topological from the output)."""
    inputs: dict[str, V]
    """The input values used (a quiz variant may differ from the lesson's)."""
    kind: Kind[Any, V]
    """Scalar or tensor, decided once by the builder: everything that differs asks it."""
    values: dict[str, Any] = field(repr=False, default_factory=dict)
    """The engine's nodes, by name (for the numeric check)."""
    elements: int = 0
    """Elements held by all nodes together (one per node in a scalar lesson)."""
    _reach: frozenset[str] | None = field(default=None, repr=False)
    """Cache of ``reachable()`` (the graph never changes once built)."""
    tolerance: Tolerance = field(default_factory=Tolerance)
    """The lesson's tolerance with this graph's float-noise floor (``Tolerance.floor``)."""
    memo: dict[str, object] = field(default_factory=dict, repr=False)
    """What teaching code works out once per graph (the formula check's other draws)."""

    def __getitem__(self, name: str) -> Node[V]:
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

    def on_the_way(self) -> frozenset[str]:
        """The asked nodes and every node between one of them and the output.

        The gradients a learner meets: the backward table shows rows and the tree shows
        marks only for these (linear-layer's ``b`` is filled in, never on the way).
        """
        seen: set[str] = set()
        stack = list(self.order)
        while stack:
            name = stack.pop()
            if name not in seen:
                seen.add(name)
                stack.extend(self.nodes[name].consumers)
        return frozenset(seen)

    def uses(self, name: str) -> list[tuple[str, int]]:
        """Each use of ``name`` by a node the output depends on: ``(consumer, operand index)``.

        One pair per use (``y = x * x`` uses ``x`` twice), consumers in their order, each
        consumer's operands in order: one chain-rule term of ``name``'s gradient each.
        """
        reach = self.reachable()
        return [
            (cname, i)
            for cname in self.nodes[name].consumers
            if cname in reach
            for i, operand in enumerate(self.nodes[cname].inputs)
            if operand == name
        ]

    def numeric(self, name: str, h: float = NUMERIC_H) -> V:
        """Central finite-difference estimate of d(output)/d(name)."""
        return self.kind.numeric(self.values[self.output], self.values[name], h)

    def value_env(self, name: str) -> V | None:
        """A node's value by name (for answers that use node names)."""
        node = self.nodes.get(name)
        return node.value if node is not None else None


def fresh_name(base: str, counters: dict[str, int], used: Callable[[str], bool]) -> str:
    """The next generated name ``base_k`` (``y_1``, ``y_2`` ...) for which ``used`` is False.

    ``counters`` keeps the last ``k`` per base, so names are the same on every run.
    """
    k = counters.get(base, 0)
    while True:
        k += 1
        name = f"{base}_{k}"
        if not used(name):
            counters[base] = k
            return name


def natural_key(name: str) -> list[int | str]:
    """Sort key that puts ``u2`` before ``u10``."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]


def asked_names(lesson: Lesson, graph: Graph[Any]) -> set[str]:
    """The nodes the learner answers: per ``ask``, among those the output depends on."""
    reach = graph.reachable()
    candidates = {n for n in reach if graph.nodes[n].kind != CONST}
    if lesson.ask == "all":
        return candidates
    if lesson.ask == "inputs":
        return {n for n in candidates if graph.nodes[n].kind == INPUT}
    return {n for n in lesson.ask if n in candidates}


def ask_order(graph: Graph[Any], asked: set[str]) -> list[str]:
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
