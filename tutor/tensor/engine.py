"""A tensor autograd engine on NumPy ``float64``, with the scalar engine's shape of code.

``Tensor`` is ``Value`` for arrays: ``.data`` (an ndarray), ``.grad`` (same shape),
``.label``, ``._op``, ``._prev`` (a tuple with one entry per use) and an iterative,
idempotent ``backward()``. Every primitive is one row of ``tutor.tensor.ops.TOPS``;
``Tensor.apply`` is the one place a node gets its op. Ids come from a counter, so a graph
sorts the same on every run. The engine knows nothing of the scalar one (an import-linter
contract keeps them independent): a plain number is a 0-d ``Tensor``.

Labels (``Tensor.labels([...])``) hold integers, get no gradient, and index ``pick``,
``take`` and ``onehot``. The operators and NumPy-style methods (``a @ b``, ``t.sum(0)``)
are in ``tutor.tensor.methods``; central differences in ``tutor.tensor.numeric``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, TypeAlias

import numpy as np

from tutor.notation import compact, shape_text
from tutor.tensor.methods import TensorMethods
from tutor.tensor.op_row import TensorOp
from tutor.tensor.ops import TOPS
from tutor.tensor.shapes import DomainError, OpArg, element, first_index, unbroadcast

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["Operand", "SizeError", "Tensor", "onehot", "pick", "take"]


class SizeError(ValueError):
    """A result larger than the caller's limit (found before it is allocated)."""

    def __init__(self, message: str, shape: tuple[int, ...]) -> None:
        super().__init__(message)
        self.shape = shape


#: What an op takes: a node, or a plain number or array (lifted to a constant Tensor).
Operand: TypeAlias = "Tensor | ArrayLike"

_ids = itertools.count()


