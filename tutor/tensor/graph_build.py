"""The built graph of a tensor lesson: ``tutor.graph.build``'s structure with arrays in it.

``build_tensor`` does for a lesson with tensor inputs what ``tutor.graph.build`` does for a
scalar one: it runs each statement through the tensor engine (``tutor.tensor.engine``), naming
intermediates and constants the same way, runs backward, and returns a ``TensorGraph``
whose nodes hold NumPy arrays as ``value`` and ``grad``. Every shape, domain and size
problem becomes a ``GraphError`` at the statement's line and column, found before the
offending tensor is allocated.

Labels inputs (kind ``labels``) and nodes computed from labels alone (``onehot(y, k)``)
get no gradient (``grad`` is None) and are never asked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from tutor.grammar import expr as ex
from tutor.graph.model import (
    CONST,
    INPUT,
    OP,
    Graph,
    GraphError,
    Node,
    NodeKind,
    ask_order,
    asked_names,
    fresh_name,
)
from tutor.lesson.model import Lesson
from tutor.lesson.yamlpos import Pos
from tutor.scalar.ops import fmt
from tutor.tensor.engine import SizeError, Tensor, numeric_grad
from tutor.tensor.inputs import MAX_ELEMENTS, MAX_LESSON_ELEMENTS, TensorInput
from tutor.tensor.kind import TENSOR
from tutor.tensor.ops import TOPS, shape_text
from tutor.tensor.shapes import OpArg

#: Kind of a labels input: integers with no gradient, never asked.
LABELS = NodeKind.LABELS


@dataclass(slots=True)
class TensorNode(Node):
    """A node of a tensor lesson: ``value`` and ``grad`` are arrays (``grad`` None: no gradient).

    ``symbols`` holds, per operand, the VJP written out (``dX += dZ @ W.T``), "" for an
    operand that gets no gradient; ``local`` is empty (a Jacobian is not a number).
    """

    tensor: ClassVar[bool] = True

    if TYPE_CHECKING:  # the same fields, holding arrays (Node's scalar readers never see these)
        value: np.ndarray  # type: ignore[assignment]
        grad: np.ndarray | None  # type: ignore[assignment]
        arg: OpArg = None

    @property
    def shape(self) -> tuple[int, ...]:
        """The value's shape (``()`` for a scalar)."""
        return tuple(np.shape(self.value))

    @property
    def formula(self) -> str:
        """The operation with operand names: ``X @ W``, ``sum(A, axis=0)``; leaves: the value."""
        if self.key is None:
            if not self.shape:
                return fmt(float(self.value))
            return f"{'labels' if self.kind == LABELS else 'tensor'} {shape_text(self.shape)}"
        return TOPS[self.key].formula(self.inputs, self.arg)


@dataclass(slots=True)
class TensorGraph(Graph):
    """A tensor lesson's graph, fully computed (``values`` holds the engine's ``Tensor``s)."""

    tensor: ClassVar[bool] = True

    if TYPE_CHECKING:  # the same fields, holding arrays and Tensors
        nodes: dict[str, TensorNode]  # type: ignore[assignment]
        inputs: dict[str, np.ndarray]  # type: ignore[assignment]
        values: dict[str, Tensor]  # type: ignore[assignment]

    elements: int = 0
    """Elements held by all nodes together (at most ``MAX_LESSON_ELEMENTS``)."""
    specs: dict[str, Any] = field(default_factory=dict, repr=False)
    """How each input was given (a ``TensorInput`` or a number)."""

    def numeric(self, name: str, h: float = 1e-3) -> np.ndarray:  # type: ignore[override]
        """Central finite differences of the output for every element of node ``name``."""
        return numeric_grad(self.values[self.output], self.values[name], h)


def is_tensor_lesson(lesson: Lesson) -> bool:
    """Whether a lesson has a tensor input (and so is built by ``build_tensor``)."""
    return any(isinstance(v, TensorInput) for v in lesson.inputs.values())


def input_array(spec: Any, override: Any = None) -> np.ndarray:
    """An input's array: from its ``TensorInput``, or from ``override``.

    ``override`` is a draw, or one number for every element (``check`` tries the corners
    of ``randomize`` ranges that way).
    """
    labels = isinstance(spec, TensorInput) and spec.is_labels
    dtype = np.int64 if labels else np.float64
    if isinstance(override, TensorInput):  # the lesson's own input, passed through
        spec, override = override, None
    if override is None:
        return spec.array() if isinstance(spec, TensorInput) else np.array(spec, dtype=dtype)
    array = np.asarray(override, dtype=dtype)
    if isinstance(spec, TensorInput) and array.shape != spec.shape:
        array = np.broadcast_to(array, spec.shape).copy()
    return array


