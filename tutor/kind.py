"""What differs between scalar and tensor lessons: the ``Kind`` protocol.

A lesson's graph is built by one builder (``tutor.graph.build``); the lesson's reader has
decided whether it is a scalar or a tensor lesson (``Lesson.kind``), and the graph keeps
that decision as ``Graph.kind``. Everything that differs between the two is asked of the
kind, never of a value's type: its engine (how a leaf, a constant and an operation are
made, and what a node holds), how a value is shown and compared, and how one use of a node
contributes to its gradient. ``tutor.scalar.kind.SCALAR`` and ``tutor.tensor.kind.TENSOR``
are the two implementations (``tutor.lesson.kinds.kind_named`` finds one by its name,
importing the tensor kind, and NumPy, only for tensor lessons). Nothing here imports NumPy.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Literal, Protocol, TypeVar

from tutor.kind_texts import KindTexts as KindTexts  # re-exported: the kinds build theirs

if TYPE_CHECKING:
    import random

    from tutor.grammar.dialect import Dialect
    from tutor.grammar.tree import Expr
    from tutor.graph.model import Graph, Node
    from tutor.lesson.model import Tolerance
    from tutor.skills import Skill

#: The name of a kind: data (JSON, a catalogue row's predictor), never a branch.
KindName = Literal["scalar", "tensor"]

#: A node's value: a float (scalar lessons) or a NumPy array (tensor lessons).
V = TypeVar("V")
#: An engine node: ``tutor.scalar.engine.Value`` or ``tutor.tensor.engine.Tensor``.
N = TypeVar("N")


class NodeFailure(Exception):
    """An operation that cannot be computed at these values; ``message`` says why in words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Contribution(Generic[V]):
    """What one use of node V by consumer C adds to V's gradient (a term of the chain rule)."""

    value: V
    """The term, in V's shape."""
    raw: V
    """The term before it is summed back over the axes a broadcast stretched (= ``value``
    when nothing was broadcast; always for scalars)."""
    local: float | None
    """dC/dV for this use (scalar lessons); None for tensors (a Jacobian is not a number)."""


@dataclass(frozen=True, slots=True)
class BackwardRow:
    """One row of the Deep Learning book's backward table: node V and one consumer C."""

    V: str
    """The node whose gradient is computed."""
    C: str
    """The consumer of V (``-`` for the output's own row)."""
    op: str
    """C's operation written out: ``sin(u4)``, ``u3**2``, ``X @ W``."""
    dCdV: str
    """dC/dV in symbols (scalar; a consumer using V twice: the uses' derivatives summed), or
    the VJP written out (tensor: ``dW += X.T @ dZ``)."""
    inputs: str
    """C's inputs with their values (``u1 = 4, u2 = 2``) or shapes (``X (4, 3)``)."""
    contribution: str
    """The term: ``-0.1280 * 12 = -1.5356``, or its shape (tensor)."""
    G: str
    """V's total gradient (a tensor's: in full when small, else its shape and norm)."""
    contribution_value: object
    """The term's value: a float, or an array (None for the output's own row)."""
    G_value: object
    """V's total gradient (a float, or an array)."""


@dataclass(frozen=True, slots=True)
class Judgement:
    """An answer against the right gradient, in the kind's words (``tutor.teach.grading``)."""

    correct: bool
    """Within the lesson's tolerance (and the right shape)."""
    text: str
    """``Correct: ...`` when correct; otherwise how it differs, or "" (a scalar just differs)."""
    shape: tuple[int, ...] | None = None
    """The answer's shape (None in a scalar lesson)."""
    maxdiff: float | None = None
    """The largest difference from the gradient (None: scalar, or the shapes differ)."""


def node_fields(node: Node[V], value: Callable[[V], object]) -> dict[str, object]:
    """One node of ``solve --json``, either kind: name, label, op, inputs, value, grad.

    ``value`` writes a value as plain JSON data (the kind's ``json_value``); ``grad`` is
    None where no gradient flows (labels).
    """
    return {
        "name": node.name,
        "label": node.label,
        "op": node.op,
        "inputs": list(node.inputs),
        "value": value(node.value),
        "grad": value(node.grad) if node.has_grad else None,
    }


