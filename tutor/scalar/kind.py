"""The scalar kind: lessons whose values are floats, computed by the ``Value`` engine.

It implements ``tutor.kind.Kind`` for ``Value`` nodes and ``float`` values; see that
protocol for what each method means.
"""

from __future__ import annotations

import math
import random
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.kind import (
    BackwardRow,
    Contribution,
    Judgement,
    KindName,
    KindTexts,
    NodeFailure,
    node_fields,
)
from tutor.notation import compact, num, number, partial, precise, record
from tutor.scalar.engine import Value, numeric_grad
from tutor.scalar.ops import OPS

if TYPE_CHECKING:
    from tutor.grammar.dialect import Dialect
    from tutor.grammar.tree import Expr
    from tutor.graph.model import Graph, Node
    from tutor.lesson.model import Tolerance
    from tutor.skills import Skill


def _math_error(key: str, exc: Exception) -> str:
    """Say which math error an operation hit, in words."""
    if isinstance(exc, ZeroDivisionError):
        return "division by zero"
    if isinstance(exc, OverflowError):
        return "overflow (the number is too large)"
    return OPS[key].domain_text(exc)


def _apart(a: float, b: float) -> tuple[str, str]:
    """Two numbers that differ, with enough digits to tell them apart (10 at least)."""
    for digits in range(10, 18):
        shown = number(a, f".{digits}g"), number(b, f".{digits}g")
        if shown[0] != shown[1]:
            return shown
    return repr(a), repr(b)


#: What the scalar kind says of itself.
TEXTS = KindTexts(
    local_column="dC/dV",
    holds_arrays=False,
    answer_hint="your answer, e.g. -2*3, f, 12*cos(36); Enter submits",
    answer_noun="number",
    answer_rules=(
        "Numbers or arithmetic: `-4`, `6.0`, `-2*3`, `12*cos(36)`, `1 - tanh(0.8814)**2`, "
        "`1e-3`. An answer within the lesson's tolerance (0.1% by default) is right."
    ),
    graph_rows=(
        "columns follow micrograd's record: the node (`b = a + a`), its **data** and its "
        "**grad**. `(2 uses)` after a node means it is used twice (by two consumers, or "
        "twice by one, as in `b = a + a`): its gradient sums both uses."
    ),
    names_example="in `L = d * f`, dL/dd is `f`",
)


