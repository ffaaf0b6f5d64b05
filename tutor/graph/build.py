"""The built graph of a lesson: every node with its value, gradient, operands and consumers.

``build(lesson)`` is the one builder, scalar and tensor alike: it turns the lesson's
statements into nodes of the lesson kind's engine (``Value`` or ``Tensor``), runs the
forward and backward passes, and records what the tutor asks and in which order. The
kind is decided once, by the lesson's reader (a tensor input makes a tensor lesson), and
found here (``kind_of``, through ``tutor.lesson.kinds``); grading,
hints, the solution table and the pictures all read this one structure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, SupportsFloat

from tutor.grammar.dialect import CONSTANTS
from tutor.grammar.tree import Call, Expr, Num, Ref
from tutor.graph.model import (
    CONST,
    INPUT,
    LABELS,
    OP,
    Graph,
    GraphError,
    Node,
    ask_order,
    asked_names,
    fresh_name,
    natural_key,
)
from tutor.kind import Kind, NodeFailure
from tutor.lesson.kinds import kind_named
from tutor.lesson.model import NOISE, Lesson
from tutor.lesson.yamlpos import Pos
from tutor.notation import compact, local_partial

if TYPE_CHECKING:
    from tutor.lesson.tensor_inputs import Drawn

__all__ = [
    "CONST",
    "INPUT",
    "LABELS",
    "OP",
    "Graph",
    "GraphError",
    "Node",
    "ask_order",
    "asked_names",
    "build",
    "kind_of",
    "natural_key",
]

#: Most elements a lesson may hold (the tensor limit; a scalar lesson never comes near it).
_ROOM = 1_000_000


def kind_of(lesson: Lesson) -> Kind[Any, Any]:
    """The lesson's kind, as its reader decided it (NumPy is imported for tensor lessons only)."""
    return kind_named(lesson.kind)


class _Builder:
    """Builds engine nodes from statements, naming intermediates and constants."""

    def __init__(self, lesson: Lesson, kind: Kind[Any, Any], inputs: Mapping[str, Any]) -> None:
        self.lesson = lesson
        self.kind = kind
        self.taken = set(lesson.inputs) | {s.target for s in lesson.statements}
        self.values: dict[str, Any] = {}
        self.pos: dict[str, Pos] = {}
        self.elements = 0
        for name, given in lesson.inputs.items():
            self.add(
                name, kind.input_node(name, given, inputs.get(name)), lesson.pos("inputs", name)
            )
        self.counters: dict[str, int] = {}
        self.consts: dict[str, int] = {}
        self.labels: dict[str, str] = {}
        #: ``pi`` and ``e`` are constants unless the lesson uses the name itself.
        self.named_constants = {k: v for k, v in CONSTANTS.items() if k not in self.taken}

    def add(self, name: str, node: Any, pos: Pos) -> Any:
        """Record a node under ``name``."""
        self.values[name] = node
        self.pos[name] = pos
        self.elements += self.kind.size(node)
        return node

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

    def constant(self, value: object, label: str, name: str | None, pos: Pos) -> Any:
        """A constant node (``name`` None: a generated name from its label)."""
        name = name if name is not None else self.const(label)
        return self.add(name, self.kind.constant_node(value, name), pos)

    def is_constant(self, e: Expr) -> bool:
        """Whether ``e`` is made only of numbers and named constants (``pi``, ``e``)."""
        if isinstance(e, Num):
            return True
        if isinstance(e, Ref):
            return e.name in self.named_constants
        return isinstance(e, Call) and all(self.is_constant(a) for a in e.args)

    def fold(self, e: Expr, target: str, pos: Pos, at: Callable[[int], Pos]) -> Any:
        """A constant expression computed by the kind's engine (errors name ``target``)."""
        if isinstance(e, Num | Ref):
            value = e.value if isinstance(e, Num) else self.named_constants[e.name]
            return self.kind.constant_node(value, "")
        assert isinstance(e, Call)  # is_constant held
        operands = [self.fold(a, target, at(a.col), at) for a in e.args]
        try:
            return self.kind.apply(e.key, operands, e.arg, "", _ROOM)
        except NodeFailure as exc:
            raise GraphError(target, exc.message, pos) from None

    def node(self, e: Expr, target: str, top: bool, stmt_pos: Pos, at: Callable[[int], Pos]) -> Any:
        """The engine node for expression ``e``; ``top`` names it ``target``.

        ``at(col)`` is the file position of column ``col`` of the statement's right-hand side.
        """
        if isinstance(e, Num):
            return self.constant(e.value, e.text, target if top else None, at(e.col))
        if self.is_constant(e):  # `sqrt(2)`, `1/2`, `pi`: one constant node, never asked
            where = stmt_pos if top else at(e.col)
            value = self.kind.data(self.fold(e, target, where, at))
            label = self._const_label(e, value)
            return self.constant(value, label, target if top else None, where)
        if isinstance(e, Ref):
            if top:  # `b = a` : an identity node keeps b a node of its own
                zero = self.constant(0.0, "0", None, stmt_pos)
                return self.apply("+", (self.values[e.name], zero), target, stmt_pos, None)
            return self.values[e.name]
        if not isinstance(e, Call):  # a gradient or a list: the graph-line dialect has neither
            raise GraphError(target, "only numbers, names and operations make a node", stmt_pos)
        operands = tuple(self.node(a, target, False, stmt_pos, at) for a in e.args)
        name = target if top else self.fresh(target)
        return self.apply(e.key, operands, name, at(e.col) if not top else stmt_pos, e.arg)

    def apply(self, key: str, operands: tuple[Any, ...], name: str, pos: Pos, arg: object) -> Any:
        """Run one op; what the engine cannot compute becomes a ``GraphError`` naming the node."""
        try:
            node = self.kind.apply(key, operands, arg, name, _ROOM - self.elements)
        except NodeFailure as exc:
            raise GraphError(name, exc.message, pos) from None
        return self.add(name, node, pos)

    def _const_label(self, e: Expr, value: SupportsFloat) -> str:
        """How a folded constant is shown: ``pi``, ``sqrt(2)`` as written, else its number."""
        if isinstance(e, Ref):
            return e.name
        if isinstance(e, Call) and len(e.args) == 1 and isinstance(e.args[0], Num | Ref):
            operand = e.args[0].text if isinstance(e.args[0], Num) else e.args[0].name
            text = self.kind.formula(e.key, (operand,), e.arg)
            if text.startswith(e.key + "(") and len(text) <= 12:
                return text
        return compact(float(value))  # a constant is one number (a float, or a 0-d array)

    def label_of(self, name: str) -> str:
        """How a node is shown: a repeated constant ``2#2`` as ``2``."""
        return self.labels.get(name, name)


