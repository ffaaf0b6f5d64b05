"""The graph model: ``Graph``, ``Node``, ``GraphError``, node kinds and the asking order.

Plain data read by grading, hints, the tables, the pictures and the app. ``tutor.graph.build``
builds scalar graphs and ``tutor.tensor.graph_build`` tensor ones, both into these types
(``tutor.graph.build`` re-exports them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from tutor.errors import TutorError
from tutor.kind import Kind
from tutor.lesson.model import Lesson
from tutor.lesson.yamlpos import Pos
from tutor.scalar.engine import OPS, Value, fmt, numeric_grad
from tutor.scalar.kind import SCALAR


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


INPUT, CONST, OP = NodeKind.INPUT, NodeKind.CONST, NodeKind.OP


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
class Node:
    """One node of a lesson graph."""

    name: str
    """Unique name: an input, an assigned name, a generated one (``L_1``) or a constant (``2``)."""
    kind: NodeKind
    """``input``, ``const`` or ``op`` (``labels`` in tensor lessons)."""
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
    label: str = ""
    """How the node is shown to people: its name, or a constant's number (``2``, ``sqrt(2)``).

    ``name`` is the unique key (a repeated constant is ``2#2`` inside); every text a
    learner or an author reads uses ``label`` instead."""
    operand_labels: tuple[str, ...] = ()
    """The operands' labels, one per use (what ``formula`` and ``symbols`` are written with)."""

    def __post_init__(self) -> None:
        """A node built without labels (a tensor node) is shown by its names."""
        if not self.label:
            self.label = self.name
        if not self.operand_labels:
            self.operand_labels = self.inputs

    @property
    def formula(self) -> str:
        """The operation with operand labels: ``a * b``, ``tanh(n)``; the value for leaves."""
        if self.key is None:
            return fmt(self.value)
        return OPS[self.key].formula(self.operand_labels, self.arg)


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
    kind: Kind = SCALAR
    """Scalar or tensor, decided once by the builder: everything that differs asks it."""
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
