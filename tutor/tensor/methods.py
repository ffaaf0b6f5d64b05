"""A Tensor's NumPy-style API: operators and methods, each one row of ``TOPS``.

``a @ b``, ``x + 1``, ``t.T``, ``t.sum(axis=0, keepdims=True)``, ``t.tanh()`` as in the
lecture's code (micrograd's API for arrays). Each is a line that hands its op key to
``Tensor.apply`` (through ``_apply``, operands in order, or ``_applied_to``, this tensor
second: ``2 - t``); the engine (``tutor.tensor.engine``) does the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from tutor.tensor.engine import Operand, Tensor
    from tutor.tensor.shapes import OpArg


class TensorMethods:
    """The operators and methods of ``tutor.tensor.engine.Tensor``."""

    __slots__ = ()

    if TYPE_CHECKING:  # defined by Tensor

        def _apply(self, key: str, *others: Operand, arg: OpArg = None) -> Tensor: ...
        def _applied_to(self, key: str, other: Operand) -> Tensor: ...

    # -- arithmetic -----------------------------------------------------------------------

    def __add__(self, other: Operand) -> Tensor:
        return self._apply("+", other)

    def __radd__(self, other: Operand) -> Tensor:
        return self._applied_to("+", other)

    def __sub__(self, other: Operand) -> Tensor:
        return self._apply("-", other)

    def __rsub__(self, other: Operand) -> Tensor:
        return self._applied_to("-", other)

    def __mul__(self, other: Operand) -> Tensor:
        return self._apply("*", other)

    def __rmul__(self, other: Operand) -> Tensor:
        return self._applied_to("*", other)

    def __truediv__(self, other: Operand) -> Tensor:
        return self._apply("/", other)

    def __rtruediv__(self, other: Operand) -> Tensor:
        return self._applied_to("/", other)

    def __matmul__(self, other: Operand) -> Tensor:
        return self._apply("matmul", other)

    def __rmatmul__(self, other: Operand) -> Tensor:
        return self._applied_to("matmul", other)

    def __neg__(self) -> Tensor:
        return self._apply("neg")

    def __abs__(self) -> Tensor:
        return self._apply("abs")

    def __pow__(self, other: Tensor | float) -> Tensor:
        if isinstance(other, TensorMethods):
            return self._apply("pow", other)
        return self._apply("powc", arg=float(other))

    def __rpow__(self, other: Operand) -> Tensor:
        return self._applied_to("pow", other)

    # -- elementwise functions --------------------------------------------------------------

    def exp(self) -> Tensor:
        """Elementwise exp."""
        return self._apply("exp")

    def log(self) -> Tensor:
        """Elementwise log."""
        return self._apply("log")

    def sqrt(self) -> Tensor:
        """Elementwise sqrt."""
        return self._apply("sqrt")

    def tanh(self) -> Tensor:
        """Elementwise tanh."""
        return self._apply("tanh")

    def sigmoid(self) -> Tensor:
        """Elementwise sigmoid."""
        return self._apply("sigmoid")

    def relu(self) -> Tensor:
        """Elementwise relu."""
        return self._apply("relu")

    def sin(self) -> Tensor:
        """Elementwise sin."""
        return self._apply("sin")

    def cos(self) -> Tensor:
        """Elementwise cos."""
        return self._apply("cos")

    def abs(self) -> Tensor:
        """Elementwise abs."""
        return self._apply("abs")

    # -- shape ------------------------------------------------------------------------------

    @property
    def T(self) -> Tensor:  # noqa: N802 (NumPy's spelling)
        """The transpose of a 2-D tensor."""
        return self._apply("transpose")

    def transpose(self) -> Tensor:
        """The transpose of a 2-D tensor."""
        return self._apply("transpose")

    def reshape(self, *shape: int | Sequence[int]) -> Tensor:
        """The same numbers in another shape (one -1 allowed)."""
        dims = tuple(shape[0]) if len(shape) == 1 and not isinstance(shape[0], int) else shape
        # mypy cannot narrow the tuple of unions: the else branch holds plain ints
        ints = cast("tuple[int, ...]", dims)
        return self._apply("reshape", arg=tuple(int(d) for d in ints))

    # -- reductions and friends -------------------------------------------------------------

    def sum(self, axis: int | None = None, keepdims: bool = False) -> Tensor:
        """Sum over ``axis`` (every element when None)."""
        return self._apply("sum", arg=(axis, keepdims))

    def mean(self, axis: int | None = None, keepdims: bool = False) -> Tensor:
        """Mean over ``axis`` (every element when None)."""
        return self._apply("mean", arg=(axis, keepdims))

    def max(self, axis: int | None = None, keepdims: bool = False) -> Tensor:
        """Maximum over ``axis``; its gradient goes to the first maximum."""
        return self._apply("max", arg=(axis, keepdims))

    def softmax(self, axis: int = -1) -> Tensor:
        """Softmax along ``axis`` (fused and stable)."""
        return self._apply("softmax", arg=axis)

    def log_softmax(self, axis: int = -1) -> Tensor:
        """Log-softmax along ``axis`` (fused and stable)."""
        return self._apply("log_softmax", arg=axis)
