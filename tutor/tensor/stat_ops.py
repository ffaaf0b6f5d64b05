"""Rows of the tensor op table for GPT-2 and CS231n layers: erf, maximum, minimum, var, std.

- ``erf`` (GELU's exact form): d erf(x)/dx = 2/sqrt(pi) * exp(-x**2).
- ``maximum(a, b)`` and ``minimum(a, b)``, elementwise and broadcasting: the gradient goes
  to the operand chosen; at a tie each gets half (as PyTorch has it).
- ``var(x, axis=, ddof=, keepdims=)`` and ``std(...)``: NumPy's ``ddof`` (0 by default;
  PyTorch's ``correction``), over one axis or all of them.
- ``eq`` (``a == b``): a comparison as a 0/1 mask, like ``>`` (no gradient).

``tutor.tensor.ops`` adds them to ``TOPS``; their spellings are in ``tutor.tensor.writing``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from tutor.notation import literal
from tutor.skills import Skill
from tutor.tensor.op_row import TensorOp, texts
from tutor.tensor.op_row import same_shape as _same
from tutor.tensor.shaped_ops import _count, _expand, _expand_text, _reduce_shape
from tutor.tensor.shapes import Arrays, Names, OpArg, Shape, ShapeError, Shapes, broadcast_shape

__all__ = ["STAT_ROWS"]

_erf = np.vectorize(math.erf, otypes=[np.float64])
#: 2 / sqrt(pi): erf's slope at 0.
_TWO_OVER_ROOT_PI = 2.0 / math.sqrt(math.pi)


def _erf_forward(xs: Arrays, arg: OpArg) -> np.ndarray:
    result: np.ndarray = _erf(xs[0]) if xs[0].size else np.zeros(xs[0].shape)
    return result


def _erf_vjp(g: np.ndarray, o: np.ndarray, xs: Arrays, arg: OpArg) -> np.ndarray:
    result: np.ndarray = g * _TWO_OVER_ROOT_PI * np.exp(-xs[0] * xs[0])
    return result


# -- maximum and minimum -----------------------------------------------------------------------


def _chosen(i: int, larger: bool) -> Callable[[np.ndarray, np.ndarray, Arrays, OpArg], np.ndarray]:
    """Operand ``i``'s VJP: the whole gradient where it is chosen, half at a tie."""

    def vjp(g: np.ndarray, o: np.ndarray, xs: Arrays, arg: OpArg) -> np.ndarray:
        mine, other = xs[i], xs[1 - i]
        wins = mine > other if larger else mine < other
        result: np.ndarray = g * wins + g * (mine == other) / 2
        return result

    return vjp


def _extreme(key: str, larger: bool) -> TensorOp:
    symbol = ">" if larger else "<"
    word = "larger" if larger else "smaller"
    return TensorOp(
        key,
        2,
        lambda shapes, ints, arg, names: broadcast_shape(shapes, key),
        lambda xs, arg: (np.maximum if larger else np.minimum)(xs[0], xs[1]),
        (_chosen(0, larger), _chosen(1, larger)),
        (),
        f"{key}(a, b) passes the gradient to the {word} operand, element by element (half "
        "to each at a tie); a broadcast operand sums it back",
        lambda n, arg: f"{key}({n[0]}, {n[1]})",
        skill=Skill.RELU,
        vjp_texts=texts(
            f"dout * (a {symbol} b) + dout * (a == b) / 2",
            f"dout * (b {symbol} a) + dout * (a == b) / 2",
        ),
        broadcasts=True,
    )


# -- var and std -------------------------------------------------------------------------------


def _stat_shape(key: str) -> Callable[[Shapes, tuple[bool, ...], OpArg, Names], Shape]:
    reduce = _reduce_shape(key)

    def shape(shapes: Shapes, ints: tuple[bool, ...], arg: OpArg, names: Names) -> Shape:
        axis, ddof, keepdims = arg
        out = reduce(shapes, ints, (axis, keepdims), names)
        n = _count(tuple(shapes[0]), axis)
        if not float(ddof).is_integer() or ddof < 0:
            raise ShapeError(f"{key}({names[0]}): ddof must be a whole number, 0 or more")
        if n - ddof < 1:
            raise ShapeError(
                f"{key}({names[0]}) of {n} element(s) with ddof={literal(float(ddof))}: "
                "nothing is left to divide by"
            )
        return out

    return shape


def _centred(a: np.ndarray, axis: int | None) -> np.ndarray:
    result: np.ndarray = a - np.mean(a, axis=axis, keepdims=True)
    return result


def _var_forward(xs: Arrays, arg: OpArg) -> np.ndarray:
    axis, ddof, keepdims = arg
    result: np.ndarray = np.var(xs[0], axis=axis, ddof=float(ddof), keepdims=keepdims)
    return result


