"""Classic wrong VJPs, per tensor op: the ``slips`` and ``factor`` fields of ``TensorOp``.

A slip is ``(code, operand, wrong_vjp)``: what a learner who makes misconception ``code``
computes for that operand's gradient, given the upstream gradient ``g``, the op's output
``o``, its operands ``xs`` and its constant ``arg``. The result may have any shape (a
transpose, a product that should have been elementwise); a result in the op's output
shape is summed back to the operand's shape as the right VJP is. ``tutor.tensor.ops``
attaches them to its rows; the misconception table (``tutor.tensor.predictors``) reads
them, so no shared code asks which op it is looking at.

``factor(shape, arg)`` is the count a reduction divides by (a mean's n).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from tutor.tensor.shaped_ops import _expand

Slip = tuple[str, int, Callable[[Any, Any, Any, Any], Any]]


def _count(shape: tuple[int, ...], arg: Any) -> float:
    axis = arg[0] if isinstance(arg, tuple) else None
    return float(math.prod(shape) if axis is None else shape[axis % len(shape)])


def _spread(g: Any, o: Any, xs: Any, arg: Any) -> Any:
    """A max's gradient copied to every element it looked at (a sum's VJP)."""
    axis, keepdims = arg
    return np.broadcast_to(_expand(g, xs[0].shape, axis, keepdims), xs[0].shape)


def _spread_mean(g: Any, o: Any, xs: Any, arg: Any) -> Any:
    """A max's gradient shared evenly over the elements it looked at (a mean's VJP)."""
    return _spread(g, o, xs, arg) / _count(xs[0].shape, arg)


def _elementwise(i: int) -> tuple[Callable[..., Any], ...]:
    """A matrix product's VJP for operand ``i`` taken elementwise (``*`` for ``@``)."""
    j = 1 - i
    return (
        lambda g, o, xs, arg: g * xs[j],
        lambda g, o, xs, arg: g * xs[j].T,
    )


def _products(i: int) -> tuple[Callable[..., Any], ...]:
    """An elementwise product's VJP for operand ``i`` taken as a matrix product."""
    j = 1 - i
    return (
        lambda g, o, xs, arg: g @ xs[j],
        lambda g, o, xs, arg: g @ xs[j].T,
        lambda g, o, xs, arg: xs[j] @ g,
        lambda g, o, xs, arg: xs[j].T @ g,
    )


def _assign(g: Any, o: Any, xs: Any, arg: Any) -> Any:
    """An embedding gradient written with ``=`` (the last use of a row wins)."""
    c, idx = xs
    out = np.zeros(c.shape)
    out[idx] = g
    return out


def _bessel(shift: int) -> Callable[..., Any]:
    def vjp(g: Any, o: Any, xs: Any, arg: Any) -> Any:
        b = xs[1]
        if b.shape or not float(b).is_integer() or b + shift < 1:
            raise ValueError("not a count")
        return g / (b + shift)

    return vjp


# fmt: off
#: Slips by op key (``TOPS``).
SLIPS: dict[str, tuple[Slip, ...]] = {
    "matmul": tuple(
        ("elementwise_not_matmul", i, f) for i in (0, 1) for f in _elementwise(i)
    ) + (
        ("transpose", 0, lambda g, o, xs, arg: (g @ xs[1].T).T),
        ("transpose", 1, lambda g, o, xs, arg: g.T @ xs[0]),
    ),
    "*": tuple(("elementwise_not_matmul", i, f) for i in (0, 1) for f in _products(i)),
    "transpose": (
        ("transpose", 0, lambda g, o, xs, arg: g),
    ),
    "max": (
        ("max_route", 0, _spread),
        ("max_route", 0, _spread_mean),
    ),
    "take": (
        ("scatter_assign", 0, _assign),
    ),
    "/": (
        ("bessel", 0, _bessel(1)),
        ("bessel", 0, _bessel(-1)),
    ),
    "tanh": (
        ("act_at_input", 0, lambda g, o, xs, arg: g * (1.0 - xs[0] ** 2)),
        ("func_not_deriv", 0, lambda g, o, xs, arg: g * o),
    ),
    "sigmoid": (
        ("act_at_input", 0, lambda g, o, xs, arg: g * xs[0] * (1.0 - xs[0])),
        ("func_not_deriv", 0, lambda g, o, xs, arg: g * o),
    ),
    "exp": (
        ("at_output", 0, lambda g, o, xs, arg: g * np.exp(o)),
    ),
    "log": (
        ("func_not_deriv", 0, lambda g, o, xs, arg: g * o),
    ),
    "powc": (
        ("power_factor", 0, lambda g, o, xs, k: g * np.power(xs[0], k - 1)),
        ("power_exponent", 0, lambda g, o, xs, k: g * k * np.power(xs[0], k)),
    ),
    "relu": (
        ("relu_gate", 0, lambda g, o, xs, arg: g),
    ),
}
# fmt: on

#: The count a reduction divides by, by op key.
FACTORS: dict[str, Callable[[tuple[int, ...], object], float]] = {"mean": _count}