class Tensor(TensorMethods):
    """A NumPy array in a computation graph, with its gradient.

    Attributes:
        data: the value, a ``float64`` ndarray (``int64`` for labels).
        grad: d(output)/d(this) after ``backward()``, same shape (None for labels).
        label: a name for display.
        requires_grad: False for labels and for constants built only from labels.
        _op: the operation that made this tensor, as shown (``@``, ``sum``, ``**2``).
        _prev: the operands, a tuple in operand order with one entry per use.

    """

    __slots__ = ("data", "grad", "label", "requires_grad", "_op", "_prev", "_fn", "_arg", "_id")
    __array_ufunc__ = None  # numpy defers to our reflected operators: 2.0 * t is a Tensor

    def __init__(self, data: ArrayLike, label: str = "") -> None:
        self.data = np.array(data, dtype=np.float64)
        self.grad: np.ndarray | None = np.zeros_like(self.data)
        self.label = label
        self.requires_grad = True
        self._op = ""
        self._prev: tuple[Tensor, ...] = ()
        self._fn: TensorOp | None = None
        self._arg: OpArg = None
        self._id = next(_ids)

    # -- construction ---------------------------------------------------------------

    @classmethod
    def labels(cls, data: ArrayLike, label: str = "") -> Tensor:
        """Integer labels or indices: no gradient, never asked."""
        out = cls.__new__(cls)
        array = np.array(data)
        if array.size and array.dtype.kind not in "iu":
            if not np.all(np.equal(np.mod(array, 1), 0)):
                raise TypeError("labels must be integers")
        out.data = array.astype(np.int64)
        out.grad = None
        out.label = label
        out.requires_grad = False
        out._op, out._prev, out._fn, out._arg = "", (), None, None
        out._id = next(_ids)
        return out

    @staticmethod
    def lift(x: Operand) -> Tensor:
        """A Tensor as is; a plain number or array as a constant Tensor."""
        return x if isinstance(x, Tensor) else Tensor(x)

    @classmethod
    def apply(
        cls,
        key: str,
        *operands: Operand,
        arg: OpArg = None,
        label: str = "",
        max_size: int | None = None,
    ) -> Tensor:
        """Make the node ``TOPS[key](*operands)``: the one place a node gets its op.

        The result's shape is worked out first (``ShapeError`` names both shapes), then
        checked against ``max_size`` (``SizeError``), then the operands are checked
        against the op's domain (``DomainError`` names the element), and only then is
        anything computed. As in NumPy, a result too large for a float is ``inf``;
        ``check_finite`` reports it (the lesson builder calls it after every op).
        """
        fn = TOPS[key]
        ops = tuple(x if isinstance(x, Tensor) else Tensor(x) for x in operands)
        if not fn.arity <= len(ops) <= max(fn.arity, fn.most):
            raise TypeError(f"{key!r} takes {fn.arity} operand(s), got {len(ops)}")
        names = tuple([o.label or "operand" for o in ops])
        xs = tuple([o.data for o in ops])
        ints_in = tuple([x.dtype.kind in "iu" for x in xs])
        out_shape = fn.shape(tuple([x.shape for x in xs]), ints_in, arg, names)
        if max_size is not None and math.prod(out_shape) > max_size:
            raise SizeError(
                f"{fn.formula(names, arg)} would have shape {shape_text(out_shape)}: "
                f"{math.prod(out_shape):,} elements, over the limit of {max_size:,}",
                out_shape,
            )
        if fn.domain is not None:
            bad = fn.domain(xs, arg, names)
            if bad is not None:
                raise DomainError(bad)
        data = np.asarray(fn.forward(xs, arg))
        ints = fn.keeps_ints and ints_in[0]
        if data.dtype != (np.int64 if ints else np.float64):
            data = data.astype(np.int64 if ints else np.float64)
        out = cls.__new__(cls)
        out.data = data
        out.grad = None
        out.label = label
        needs = False
        if not ints:
            for vjp, o in zip(fn.vjp[: len(ops)], ops, strict=True):
                if vjp is not None and o.requires_grad:
                    needs = True
                    break
        out.requires_grad = needs
        out._op = _SHOWN.get(fn.key) or _shown(fn, arg)
        out._prev = ops
        out._fn = fn
        out._arg = arg
        out._id = next(_ids)
        return out

    def check_finite(self) -> None:
        """Raise ``OverflowError`` naming the first element that is not finite."""
        data = self.data
        if data.dtype.kind == "f" and not np.isfinite(data).all():
            at = first_index(~np.isfinite(data))
            names = tuple(c.label or "operand" for c in self._prev)
            what = self._fn.formula(names, self._arg) if self._fn else "the value"
            raise OverflowError(
                f"overflow: {what} is too large at {element(self.label or 'the result', at)}"
            )

    def _apply(self, key: str, *others: Operand, arg: OpArg = None) -> Tensor:
        """``Tensor.apply(key, self, *others)``: how ``tutor.tensor.methods`` makes a node."""
        return Tensor.apply(key, self, *others, arg=arg)

    def _applied_to(self, key: str, other: Operand) -> Tensor:
        """``Tensor.apply(key, other, self)``: a reflected operator (``2 - t``)."""
        return Tensor.apply(key, other, self)

    @property
    def shape(self) -> tuple[int, ...]:
        """The array's shape."""
        return self.data.shape

    # -- public accessors (no module outside the engine reads the slots) -----------------

    @property
    def operands(self) -> tuple[Tensor, ...]:
        """The operands, in operand order, one entry per use."""
        return self._prev

    @property
    def row(self) -> TensorOp | None:
        """The op-table row that made this tensor (None for a leaf)."""
        return self._fn

    @property
    def arg(self) -> OpArg:
        """The row's constant argument (an axis, ``(axis, keepdims)``, a shape ...)."""
        return self._arg

    @property
    def uid(self) -> int:
        """An id from a counter: the same on every run, unique in the process."""
        return self._id

    # -- the VJP of one operand, for tables -------------------------------------------------

    def contribution(self, i: int) -> np.ndarray:
        """The VJP of operand ``i`` (unbroadcast to its shape) from ``self.grad``."""
        fn = self._fn
        vjp = fn.vjp[i] if fn is not None else None
        if vjp is None or self.grad is None:
            raise ValueError("no gradient flows to that operand")
        xs = tuple(c.data for c in self._prev)
        with np.errstate(all="ignore"):
            g = vjp(self.grad, self.data, xs, self._arg)
        return unbroadcast(np.asarray(g, dtype=np.float64), xs[i].shape)

    def vjp_symbol(self, i: int, names: Sequence[str] | None = None, out: str | None = None) -> str:
        """Operand ``i``'s VJP written out: ``dX += dZ @ W.T`` ("" when it gets none)."""
        fn = self._fn
        symbol = fn.symbols[i] if fn is not None else None
        if symbol is None:
            return ""
        names = tuple(names) if names is not None else tuple(c.label or "x" for c in self._prev)
        shapes = tuple(c.data.shape for c in self._prev)
        return symbol(names, out or self.label or "z", shapes, self.shape, self._arg)

    # -- graph traversal ----------------------------------------------------------------------

    def topo(self) -> list[Tensor]:
        """Every node this tensor depends on, operands before their consumers (iterative)."""
        order: list[Tensor] = []
        seen: set[int] = {self._id}
        stack: list[tuple[Tensor, Iterator[Tensor]]] = [(self, iter(self._prev))]
        while stack:
            node, operands = stack[-1]
            for child in operands:
                if child._id not in seen:
                    seen.add(child._id)
                    stack.append((child, iter(child._prev)))
                    break
            else:
                stack.pop()
                order.append(node)
        return order

    def _backward(self) -> None:
        """Add this node's VJP to each operand's gradient (one per use)."""
        fn = self._fn
        g = self.grad
        if fn is None or g is None:
            return
        prev = self._prev
        xs = tuple([c.data for c in prev])
        for i, child in enumerate(prev):
            vjp = fn.vjp[i]
            if vjp is None:
                continue
            if child.requires_grad:
                child.grad += unbroadcast(vjp(g, self.data, xs, self._arg), xs[i].shape)

    def backward(self) -> None:
        """Fill ``grad`` of every node this depends on; calling it twice is harmless.

        The output's gradient starts as ones (a scalar loss's ``dL/dL = 1``).
        """
        topo = self.topo()
        for node in topo:
            node.grad = np.zeros(node.data.shape) if node.requires_grad else None
        if not self.requires_grad:
            return
        self.grad = np.ones(self.data.shape)
        with np.errstate(all="ignore"):  # infinities are reported by the caller, not warned
            for node in reversed(topo):
                if node.requires_grad and node._fn is not None:
                    node._backward()

    def recompute(self) -> None:
        """Recompute ``data`` from the operands (the numeric check)."""
        if self._fn is not None:
            with np.errstate(all="ignore"):
                data = np.asarray(self._fn.forward(tuple(c.data for c in self._prev), self._arg))
            self.data = data.astype(self.data.dtype, copy=False)

    # -- display --------------------------------------------------------------------------------

    def __repr__(self) -> str:
        name = f"{self.label}, " if self.label else ""
        return f"Tensor({name}shape={self.data.shape})"

    def __float__(self) -> float:
        raise TypeError(
            "a Tensor is not a float: put the Tensor first (t * v) or use Tensor.lift(v)"
        )

    __hash__ = object.__hash__


#: How ops are shown in graphs, where it is not their key (``powc`` shows its exponent).
_SHOWN = {k: k for k in TOPS if k != "powc"} | {
    "matmul": "@",
    "transpose": "T",
    "pow": "**",
    "neg": "-",
}


def _shown(fn: TensorOp, arg: OpArg) -> str:
    """The op as shown in graphs: ``@``, ``sum``, ``**2``, ``T``."""
    return _SHOWN.get(fn.key) or f"**{compact(arg)}"


# -- the label ops -----------------------------------------------------------------------------


def pick(p: Tensor, y: Tensor, label: str = "") -> Tensor:
    """``p[range(n), y]``: one entry per row, chosen by the labels ``y``."""
    return Tensor.apply("pick", p, y, label=label)


def onehot(y: Tensor, k: int, label: str = "") -> Tensor:
    """The constant ``(..., k)`` matrix with a 1 at each label."""
    return Tensor.apply("onehot", y, arg=int(k), label=label)


def take(c: Tensor, idx: Tensor, label: str = "") -> Tensor:
    """Embedding lookup ``c[idx]``; its gradient scatter-adds (repeated indices accumulate)."""
    return Tensor.apply("take", c, idx, label=label)