def _std_forward(xs: Arrays, arg: OpArg) -> np.ndarray:
    axis, ddof, keepdims = arg
    result: np.ndarray = np.std(xs[0], axis=axis, ddof=float(ddof), keepdims=keepdims)
    return result


def _divisor(shape: Shape, arg: OpArg) -> float:
    axis, ddof, keepdims = arg
    return float(_count(shape, axis) - ddof)


def _var_vjp(g: np.ndarray, o: np.ndarray, xs: Arrays, arg: OpArg) -> np.ndarray:
    axis, ddof, keepdims = arg
    a = xs[0]
    up = _expand(g, a.shape, axis, keepdims)
    result: np.ndarray = 2.0 * _centred(a, axis) * up / _divisor(a.shape, arg)
    return result


def _std_vjp(g: np.ndarray, o: np.ndarray, xs: Arrays, arg: OpArg) -> np.ndarray:
    axis, ddof, keepdims = arg
    a = xs[0]
    up = _expand(g, a.shape, axis, keepdims)
    out = _expand(o, a.shape, axis, keepdims)
    result: np.ndarray = _centred(a, axis) * up / (_divisor(a.shape, arg) * out)
    return result


def _mean_text(ndim: int, axis: int | None) -> str:
    return "mean(a)" if axis is None or ndim == 0 else f"mean(a, axis={axis}, keepdims=True)"


def _var_texts(s: Shapes, so: Shape, arg: OpArg) -> tuple[str | None, ...]:
    """``2 * (a - mean(a, axis=1, keepdims=True)) * dout[:, None] / 4``."""
    axis, ddof, keepdims = arg
    n = len(s[0])
    g = _expand_text("dout", n, axis, keepdims)
    k = literal(_divisor(tuple(s[0]), arg))
    return (f"2 * (a - {_mean_text(n, axis)}) * {g} / {k}",)


def _std_texts(s: Shapes, so: Shape, arg: OpArg) -> tuple[str | None, ...]:
    """``(a - mean(a, axis=1, keepdims=True)) * dout[:, None] / (4 * out[:, None])``."""
    axis, ddof, keepdims = arg
    n = len(s[0])
    g = _expand_text("dout", n, axis, keepdims)
    out = _expand_text("out", n, axis, keepdims)
    k = literal(_divisor(tuple(s[0]), arg))
    return (f"(a - {_mean_text(n, axis)}) * {g} / ({k} * {out})",)


def _stat_formula(key: str) -> Callable[[Names, OpArg], str]:
    def formula(n: Names, arg: OpArg) -> str:
        axis, ddof, keepdims = arg
        extra = "" if axis is None else f", axis={axis}"
        extra += f", ddof={literal(float(ddof))}" if ddof else ""
        extra += ", keepdims=True" if keepdims else ""
        return f"{key}({n[0]}{extra})"

    return formula


def _std_domain(xs: Arrays, arg: OpArg, names: Names) -> str | None:
    axis, ddof, keepdims = arg
    if np.any(np.ptp(xs[0], axis=axis) == 0) if xs[0].size else False:
        return f"std({names[0]}) of equal values is 0: its gradient divides by 0"
    return None


# fmt: off
STAT_ROWS: tuple[TensorOp, ...] = (
    TensorOp("erf", 1, _same, _erf_forward, (_erf_vjp,), (),
             "d erf(x)/dx = 2/sqrt(pi) * exp(-x**2), elementwise: a bell curve, largest at 0",
             lambda n, arg: f"erf({n[0]})", skill=Skill.EXP,
             vjp_texts=texts("2 / sqrt(pi) * exp(-a**2) * dout")),
    _extreme("maximum", True),
    _extreme("minimum", False),
    TensorOp("eq", 2, lambda shapes, ints, arg, names: broadcast_shape(shapes, "=="),
             lambda xs, arg: (xs[0] == xs[1]).astype(np.float64), (None, None), (None, None),
             "a comparison == is 1 where it holds and 0 elsewhere: a step, which passes "
             "no gradient", lambda n, arg: f"{n[0]} == {n[1]}", skill=Skill.RELU),
    TensorOp("var", 1, _stat_shape("var"), _var_forward, (_var_vjp,), (),
             "a variance: dx = 2 * (x - mean) / (n - ddof) times the upstream gradient; the "
             "mean's own gradient cancels, as the centred values sum to 0",
             _stat_formula("var"), skill=Skill.REDUCE, vjp_texts=_var_texts),
    TensorOp("std", 1, _stat_shape("std"), _std_forward, (_std_vjp,), (),
             "a standard deviation: dx = (x - mean) / ((n - ddof) * std) times the upstream "
             "gradient", _stat_formula("std"), _std_domain, skill=Skill.REDUCE,
             vjp_texts=_std_texts),
)
# fmt: on