class Kind(Protocol[N, V]):
    """One kind of lesson: scalar (floats, the ``Value`` engine) or tensor (NumPy arrays)."""

    @property
    def name(self) -> KindName:
        """``"scalar"`` or ``"tensor"``."""
        ...

    # -- the engine -----------------------------------------------------------------------

    def input_node(self, name: str, given: object, override: object) -> N:
        """The leaf for input ``name`` as the lesson gives it (or ``override``: a draw)."""
        ...

    def constant_node(self, value: object, label: str) -> N:
        """A constant leaf (a number written in a statement)."""
        ...

    def apply(self, key: str, operands: Sequence[N], arg: object, label: str, room: int) -> N:
        """The node ``key(*operands)``; ``NodeFailure`` when it cannot be computed.

        ``room`` is how many more elements the lesson may hold.
        """
        ...

    def size(self, node: N) -> int:
        """Elements the node holds (1 for a scalar)."""
        ...

    def output_problem(self, out: N) -> str | None:
        """Why ``out`` cannot be a lesson's output (None: it can)."""
        ...

    def backward(self, out: N) -> None:
        """Fill every node's gradient, starting from d(out)/d(out) = 1."""
        ...

    def data(self, node: N) -> V:
        """The node's value."""
        ...

    def grad(self, node: N) -> V:
        """The node's gradient (zeros where none reaches, as for labels)."""
        ...

    def has_gradient(self, node: N) -> bool:
        """Whether a gradient flows to the node (labels and what comes of them alone: no)."""
        ...

    def operands(self, node: N) -> tuple[N, ...]:
        """The node's operands, one per use."""
        ...

    def key(self, node: N) -> str | None:
        """The op-table key of the node's operation (None for a leaf)."""
        ...

    def arg(self, node: N) -> object:
        """The node's constant argument (an exponent, an axis ...)."""
        ...

    def uid(self, node: N) -> int:
        """The node's id (the same on every run)."""
        ...

    def shown_op(self, node: N) -> str:
        """How the node's operation is shown in graphs: ``*``, ``tanh``, ``**2``, ``@``."""
        ...

    def formula(self, key: str, operands: tuple[str, ...], arg: object) -> str:
        """The operation written with its operands: ``a * b``, ``X @ W``, ``sum(A, axis=0)``."""
        ...

    def leaf_formula(self, node: N, labels: bool) -> str:
        """How a leaf reads where an operation would: its number, or ``tensor (3, 2)``."""
        ...

    def symbols(self, node: N, operands: tuple[str, ...], name: str) -> tuple[str, ...]:
        """Per operand: its local derivative (scalar) or its VJP (tensor), written out."""
        ...

    def locals(self, node: N) -> tuple[float, ...]:
        """The local derivatives dC/dV, one per operand (empty for tensors)."""
        ...

    def contribution(self, node: N, index: int, upstream: V) -> Contribution[V]:
        """What operand ``index`` of ``node`` (C) gets from C's gradient ``upstream``."""
        ...

    def infinite_slope(self, node: N, index: int, operand: str) -> str | None:
        """Where ``node``'s local derivative for an operand is infinite (``sqrt at a = 0``)."""
        ...

    def numeric(self, out: N, node: N, h: float) -> V:
        """Central finite differences of ``out`` with respect to ``node``."""
        ...

    def draw(self, given: object, low: float, high: float, rng: random.Random) -> V:
        """A quiz draw for an input from its ``randomize`` range ``[low, high]``."""
        ...

    def redraw(self, given: object, value: V, rng: random.Random) -> tuple[object, str] | None:
        """Another draw of an input with no ``randomize`` range, for the formula check.

        Returns the drawn input (what ``input_node`` takes as ``override``) and how it is
        shown (``x = 1.3``'s ``1.3``; a tensor input's new seed), or None: it stays (labels).
        """
        ...

    def random_like(self, value: V, size: float, rng: random.Random) -> V:
        """A random value of ``value``'s shape with entries about ``size`` (an upstream)."""
        ...

    def magnitude(self, value: V) -> float:
        """A gradient's own size: ``|g|``; a tensor's largest entry ``max |g|``."""
        ...

    def inner(self, a: V, b: V) -> float:
        """``Σ a·b`` over the entries (a nudge's predicted change: Σ grad·Δ)."""
        ...

    def gate_skill(self, key: str) -> Skill:
        """The skill a gate practises (its op row's ``skill``)."""
        ...

    def broadcasts(self, key: str) -> bool:
        """Whether the op stretches its operands to a common shape."""
        ...

    def is_unit(self, value: V) -> bool:
        """Whether a gradient is 1 or -1 (everywhere): multiplying by it is no chain step."""
        ...

    # -- teaching texts -------------------------------------------------------------------

    def generated_tiers(
        self, graph: Graph[V], name: str, known: Mapping[str, V]
    ) -> dict[str, tuple[str, str]]:
        """The hint tiers written from the graph: tier -> (title, text)."""
        ...

    def mistake_lines(self, graph: Graph[V], name: str) -> list[str]:
        """What a hint about a repeated mistake adds, in symbols (no number)."""
        ...

    def reveal(self, graph: Graph[V], name: str) -> str:
        """The answer with its whole derivation."""
        ...

    def numeric_check(self, graph: Graph[V], name: str) -> str:
        """The finite-difference check of a node's gradient, in words."""
        ...

    def backward_rows(self, graph: Graph[V], name: str) -> list[BackwardRow]:
        """The Deep Learning book's backward-table rows of one node."""
        ...

    # -- values ---------------------------------------------------------------------------

    def shape(self, value: V) -> tuple[int, ...]:
        """The value's shape: ``()`` for a scalar."""
        ...

    def is_finite(self, value: V) -> bool:
        """Whether every element is finite."""
        ...

    def close(self, got: V, want: V, tol: Tolerance) -> bool:
        """Whether ``got`` is within the tolerance of ``want`` (elementwise, shapes equal)."""
        ...

    # -- answers --------------------------------------------------------------------------

    def read_answer(
        self,
        text: str,
        values: Mapping[str, V],
        known: Mapping[str, V],
        no_gradient: Container[str] = frozenset(),
    ) -> V:
        """The value of an answer (stripped, not empty) in this kind's answer dialect.

        ``values``: every node's value by name; ``known``: the gradients the learner has
        found (usable as ``dX`` and ``grad(X)``); ``no_gradient``: nodes that have none
        (labels). Raises ``tutor.grammar.errors.ParseError``, saying why in one line.
        """
        ...

    def answer_refs(
        self, text: str, nodes: Container[str]
    ) -> tuple[frozenset[str], frozenset[str]]:
        """The node values and the gradients a readable answer names: ``(values, gradients)``.

        Both empty: the answer is a plain number, which cannot be checked as a formula.
        """
        ...

    def chain_form(self, graph: Graph[V], name: str) -> str:
        """The gradient in the answer language: the chain rule's terms added up."""
        ...

    def evaluate(self, expr: Expr, values: Mapping[str, V]) -> V:
        """An expression of the answer dialect over node values (an ``expected`` answer).

        Raises ``tutor.grammar.errors.ParseError`` (an unknown name, a math, shape or size
        problem) with its column.
        """
        ...

    def disagreement(
        self, name: str, written: str, value: V, grad: V, tol: Tolerance
    ) -> str | None:
        """How an author's ``expected`` answer for ``name`` disagrees with the gradient."""
        ...

    def judge(self, dv: str, name: str, want: V, got: V, tol: Tolerance) -> Judgement:
        """Compare an answer for ``dv`` (node ``name``) with the gradient ``want``."""
        ...

    def quote(self, value: V) -> str | None:
        """A found gradient quoted in a sentence (``-2``); None where it cannot be (arrays)."""
        ...

    def show(self, value: V) -> str:
        """A value in brief, for tables and messages: ``-2.0000``; ``(30, 64) ‖·‖ 1.2``."""
        ...

    def show_record(self, value: V) -> str:
        """A value in a picture's record: ``%.4f`` (huge: ``%.4e``); a tensor's norm.

        A tensor's norm comes first, then its first entries, a line each (split on newlines).
        """
        ...

    def show_brief(self, value: V) -> str:
        """A value in the graph view's box, one short line: ``-2.0000``; ``‖·‖ 1.234``."""
        ...

    def show_cell(self, text: str, value: object) -> str:
        """A backward-table cell on screen: ``text``, or an array's shape and first entry.

        ``(4, 2) [-0.9556 …]`` for an array (``(32, 27) 32 nonzero`` when the first entry is
        0); a scalar's ``text`` as written; None: ``text``.
        """
        ...

    def json_value(self, value: V) -> object:
        """A value as plain JSON data: a number, or nested lists."""
        ...

    def node_json(self, node: Node[V]) -> dict[str, object]:
        """One node of ``solve --json``: name, label, op, inputs, value, grad (and shape)."""
        ...

    def dumps(self, data: dict[str, object]) -> str:
        """``solve --json``'s text (a tensor lesson's arrays one per line)."""
        ...

    @property
    def texts(self) -> KindTexts:
        """What the kind says of itself: the table's column, the answer box, the help."""
        ...

    def table_note(self, output: str) -> str:
        """The backward table's caption."""
        ...

    @property
    def answer_dialect(self) -> Dialect:
        """What an answer may say (the help screen lists its functions)."""
        ...