class _Builder:
    """Builds engine tensors from statements, naming intermediates and constants."""

    def __init__(self, lesson: Lesson, overrides: dict[str, Any]) -> None:
        self.lesson = lesson
        self.taken = set(lesson.inputs) | {s.target for s in lesson.statements}
        self.values: dict[str, Tensor] = {}
        self.pos: dict[str, Pos] = {}
        self.counters: dict[str, int] = {}
        self.consts: dict[str, int] = {}
        self.elements = 0
        for name, spec in lesson.inputs.items():
            array = input_array(spec, overrides.get(name))
            labels = isinstance(spec, TensorInput) and spec.is_labels
            self.values[name] = (Tensor.labels if labels else Tensor)(array, label=name)
            self.pos[name] = lesson.pos("inputs", name)
            self.elements += array.size

    def fresh(self, base: str) -> str:
        """A generated name ``base_k`` that no lesson name uses."""
        return fresh_name(base, self.counters, lambda n: n in self.taken or n in self.values)

    def const(self, num: ex.Num) -> str:
        """A name for a constant: its text, with ``#k`` for repeats."""
        k = self.consts.get(num.text, 0) + 1
        self.consts[num.text] = k
        return num.text if k == 1 else f"{num.text}#{k}"

    def node(self, e: ex.Expr, target: str, top: bool, stmt_pos: Pos, at: Pos) -> Tensor:
        """The tensor for expression ``e``; ``top`` names it ``target``."""
        if isinstance(e, ex.Ref):
            if top:  # `b = a`: an identity node keeps b a node of its own
                zero = self.node(ex.Num(0.0, "0", 0), "", False, at, at)
                return self.apply("+", (self.values[e.name], zero), target, stmt_pos, None)
            return self.values[e.name]
        if isinstance(e, ex.Num):
            name = target if top else self.const(e)
            value = Tensor(e.value, label=name)
            self.values[name] = value
            self.pos[name] = at.shifted(e.col)
            self.elements += 1
            return value
        operands = tuple(self.node(a, target, False, stmt_pos, at) for a in e.args)
        name = target if top else self.fresh(target)
        return self.apply(e.key, operands, name, stmt_pos if top else at.shifted(e.col), e.arg)

    def apply(
        self, key: str, operands: tuple[Tensor, ...], name: str, pos: Pos, arg: OpArg
    ) -> Tensor:
        """Run one op; shape, size, domain and overflow problems become a ``GraphError``."""
        room = MAX_LESSON_ELEMENTS - self.elements
        try:
            with np.errstate(all="ignore"):  # overflow is reported here, as an error
                value = Tensor.apply(
                    key, *operands, arg=arg, label=name, max_size=min(MAX_ELEMENTS, room)
                )
            value.check_finite()
        except SizeError as exc:
            limit = (
                f"at most {MAX_ELEMENTS:,} per tensor"
                if room >= MAX_ELEMENTS
                else f"the lesson would hold over {MAX_LESSON_ELEMENTS:,} elements in all"
            )
            shape, size = shape_text(exc.shape), math.prod(exc.shape)
            message = f"{TOPS[key].formula(tuple(o.label for o in operands), arg)} would have "
            raise GraphError(
                name, f"{message}shape {shape}: {size:,} elements ({limit})", pos
            ) from None
        except (ValueError, TypeError, OverflowError) as exc:  # ShapeError, DomainError ...
            raise GraphError(name, str(exc), pos) from None
        self.values[name] = value
        self.pos[name] = pos
        self.elements += value.data.size
        return value


def build_tensor(lesson: Lesson, inputs: dict[str, Any] | None = None) -> TensorGraph:
    """Build and compute a tensor lesson's graph.

    Args:
        lesson: a loaded lesson with at least one tensor input.
        inputs: input values to use instead of the lesson's (arrays, or one number for
            every element of an input).

    Raises:
        GraphError: a shape, domain or size problem, naming the node and its place.

    """
    try:
        return _build(lesson, dict(inputs or {}))
    except GraphError as exc:
        exc.path = lesson.path
        raise


def _build(lesson: Lesson, overrides: dict[str, Any]) -> TensorGraph:
    b = _Builder(lesson, overrides)
    for s in lesson.statements:
        b.node(s.expr, s.target, True, s.pos, s.expr_pos)
    out = b.values[lesson.output]
    if out.data.shape:
        raise GraphError(
            lesson.output,
            f"the output must be a scalar (a loss), but it has shape {shape_text(out.data.shape)}"
            ": take its sum or mean",
            b.pos[lesson.output],
        )
    if not out.requires_grad:
        raise GraphError(
            lesson.output, "the output does not depend on any number", b.pos[lesson.output]
        )
    out.backward()
    for name, v in b.values.items():
        if v.grad is not None and not np.isfinite(v.grad).all():
            raise GraphError(name, "overflow in the gradient", b.pos[name])
    label_of = {v._id: name for name, v in b.values.items()}
    nodes: dict[str, TensorNode] = {}
    for name, v in b.values.items():
        spec = lesson.inputs.get(name)
        if name in lesson.inputs:
            kind = LABELS if isinstance(spec, TensorInput) and spec.is_labels else INPUT
        else:
            kind = CONST if v._fn is None else OP
        operand_names = tuple(label_of[c._id] for c in v._prev)
        symbols = tuple(v.vjp_symbol(i, operand_names, name) for i in range(len(v._prev)))
        nodes[name] = TensorNode(
            name=name,
            kind=kind,
            key=v._fn.key if v._fn else None,
            op=v._op if v._fn else ("const" if kind == CONST else None),
            inputs=operand_names,
            value=v.data,
            grad=v.grad,
            local=(),
            symbols=symbols,
            pos=b.pos[name],
            arg=v._arg,
        )
    for node in nodes.values():
        for child in node.inputs:
            c = nodes[child]
            c.uses[node.name] = c.uses.get(node.name, 0) + 1
    for node in nodes.values():
        node.consumers = tuple(node.uses)
    values_in = {n: b.values[n].data for n in lesson.inputs}
    graph = TensorGraph(
        lesson,
        nodes,
        lesson.output,
        [],
        values_in,
        b.values,
        kind=TENSOR,
        elements=b.elements,
        specs=dict(lesson.inputs),
    )
    no_grad = {n for n, v in b.values.items() if not v.requires_grad}
    graph.order = ask_order(graph, asked_names(lesson, graph) - no_grad)
    return graph


def norm(x: Any) -> float:
    """The Frobenius norm of an array (the absolute value of a scalar)."""
    return float(math.sqrt(float(np.sum(np.square(np.asarray(x, dtype=np.float64))))))