def _gradient_problem(b: _Builder, out: Any) -> GraphError | None:
    """Name the node where the backward pass stopped being finite, if it did.

    ``sqrt(x)`` at x = 0 has a finite value and an infinite slope: the gradient that flows
    through it is infinite (or NaN), and the place to blame is the ``sqrt`` line.
    """
    kind = b.kind
    bad = [
        n for n, v in b.values.items() if (g := kind.grad(v)) is not None and not kind.is_finite(g)
    ]
    if not bad:
        return None
    name_of = {kind.uid(v): name for name, v in b.values.items()}
    used, stack = {b.lesson.output}, [out]
    while stack:
        for child in kind.operands(stack.pop()):
            if name_of[kind.uid(child)] not in used:
                used.add(name_of[kind.uid(child)])
                stack.append(child)
    for name, v in b.values.items():
        if name not in used:
            continue
        for i, child in enumerate(kind.operands(v)):
            operand = b.label_of(name_of[kind.uid(child)])
            where = kind.infinite_slope(v, i, operand)
            if where is not None:
                message = f"infinite local derivative {local_partial(name, operand)} ({where})"
                return GraphError(name, message, b.pos[name])
    return GraphError(b.label_of(bad[0]), "overflow in the gradient", b.pos[bad[0]])


def build(lesson: Lesson, inputs: Mapping[str, Drawn] | None = None) -> Graph[Any]:
    """Build and compute the lesson's graph.

    Args:
        lesson: a loaded lesson.
        inputs: input values to use instead of the lesson's (a quiz variant: numbers, or
            arrays or one number for every element of a tensor input).

    Raises:
        GraphError: a math domain, shape or size problem at these inputs, naming the node.

    """
    try:
        return _build(lesson, kind_of(lesson), inputs or {})
    except GraphError as exc:
        exc.path = lesson.path
        raise


def _build(lesson: Lesson, kind: Kind[Any, Any], inputs: Mapping[str, Any]) -> Graph[Any]:
    """``build`` without the file name on errors."""
    b = _Builder(lesson, kind, inputs)
    for s in lesson.statements:
        b.node(s.expr, s.target, True, s.pos, s.at)
    out = b.values[lesson.output]
    problem = kind.output_problem(out)
    if problem is not None:
        raise GraphError(lesson.output, problem, b.pos[lesson.output])
    kind.backward(out)
    failed = _gradient_problem(b, out)
    if failed is not None:
        raise failed
    name_of = {kind.uid(v): name for name, v in b.values.items()}
    nodes: dict[str, Node[Any]] = {}
    for name, v in b.values.items():
        key = kind.key(v)
        if name in lesson.inputs:
            node_kind = INPUT if kind.has_gradient(v) else LABELS
        else:
            node_kind = CONST if key is None else OP
        operand_names = tuple(name_of[kind.uid(c)] for c in kind.operands(v))
        operand_labels = tuple(b.label_of(c) for c in operand_names)
        value = kind.data(v)
        nodes[name] = Node(
            name=name,
            kind=node_kind,
            key=key,
            op=kind.shown_op(v) if key is not None else ("const" if node_kind == CONST else None),
            inputs=operand_names,
            value=value,
            grad=kind.grad(v),
            local=kind.locals(v),
            symbols=kind.symbols(v, operand_labels, name),
            formula=(
                kind.formula(key, operand_labels, kind.arg(v))
                if key is not None
                else kind.leaf_formula(v, node_kind == LABELS)
            ),
            shape=kind.shape(value),
            has_grad=kind.has_gradient(v),
            pos=b.pos[name],
            arg=kind.arg(v),
            label=b.label_of(name),
            operand_labels=operand_labels,
        )
    for node in nodes.values():
        for child in node.inputs:
            c = nodes[child]
            c.uses[node.name] = c.uses.get(node.name, 0) + 1
    for node in nodes.values():
        node.consumers = tuple(node.uses)
    values_in = {n: nodes[n].value for n in lesson.inputs}
    scale = max((kind.magnitude(n.grad) for n in nodes.values() if n.has_grad), default=1.0)
    tolerance = replace(lesson.tolerance, floor=NOISE * max(1.0, scale))
    graph: Graph[Any] = Graph(
        lesson, nodes, lesson.output, [], values_in, kind, b.values, b.elements, tolerance=tolerance
    )
    no_grad = {n for n, node in nodes.items() if not node.has_grad}
    graph.order = ask_order(graph, asked_names(lesson, graph) - no_grad)
    return graph
