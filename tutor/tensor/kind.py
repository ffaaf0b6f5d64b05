"""The tensor kind: lessons whose values are NumPy arrays, computed by the ``Tensor`` engine.

It implements ``tutor.kind.Kind`` for ``Tensor`` nodes and array values; see that protocol
for what each method means. Labels (integer inputs) get no gradient and are never asked.
"""

from __future__ import annotations

import math
import random
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy as np

from tutor.kind import BackwardRow, Contribution, Judgement, KindName, NodeFailure
from tutor.notation import compact, shape_text
from tutor.tensor.arrays import drawn_array
from tutor.tensor.engine import SizeError, Tensor
from tutor.tensor.kind_display import TensorDisplay
from tutor.tensor.limits import MAX_ELEMENTS, MAX_LESSON_ELEMENTS
from tutor.tensor.numeric import numeric_grad
from tutor.tensor.ops import TOPS, element, first_index, unbroadcast
from tutor.tensor.shapes import OpArg

if TYPE_CHECKING:
    from tutor.grammar.tree import Expr
    from tutor.graph.model import Graph
    from tutor.lesson.model import Tolerance
    from tutor.lesson.tensor_inputs import TensorInput
    from tutor.skills import Skill

#: A tensor node's value.
Array = np.ndarray


@dataclass(frozen=True, slots=True)
class TensorKind(TensorDisplay):
    """The ``tutor.kind.Kind`` of tensor lessons (how it shows values: ``TensorDisplay``)."""

    @property
    def name(self) -> KindName:
        """``"tensor"``."""
        return "tensor"

    # -- the engine -----------------------------------------------------------------------

    def input_node(self, name: str, given: object, override: object) -> Tensor:
        """A leaf holding the input's array: labels for ``{labels: ...}`` inputs."""
        spec = cast("TensorInput | float", given)  # the reader gives numbers or TensorInputs
        array = drawn_array(spec, override)
        labels = not isinstance(spec, int | float) and spec.is_labels
        return (Tensor.labels if labels else Tensor)(array, label=name)

    def constant_node(self, value: object, label: str) -> Tensor:
        """A constant leaf (a 0-d tensor for a number)."""
        return Tensor(np.asarray(value, dtype=np.float64), label=label)

    def apply(
        self, key: str, operands: Sequence[Tensor], arg: object, label: str, room: int
    ) -> Tensor:
        """``TOPS[key](*operands)``: shape, size, domain and overflow problems fail."""
        op_arg: OpArg = arg
        try:
            with np.errstate(all="ignore"):  # overflow is reported here, as a failure
                value = Tensor.apply(
                    key, *operands, arg=op_arg, label=label, max_size=min(MAX_ELEMENTS, room)
                )
            value.check_finite()
        except SizeError as exc:
            limit = (
                f"at most {MAX_ELEMENTS:,} per tensor"
                if room >= MAX_ELEMENTS
                else f"the lesson would hold over {MAX_LESSON_ELEMENTS:,} elements in all"
            )
            shape, size = shape_text(exc.shape), math.prod(exc.shape)
            formula = TOPS[key].formula(tuple(o.label for o in operands), op_arg)
            raise NodeFailure(
                f"{formula} would have shape {shape}: {size:,} elements ({limit})"
            ) from None
        except (ValueError, TypeError, OverflowError) as exc:  # ShapeError, DomainError ...
            raise NodeFailure(str(exc)) from None
        return value

    def size(self, node: Tensor) -> int:
        """Elements of the array."""
        return int(node.data.size)

    def output_problem(self, out: Tensor) -> str | None:
        """The output is a scalar loss that depends on some number."""
        if out.data.shape:
            return (
                f"the output must be a scalar (a loss), but it has shape "
                f"{shape_text(out.data.shape)}: take its sum or mean"
            )
        if not out.requires_grad:
            return "the output does not depend on any number"
        return None

    def backward(self, out: Tensor) -> None:
        """The engine's ``backward``."""
        out.backward()

    def data(self, node: Tensor) -> Array:
        """The node's array."""
        return node.data

    def grad(self, node: Tensor) -> Array:
        """The node's gradient (zeros for labels, which get none)."""
        return node.grad if node.grad is not None else np.zeros(node.data.shape)

    def has_gradient(self, node: Tensor) -> bool:
        """Labels and what is computed from labels alone get no gradient."""
        return node.requires_grad

    def operands(self, node: Tensor) -> tuple[Tensor, ...]:
        """The operands, one per use."""
        return node.operands

    def key(self, node: Tensor) -> str | None:
        """The op-table key (None for a leaf)."""
        return node.row.key if node.row is not None else None

    def arg(self, node: Tensor) -> OpArg:
        """The row's constant argument."""
        return node.arg

    def uid(self, node: Tensor) -> int:
        """The engine's id."""
        return node.uid

    def shown_op(self, node: Tensor) -> str:
        """``@``, ``sum``, ``T``, ``**2``."""
        return node._op

    def formula(self, key: str, operands: tuple[str, ...], arg: object) -> str:
        """``X @ W``, ``sum(A, axis=0)``."""
        op_arg: OpArg = arg
        return TOPS[key].formula(operands, op_arg)

    def leaf_formula(self, node: Tensor, labels: bool) -> str:
        """A leaf's number, or what it is and its shape: ``tensor (3, 2)``, ``labels (32,)``."""
        if not node.data.shape:
            return compact(float(node.data))
        return f"{'labels' if labels else 'tensor'} {shape_text(node.data.shape)}"

    def symbols(self, node: Tensor, operands: tuple[str, ...], name: str) -> tuple[str, ...]:
        """Each operand's VJP written out (``dX += dZ @ W.T``; "" when it gets none)."""
        return tuple(node.vjp_symbol(i, operands, name) for i in range(len(node.operands)))

    def locals(self, node: Tensor) -> tuple[float, ...]:
        """None: a Jacobian is not a number."""
        return ()

    def contribution(self, node: Tensor, index: int, upstream: Array) -> Contribution[Array]:
        """Operand ``index``'s VJP of ``node`` for ``upstream``, summed back to its shape."""
        row = node.row
        assert row is not None
        vjp = row.vjp[index]
        assert vjp is not None
        xs = tuple(np.asarray(c.data) for c in node.operands)
        with np.errstate(all="ignore"):
            raw = np.asarray(vjp(upstream, node.data, xs, node.arg), dtype=np.float64)
        raw = np.broadcast_to(raw, np.broadcast_shapes(raw.shape, xs[index].shape))
        value = unbroadcast(np.array(raw), xs[index].shape)
        return Contribution(value, np.array(raw), None)

    def infinite_slope(self, node: Tensor, index: int, operand: str) -> str | None:
        """``sqrt at a[0, 1] = 0`` where the VJP of a finite upstream is not finite."""
        row = node.row
        if row is None or row.vjp[index] is None or not node.requires_grad:
            return None
        child = node.operands[index]
        if not child.requires_grad:
            return None
        term = self.contribution(node, index, np.ones(node.data.shape)).value
        if np.isfinite(term).all():
            return None
        at = first_index(~np.isfinite(term))
        value = child.data[at] if at else child.data
        return f"{node._op} at {element(operand, at)} = {compact(float(value))}"

    def numeric(self, out: Tensor, node: Tensor, h: float) -> Array:
        """Central finite differences of ``out`` for every element of ``node``."""
        return numeric_grad(out, node, h)

    def draw(self, given: object, low: float, high: float, rng: random.Random) -> Array:
        """Every element of a tensor input from ``[low, high]`` (``tutor.tensor.arrays.draw``)."""
        from tutor.tensor.arrays import draw

        return draw(cast("TensorInput", given), low, high, rng.getrandbits(64))

    def redraw(self, given: object, value: Array, rng: random.Random) -> tuple[object, str] | None:
        """Another seed (``randn``, ``uniform``); written values moved; labels stay (None)."""
        from tutor.tensor.arrays import redraw

        return redraw(cast("TensorInput", given), value, rng.getrandbits(64))

    def random_like(self, value: Array, size: float, rng: random.Random) -> Array:
        """Standard normal entries of ``value``'s shape, times ``size``."""
        noise = np.random.default_rng(rng.getrandbits(64)).standard_normal(np.shape(value))
        return np.asarray(noise * size)

    def magnitude(self, value: Array) -> float:
        """The largest entry, ``max |g|`` (0 for an empty array)."""
        array = np.asarray(value, dtype=np.float64)
        return float(np.max(np.abs(array))) if array.size else 0.0

    def inner(self, a: Array, b: Array) -> float:
        """``sum(a * b)`` over every entry (same shapes)."""
        return float(np.sum(np.asarray(a, dtype=np.float64) * np.asarray(b, dtype=np.float64)))

    def gate_skill(self, key: str) -> Skill:
        """The skill a gate practises (its op row's ``skill``)."""
        return TOPS[key].skill

    def broadcasts(self, key: str) -> bool:
        """Whether the op stretches its operands to a common shape."""
        return TOPS[key].broadcasts

    def is_unit(self, value: Array) -> bool:
        """Whether a gradient is 1 or -1 (everywhere): multiplying by it is no chain step."""
        return bool(np.all(np.abs(value) == 1.0))

    # -- teaching texts (``tutor.tensor.teaching``) ------------------------------------------------

    def generated_tiers(
        self, graph: Graph[Array], name: str, known: Mapping[str, Array]
    ) -> dict[str, tuple[str, str]]:
        """The hint tiers written from the graph: tier -> (title, text)."""
        from tutor.tensor import teaching

        return teaching.generated_tiers(graph, name, known)

    def mistake_lines(self, graph: Graph[Array], name: str) -> list[str]:
        """What a hint about a repeated mistake adds, in symbols (no number)."""
        from tutor.tensor import teaching

        return teaching.mistake_lines(graph, name)

    def reveal(self, graph: Graph[Array], name: str) -> str:
        """The answer with its whole derivation."""
        from tutor.tensor import teaching

        return teaching.reveal(graph, name)

    def numeric_check(self, graph: Graph[Array], name: str) -> str:
        """The finite-difference check of a node's gradient, in words."""
        from tutor.tensor import teaching

        return teaching.numeric_check(graph, name)

    def backward_rows(self, graph: Graph[Array], name: str) -> list[BackwardRow]:
        """The Deep Learning book's backward-table rows of one node."""
        from tutor.tensor import teaching

        return teaching.backward_rows(graph, name)

    # -- values ---------------------------------------------------------------------------

    def shape(self, value: Array) -> tuple[int, ...]:
        """The array's shape."""
        return tuple(np.shape(value))

    def is_finite(self, value: Array) -> bool:
        """Every element finite."""
        return bool(np.isfinite(value).all())

    def answer_refs(
        self, text: str, nodes: Container[str]
    ) -> tuple[frozenset[str], frozenset[str]]:
        """The nodes whose values and gradients the answer names (``tutor.tensor.answers``)."""
        from tutor.tensor.answers import refs

        return refs(text, nodes)

    def chain_form(self, graph: Graph[Array], name: str) -> str:
        """``dZ @ W.T + ...``: the terms' VJPs added up (``tutor.tensor.teaching``)."""
        from tutor.tensor import teaching

        return teaching.answer_text(graph, name)

    def evaluate(self, expr: Expr, values: Mapping[str, Array]) -> Array:
        """The expression's array (``tutor.tensor.evaluate``), as floats."""
        from tutor.tensor.evaluate import TensorEnv
        from tutor.tensor.evaluate import evaluate as tensor_evaluate

        env = TensorEnv({name: np.asarray(v) for name, v in values.items()})
        return np.asarray(tensor_evaluate(expr, env)).astype(np.float64)

    def disagreement(
        self, name: str, written: str, value: Array, grad: Array, tol: Tolerance
    ) -> str | None:
        """The gradient's shape (a single number stands for every element), then each element."""
        from tutor.tensor.compare import disagreement

        return disagreement(name, value, grad, tol)

    def judge(self, dv: str, name: str, want: Array, got: Array, tol: Tolerance) -> Judgement:
        """The shape first, then the values elementwise, as backprop-ninja's ``cmp``."""
        from tutor.tensor.compare import judge

        return judge(dv, name, want, got, tol)

    def close(self, got: Array, want: Array, tol: Tolerance) -> bool:
        """Same shape, and every element within the tolerance of the largest entry's size."""
        if np.shape(got) != np.shape(want):
            return False
        bound = tol.bound(self.magnitude(want))
        return bool(np.all(np.abs(np.asarray(got) - want) <= bound))

    # -- answers --------------------------------------------------------------------------

    def read_answer(
        self,
        text: str,
        values: Mapping[str, Array],
        known: Mapping[str, Array],
        no_gradient: Container[str] = frozenset(),
    ) -> Array:
        """An answer in the tensor answer dialect (``tutor.tensor.answers``): an array."""
        from tutor.tensor.answers import read_answer

        found = {n: np.asarray(v, dtype=np.float64) for n, v in known.items()}
        return read_answer(text, values, found, no_gradient)


#: The one tensor kind.
TENSOR = TensorKind()
