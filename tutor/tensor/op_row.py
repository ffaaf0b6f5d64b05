"""One row of the tensor op table: ``TensorOp``, and the small helpers rows share.

``tutor.tensor.ops`` holds the table's core rows and ``tutor.tensor.more_ops`` the rest;
both build ``TensorOp``s from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from tutor.grammar.dialect import Spelling
from tutor.skills import Skill
from tutor.tensor.shapes import (
    Arrays,
    Names,
    OpArg,
    Shape,
    ShapeFn,
    Shapes,
    element,
    first_index,
)
from tutor.tensor.slips import Slip

__all__ = [
    "DomainFn",
    "SymbolFn",
    "TensorOp",
    "TextsFn",
    "VjpFn",
    "first_bad",
    "same_shape",
    "sigmoid",
    "texts",
]

#: ``vjp(g, out, xs, arg)`` -> this operand's contribution (in the result's shape if broadcast).
VjpFn = Callable[[np.ndarray, np.ndarray, Arrays, OpArg], np.ndarray]
#: ``symbol(names, out, shapes, out_shape, arg)`` -> ``dX += ...``.
SymbolFn = Callable[[Names, str, Shapes, Shape, OpArg], str]
#: ``vjp_texts(shapes, out_shape, arg)`` -> per operand, its VJP as an answer-language text.
TextsFn = Callable[[Shapes, Shape, OpArg], tuple[str | None, ...]]
#: ``domain(xs, arg, names)`` -> a message naming the first element outside the domain.
DomainFn = Callable[[Arrays, OpArg, Names], str | None]


@dataclass(frozen=True, slots=True)
class TensorOp:
    """One tensor primitive: shape rule, forward value, VJP and its symbols per operand."""

    key: str
    """Name in ``TOPS`` (``"matmul"``, ``"+"``, ``"sum"`` ...)."""
    arity: int
    """Number of tensor operands (the least, for an op that takes more: ``most``)."""
    shape: ShapeFn
    """The result's shape, or ``ShapeError``; runs before anything is computed."""
    forward: Callable[[Arrays, OpArg], np.ndarray]
    """``forward(xs, arg)`` -> the result."""
    vjp: tuple[VjpFn | None, ...]
    """Per operand: its vector-Jacobian product (None: the operand gets no gradient)."""
    symbols: tuple[SymbolFn | None, ...]
    """Per operand: the VJP written out, ``dX += dZ @ W.T``."""
    rule: str
    """Rule of thumb, for hints."""
    formula: Callable[[Names, OpArg], str]
    """The operation written with operand names: ``X @ W``, ``sum(A, axis=0)``."""
    domain: DomainFn | None = None
    """A message naming the first element outside the domain, or None."""
    keeps_ints: bool = False
    """Labels in, labels out (``reshape`` and ``transpose`` of labels stay labels)."""
    slips: tuple[Slip, ...] = ()
    """Classic wrong VJPs, by mistake (``tutor.tensor.slips.Slip``)."""
    factor: Callable[[Shape, object], float] | None = None
    """The count this op divides by (a mean's n), for the ``mean_factor`` misconception."""
    skill: Skill = field(kw_only=True)
    """The skill a question about this op's operands practises (``tutor.skills``)."""
    vjp_texts: TextsFn = field(default=lambda s, so, arg: (), kw_only=True)
    """``vjp_texts(shapes, out_shape, arg)`` -> per operand, its VJP as an answer-language
    text over ``a``, ``b``, ``c`` (the operands), ``out`` and ``dout`` (``dout @ b.T``);
    None for an operand that gets no gradient. ``symbols`` is made from these."""
    broadcasts: bool = field(default=False, kw_only=True)
    """Whether the operands broadcast: a VJP text is summed back to its operand's shape."""
    written: tuple[Spelling, ...] = ()
    """How it is written in expressions (the first spelling is how it is printed)."""
    answers_only: bool = False
    """Whether only answers may use it (``ones_like``, ``scatter_add`` ...), not graph lines."""
    labels: tuple[int, ...] = ()
    """The operands that hold labels (whole numbers in a float array are read as labels)."""
    numeric_domain: bool = False
    """Outside its domain the value is inf or nan (``log``, ``/``): an answer computes it and
    is refused as not finite, rather than by the domain's message."""
    most: int = 0
    """Most operands, for an op that joins several (``concat``: its ``vjp`` has one entry
    per operand it may take); 0: exactly ``arity``."""
    shape_advice: str = ""
    """Added to a shape error in an answer: `` (* is elementwise: for a matrix product use @)``."""


def same_shape(shapes: Shapes, ints: tuple[bool, ...], arg: OpArg, names: Names) -> Shape:
    """The shape rule of an elementwise function: its operand's shape."""
    return tuple(shapes[0])


def first_bad(mask: np.ndarray, names: tuple[str, ...], i: int, what: str) -> str | None:
    """``what at X[2, 1]`` for the first true element of ``mask``, else None."""
    if not mask.any():
        return None
    return f"{what} at {element(names[i], first_index(mask))}"


def sigmoid(a: np.ndarray) -> np.ndarray:
    """Numerically stable logistic function."""
    e = np.exp(-np.abs(a))
    result: np.ndarray = np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return result


def texts(*vjps: str | None) -> TextsFn:
    """VJP texts that do not depend on the shapes or the parameter."""
    return lambda shapes, out_shape, arg: vjps