@dataclass(frozen=True, slots=True)
class ScalarKind:
    """The ``tutor.kind.Kind`` of scalar lessons."""

    @property
    def name(self) -> KindName:
        """``"scalar"``."""
        return "scalar"

    # -- the engine -----------------------------------------------------------------------

    def input_node(self, name: str, given: object, override: object) -> Value:
        """A leaf holding the input's number (or the draw's)."""
        value = override if override is not None else given
        assert isinstance(value, int | float)  # the reader and the draws give numbers here
        return Value(float(value), label=name)

    def constant_node(self, value: object, label: str) -> Value:
        """A constant leaf."""
        assert isinstance(value, int | float)
        return Value(float(value), label=label)

    def apply(
        self, key: str, operands: Sequence[Value], arg: object, label: str, room: int
    ) -> Value:
        """``OPS[key](*operands)``; a math error or a value that is not finite fails."""
        assert arg is None or isinstance(arg, int | float)
        try:
            value = Value.apply(key, *operands, arg=arg, label=label)
        except (ZeroDivisionError, OverflowError, ValueError) as exc:
            raise NodeFailure(_math_error(key, exc)) from None
        if not math.isfinite(value.data):
            raise NodeFailure("overflow (the value is not finite)")
        return value

    def size(self, node: Value) -> int:
        """One number."""
        return 1

    def output_problem(self, out: Value) -> str | None:
        """Any scalar node can be the output."""
        return None

    def backward(self, out: Value) -> None:
        """Micrograd's ``backward``."""
        out.backward()

    def data(self, node: Value) -> float:
        """The node's number."""
        return node.data

    def grad(self, node: Value) -> float:
        """The node's gradient."""
        return node.grad

    def has_gradient(self, node: Value) -> bool:
        """Every scalar node gets a gradient."""
        return True

    def operands(self, node: Value) -> tuple[Value, ...]:
        """The operands, one per use."""
        return node.operands

    def key(self, node: Value) -> str | None:
        """The op-table key (None for a leaf)."""
        return node.row.key if node.row is not None else None

    def arg(self, node: Value) -> float | None:
        """The row's constant parameter."""
        return node.arg

    def uid(self, node: Value) -> int:
        """The engine's id."""
        return node.uid

    def shown_op(self, node: Value) -> str:
        """``*``, ``tanh``, ``**2``."""
        return node._op

    def formula(self, key: str, operands: tuple[str, ...], arg: object) -> str:
        """``a * b``, ``tanh(n)``, ``u3**2``."""
        assert arg is None or isinstance(arg, int | float)
        return OPS[key].formula(operands, arg)

    def leaf_formula(self, node: Value, labels: bool) -> str:
        """A leaf's number."""
        return compact(node.data)

    def symbols(self, node: Value, operands: tuple[str, ...], name: str) -> tuple[str, ...]:
        """The local derivatives, written with the operands' labels."""
        return node.local_symbols(operands, name)

    def locals(self, node: Value) -> tuple[float, ...]:
        """The local derivatives dC/dV, one per operand."""
        return node.local_grads()

    def contribution(self, node: Value, index: int, upstream: float) -> Contribution[float]:
        """``upstream * dC/dV`` for operand ``index`` of ``node`` (C)."""
        local = node.local_grads()[index]
        return Contribution(upstream * local, upstream * local, local)

    def infinite_slope(self, node: Value, index: int, operand: str) -> str | None:
        """``sqrt at a = 0`` when the local derivative for that operand is infinite."""
        local = node.local_grads()[index]
        if math.isfinite(local):
            return None
        row = node.row
        assert row is not None
        return f"{row.label(node.arg)} at {operand} = {compact(node.operands[index].data)}"

    def numeric(self, out: Value, node: Value, h: float) -> float:
        """Central finite difference of ``out`` with respect to ``node``."""
        return numeric_grad(out, node, h)

    def draw(self, given: object, low: float, high: float, rng: random.Random) -> float:
        """A number from ``[low, high]``: a whole one for whole bounds, else two places."""
        if isinstance(low, int) and isinstance(high, int):
            return float(rng.randint(low, high))
        return min(max(round(rng.uniform(low, high), 2), low), high)

    def redraw(self, given: object, value: float, rng: random.Random) -> tuple[float, str]:
        """The number moved by a random relative amount (from 0: up to 1 either way)."""
        v = float(value)
        x = rng.uniform(-1.0, 1.0) if v == 0 else v * rng.uniform(0.6, 1.4)
        x = float(f"{x:.3g}")
        return x, compact(x)

    def random_like(self, value: float, size: float, rng: random.Random) -> float:
        """A number of either sign, between half and twice ``size``."""
        return float(f"{rng.choice((-1, 1)) * rng.uniform(0.5, 2.0) * size:.3g}")

    def magnitude(self, value: float) -> float:
        """``|g|``."""
        return abs(float(value))

    def inner(self, a: float, b: float) -> float:
        """``a * b``."""
        return float(a) * float(b)

    def gate_skill(self, key: str) -> Skill:
        """The skill a gate practises (its op row's ``skill``)."""
        return OPS[key].skill

    def broadcasts(self, key: str) -> bool:
        """Whether the op stretches its operands to a common shape."""
        return False

    def is_unit(self, value: float) -> bool:
        """Whether a gradient is 1 or -1 (everywhere): multiplying by it is no chain step."""
        return value in (1.0, -1.0)

    # -- teaching texts (``tutor.scalar.teaching``) ------------------------------------------------

    def generated_tiers(
        self, graph: Graph[float], name: str, known: Mapping[str, float]
    ) -> dict[str, tuple[str, str]]:
        """The hint tiers written from the graph: tier -> (title, text)."""
        from tutor.scalar import teaching

        return teaching.generated_tiers(graph, name, known)

    def mistake_lines(self, graph: Graph[float], name: str) -> list[str]:
        """What a hint about a repeated mistake adds, in symbols (no number)."""
        from tutor.scalar import teaching

        return teaching.mistake_lines(graph, name)

    def reveal(self, graph: Graph[float], name: str) -> str:
        """The answer with its whole derivation."""
        from tutor.scalar import teaching

        return teaching.reveal(graph, name)

    def numeric_check(self, graph: Graph[float], name: str) -> str:
        """The finite-difference check of a node's gradient, in words."""
        from tutor.scalar import teaching

        return teaching.numeric_check(graph, name)

    def backward_rows(self, graph: Graph[float], name: str) -> list[BackwardRow]:
        """The Deep Learning book's backward-table rows of one node."""
        from tutor.scalar import teaching

        return teaching.backward_rows(graph, name)

    # -- values ---------------------------------------------------------------------------

    def shape(self, value: float) -> tuple[int, ...]:
        """A number has no dimensions."""
        return ()

    def is_finite(self, value: float) -> bool:
        """``math.isfinite``."""
        return math.isfinite(value)

    def close(self, got: float, want: float, tol: Tolerance) -> bool:
        """The lesson's tolerance."""
        return tol.close(got, want)

    # -- answers --------------------------------------------------------------------------

    def read_answer(
        self,
        text: str,
        values: Mapping[str, float],
        known: Mapping[str, float],
        no_gradient: Container[str] = frozenset(),
    ) -> float:
        """An answer in the scalar answer dialect (``tutor.scalar.answers``)."""
        from tutor.scalar.answers import read_answer

        return read_answer(text, values, known)

    def answer_refs(
        self, text: str, nodes: Container[str]
    ) -> tuple[frozenset[str], frozenset[str]]:
        """The nodes whose values and gradients the answer names (``tutor.scalar.answers``)."""
        from tutor.scalar.answers import refs

        return refs(text, nodes)

    def chain_form(self, graph: Graph[float], name: str) -> str:
        """``do * (1 - o**2)``: each use's upstream gradient times its local derivative."""
        from tutor.scalar import teaching

        return teaching.chain_form(graph, name)

    def evaluate(self, expr: Expr, values: Mapping[str, float]) -> float:
        """The expression's number (``tutor.scalar.evaluate``)."""
        from tutor.scalar.evaluate import evaluate

        return evaluate(expr, values.get)

    def disagreement(
        self, name: str, written: str, value: float, grad: float, tol: Tolerance
    ) -> str | None:
        """``expected grad of 'x' = 3, but the engine computes 2 (tolerance: ...)``."""
        if tol.close(value, grad):
            return None
        shown, computed = _apart(value, grad)
        if written.strip() != shown:
            shown = f"{written} = {shown}"
        return (
            f"expected grad of {name!r} = {shown}, but the engine computes {computed} "
            f"(tolerance: abs {precise(tol.abs)}, rel {precise(tol.rel)})"
        )

    def judge(self, dv: str, name: str, want: float, got: float, tol: Tolerance) -> Judgement:
        """``Correct: dL/de = -2.`` within the tolerance; a wrong number needs no words here."""
        if math.isfinite(got) and tol.close(got, want):
            return Judgement(True, f"Correct: {dv} = {num(want)}.")
        return Judgement(False, "")

    def quote(self, value: float) -> str:
        """``-2``, ``0.7071``."""
        return num(value)

    def show(self, value: float) -> str:
        """``-2.0000``."""
        return num(value)

    def show_record(self, value: float) -> str:
        """``%.4f`` (``%.4e`` for huge values)."""
        return record(value)

    def show_brief(self, value: float) -> str:
        """``%.4f``, as in a record."""
        return record(value)

    def show_cell(self, text: str, value: object) -> str:
        """The row's text, as written (``-0.1280 * 12 = -1.5356``)."""
        return text

    def json_value(self, value: float) -> float:
        """The number itself."""
        return value

    def node_json(self, node: Node[float]) -> dict[str, object]:
        """name, label, op, inputs, value, grad (``tutor.kind.node_fields``)."""
        return node_fields(node, self.json_value)

    def dumps(self, data: dict[str, object]) -> str:
        """``json.dumps(data, indent=2)``."""
        import json

        return json.dumps(data, indent=2)

    @property
    def texts(self) -> KindTexts:
        """``TEXTS``: a local derivative, numbers."""
        return TEXTS

    def table_note(self, output: str) -> str:
        """The backward table's caption."""
        return f"G = {partial(output, 'V')}, summed over consumers C"

    @property
    def answer_dialect(self) -> Dialect:
        """The scalar answer dialect."""
        from tutor.scalar.dialects import ANSWERS

        return ANSWERS


#: The one scalar kind.
SCALAR = ScalarKind()
