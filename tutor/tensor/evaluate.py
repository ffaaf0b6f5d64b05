"""Evaluating a tensor expression with NumPy: lesson lines, ``expected`` values and answers.

Each operation's result shape is worked out first by the op table's shape rule and
checked against ``MAX_ELEMENTS`` before anything is allocated; then the operands are
checked against the op's domain, and only then is anything computed. Every problem is a
``ParseError`` with the column of the operation.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field

import numpy as np

from tutor.grammar.dialect import CONSTANTS
from tutor.grammar.errors import ParseError
from tutor.grammar.tree import Call, Expr, Grad, Lit, Num, Ref, found_gradient
from tutor.notation import shape_text
from tutor.safe_text import quote
from tutor.tensor.limits import MAX_ELEMENTS
from tutor.tensor.ops import TOPS, ShapeError, element, first_index

__all__ = ["TensorEnv", "as_float", "evaluate"]


def _unknown(name: str) -> str:
    return f"unknown name {quote(name)}"


@dataclass(frozen=True, slots=True)
class TensorEnv:
    """What an expression's names mean, and how strict the evaluation is."""

    values: Mapping[str, np.ndarray]
    """Node name -> value (labels hold integers)."""
    gradients: Mapping[str, np.ndarray] | None = None
    """Node name -> the gradient found so far (None: no gradient may be named)."""
    labels: Container[str] = frozenset()
    """Nodes with no gradient (``dYb`` is refused with a reason)."""
    strict: bool = True
    """Refuse every operand outside an op's domain by its message; when False, an op whose
    domain is numeric (``log``, ``/``) computes inf or nan (``as_float`` refuses them)."""
    unknown: Callable[[str], str] = field(default=_unknown)
    """The message for a name that is neither a node nor a constant."""


def evaluate(expr: Expr, env: TensorEnv) -> np.ndarray:
    """The expression's value (float64; integers where an op keeps labels).

    Raises:
        ParseError: an unknown name, a gradient not found yet, shapes that do not fit, a
            result too large, an operand outside an op's domain; with its column.

    """
    with np.errstate(all="ignore"):
        return _Evaluator(env).value(expr)


def as_float(value: np.ndarray, what: str = "the answer") -> np.ndarray:
    """``value`` as a float64 array of finite numbers.

    Raises:
        ParseError: it is not a number, or has entries that are inf or nan.

    """
    out = np.asarray(value)
    if out.dtype.kind not in "fiub":
        raise ParseError(f"{what} is not a number or an array of numbers")
    out = out.astype(np.float64)
    if not np.isfinite(out).all():
        raise ParseError(f"{what} has entries that are not finite (inf or nan)")
    return out


class _Evaluator:
    def __init__(self, env: TensorEnv) -> None:
        self.env = env

    def value(self, e: Expr) -> np.ndarray:
        if isinstance(e, Num):
            return np.asarray(e.value, dtype=np.float64)
        if isinstance(e, Ref):
            return self.ref(e)
        if isinstance(e, Grad):
            return self.gradient(e)
        if isinstance(e, Lit):
            try:
                return np.array(e.value, dtype=np.float64)
            except ValueError:
                raise ParseError("a literal list must be rectangular", e.col) from None
        return self.call(e)

    def ref(self, e: Ref) -> np.ndarray:
        values = self.env.values
        if e.name in values:
            return np.asarray(values[e.name])
        if e.name in CONSTANTS:
            return np.asarray(CONSTANTS[e.name], dtype=np.float64)
        raise ParseError(self.env.unknown(e.name), e.col)

    def gradient(self, e: Grad) -> np.ndarray:
        env = self.env
        return np.asarray(found_gradient(e, env.values, env.gradients, env.labels), np.float64)

    def call(self, e: Call) -> np.ndarray:
        fn = TOPS[e.key]
        xs = [self.value(a) for a in e.args]
        names = tuple(_describe(a) for a in e.args)
        for i in fn.labels:
            xs[i] = _as_labels(xs[i], names[i], e.col)
        ints = tuple(x.dtype.kind in "iu" for x in xs)
        try:
            shape = fn.shape(tuple(x.shape for x in xs), ints, e.arg, names)
        except ShapeError as exc:
            raise ParseError(str(exc) + fn.shape_advice, e.col) from None
        if math.prod(shape) > MAX_ELEMENTS:
            raise ParseError(
                f"the result would have shape {shape_text(shape)}: over {MAX_ELEMENTS:,} elements",
                e.col,
            )
        operands = tuple(xs)
        if fn.domain is not None and (self.env.strict or not fn.numeric_domain):
            bad = fn.domain(operands, e.arg, names)
            if bad is not None:
                raise ParseError(bad, e.col)
        data = np.asarray(fn.forward(operands, e.arg))
        if not (fn.keeps_ints and ints[:1] == (True,)) and data.dtype.kind != "f":
            data = data.astype(np.float64)
        if self.env.strict and data.dtype.kind == "f" and not np.isfinite(data).all():
            at = element("the result", first_index(~np.isfinite(data)))
            raise ParseError(f"overflow: {fn.formula(names, e.arg)} is too large at {at}", e.col)
        return data


def _describe(e: Expr) -> str:
    if isinstance(e, Ref):
        return e.name
    if isinstance(e, Grad):
        return e.text or f"grad({e.name})"
    return "operand"


def _as_labels(x: np.ndarray, name: str, col: int) -> np.ndarray:
    if x.dtype.kind in "iu":
        return x
    if x.size and not np.all(np.equal(np.mod(x, 1), 0)):
        raise ParseError(f"{name} must hold whole numbers (labels)", col)
    return x.astype(np.int64)
