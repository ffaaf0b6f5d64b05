"""Classic wrong VJPs, per tensor op: the ``slips`` and ``factor`` fields of ``TensorOp``.

A ``Slip`` is what a learner who makes misconception ``code`` computes for one operand's
gradient, given the upstream gradient ``g``, the op's output ``o``, its operands ``xs``
and its constant ``arg`` (and, optionally, more words for the message). The result may
have any shape (a transpose, a product that should have been elementwise); a result in
the op's output shape is summed back to the operand's shape as the right VJP is.
``tutor.tensor.ops`` attaches them to its rows; the catalogue's tensor predictors
(``tutor.tensor.predictors``) read them, so no shared code asks which op it is looking at.

``factor(shape, arg)`` is the count a reduction divides by (a mean's n).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from tutor.mistakes import Mistake
from tutor.notation import compact
from tutor.tensor.conv_math import _conv_dw, _upsample
from tutor.tensor.conv_math import _spread as _conv_spread
from tutor.tensor.shaped_ops import _count as _shape_count
from tutor.tensor.shaped_ops import _expand


@dataclass(frozen=True, slots=True)
class Slip:
    """A classic wrong VJP of one operand of one tensor op."""

    code: Mistake
    """The misconception it is (its messages are the catalogue row's)."""
    operand: int
    """Which operand's gradient it is."""
    wrong: Callable[[Any, Any, Any, Any], Any]
    """``wrong(g, o, xs, arg)``: the wrong gradient (any shape); an error: no slip here."""
    fill: Callable[[Any, Any], dict[str, str]] | None = None
    """More words for the message, from ``(xs, arg)`` (``{k}``: the count divided by)."""
    form: str = ""
    """The wrong local derivative as written, ``{c}`` the gate and ``{x}`` its operand
    (``{c}**2`` for tanh' without "1 -"): the message's ``{wrong}``."""
    rule: str = ""
    """The right one, written the same way: the message's ``{rule}``."""


def _count(shape: tuple[int, ...], arg: Any) -> float:
    axis = arg[0] if isinstance(arg, tuple) else None
    return float(_shape_count(shape, axis))


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


def _matrices(xs: Any) -> None:
    """Refuse a product that is not of two matrices (no slip of this kind there)."""
    if xs[0].ndim != 2 or xs[1].ndim != 2:
        raise ValueError("not a product of two matrices")


def _peer_rule(i: int) -> tuple[Slip, ...]:
    """A matrix product's operand ``i`` given the other operand's VJP (``other_operand``).

    For Z = A @ B, dA = dZ @ B.T and dB = A.T @ dZ: each is built from the other operand.
    The slip builds operand ``i``'s gradient from ``i`` itself, as the other's rule does:
    ``dZ @ B.T`` or ``B.T @ dZ`` for dB, ``A.T @ dZ`` or ``dZ @ A.T`` for dA.
    """
    own = "{a}" if i == 0 else "{b}"
    rule = "{g} @ {b}.T" if i == 0 else "{a}.T @ {g}"

    def after(g: Any, o: Any, xs: Any, arg: Any) -> Any:
        _matrices(xs)
        return g @ xs[i].T

    def before(g: Any, o: Any, xs: Any, arg: Any) -> Any:
        _matrices(xs)
        return xs[i].T @ g

    forms = (f"{own}.T @ {{g}}", f"{{g}} @ {own}.T")
    wrongs = (before, after)
    return tuple(
        Slip(Mistake.OTHER_OPERAND, i, w, form=f, rule=rule)
        for w, f in zip(wrongs, forms, strict=True)
    )


def _own(i: int) -> Callable[..., Any]:
    """An elementwise product's VJP for operand ``i`` taken with ``i`` itself, not the other."""
    return lambda g, o, xs, arg: g * xs[i]


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


def _divisor(xs: Any, arg: Any) -> dict[str, str]:
    """The count a variance divides by, for the message (``{k}``)."""
    return {"k": compact(float(xs[1]))}


def _stat_count(arg: Any, shape: tuple[int, ...]) -> float:
    axis, ddof, keepdims = arg
    return float(_shape_count(shape, axis)) - float(ddof)


def _stat_bessel(shift: int, std: bool) -> Callable[..., Any]:
    """The gradient of var or std divided by the count ``shift`` away from n - ddof."""

    def vjp(g: Any, o: Any, xs: Any, arg: Any) -> Any:
        axis, ddof, keepdims = arg
        a = xs[0]
        k = _stat_count(arg, a.shape) + shift
        if k < 1:
            raise ValueError("no such count")
        up = _expand(g, a.shape, axis, keepdims)
        centred = a - np.mean(a, axis=axis, keepdims=True)
        if std:
            wrong_std = np.sqrt(np.sum(centred**2, axis=axis, keepdims=True) / k)
            return centred * up / (k * wrong_std)
        return 2.0 * centred * up / k

    return vjp


def _stat_divisor(xs: Any, arg: Any) -> dict[str, str]:
    """The count var and std divide by (n - ddof), for the message (``{k}``)."""
    return {"k": compact(_stat_count(arg, xs[0].shape))}


def _unflipped(g: Any, o: Any, xs: Any, arg: Any) -> Any:
    """conv2d's dX with the kernel not flipped: dY correlated with W as it is."""
    return _conv_spread(g, xs[1][:, :, ::-1, ::-1])


def _one_position(g: Any, o: Any, xs: Any, arg: Any) -> Any:
    """conv2d's dW from the first window only (summed over the batch, not the positions)."""
    x, w = xs
    kh, kw = w.shape[2:]
    return np.einsum("nchw,nf->fchw", x[:, :, :kh, :kw], g[:, :, 0, 0])


def _one_example(g: Any, o: Any, xs: Any, arg: Any) -> Any:
    """conv2d's dW from the first image only (summed over its positions, not the batch)."""
    return _conv_dw(g[:1], o[:1], (xs[0][:1], xs[1]), arg)


def _unmasked(i: int) -> Callable[..., Any]:
    """A product with a 0/1 mask (dropout's keep) whose gradient ignores the mask."""

    def wrong(g: Any, o: Any, xs: Any, arg: Any) -> Any:
        mask = np.asarray(xs[1 - i])
        if not mask.size or not np.all((mask == 0) | (mask == 1)) or np.all(mask == 1):
            raise ValueError("the other operand is not a mask")
        return g

    return wrong


def _words(which: str) -> Callable[[Any, Any], dict[str, str]]:
    return lambda xs, arg: {"which": which}


def _row_winners(xs: Any, arg: Any) -> dict[str, str]:
    """What a max over an axis routes its gradient through (max_route's ``{winners}``)."""
    return {"winners": "onehot(argmax(...))"}


def _window_winners(xs: Any, k: Any) -> dict[str, str]:
    """What a max-pool routes its gradient through (max_route's ``{winners}``)."""
    return {"winners": f"a 0/1 mask of each {int(k)} x {int(k)} window's first maximum"}


def _misremembered(wrong: Callable[[Any, Any, Any, Any], Any], form: str, rule: str) -> Slip:
    """A misremembered local derivative (``local_formula``): ``form`` for ``rule``."""
    return Slip(Mistake.LOCAL_FORMULA, 0, wrong, form=form, rule=rule)


def _spread_pick(g: Any, o: Any, xs: Any, arg: Any) -> Any:
    """A pick's gradient copied to every entry of its row, not only the picked one."""
    return np.broadcast_to(np.asarray(g)[:, None], xs[0].shape)


def _softmax_diagonal(g: Any, o: Any, xs: Any, axis: Any) -> Any:
    """Softmax's Jacobian taken as its diagonal ``p * (1 - p)``."""
    return g * o * (1.0 - o)


def _log_softmax_diagonal(g: Any, o: Any, xs: Any, axis: Any) -> Any:
    """log_softmax's Jacobian taken as its diagonal ``1 - p``."""
    return g * (1.0 - np.exp(o))


# fmt: off
#: Slips by op key (``TOPS``).
SLIPS: dict[str, tuple[Slip, ...]] = {
    "matmul": tuple(
        Slip(Mistake.ELEMENTWISE_NOT_MATMUL, i, f) for i in (0, 1) for f in _elementwise(i)
    ) + (
        Slip(Mistake.TRANSPOSE, 0, lambda g, o, xs, arg: (g @ xs[1].T).T),
        Slip(Mistake.TRANSPOSE, 1, lambda g, o, xs, arg: g.T @ xs[0]),
    ) + _peer_rule(0) + _peer_rule(1),
    "*": tuple(Slip(Mistake.ELEMENTWISE_NOT_MATMUL, i, f) for i in (0, 1) for f in _products(i))
    + tuple(Slip(Mistake.MASKED_GRAD, i, _unmasked(i)) for i in (0, 1))
    + tuple(Slip(Mistake.MUL_OWN_INPUT, i, _own(i)) for i in (0, 1)),
    "transpose": (
        Slip(Mistake.TRANSPOSE, 0, lambda g, o, xs, arg: g),
    ),
    "max": (
        Slip(Mistake.MAX_ROUTE, 0, _spread, _row_winners),
        Slip(Mistake.MAX_ROUTE, 0, _spread_mean, _row_winners),
    ),
    "take": (
        Slip(Mistake.SCATTER_ASSIGN, 0, _assign),
    ),
    "conv2d": (
        Slip(Mistake.CONV_FLIP, 0, _unflipped),
        Slip(Mistake.CONV_NO_ACCUMULATE, 1, _one_position, _words("its first window")),
        Slip(Mistake.CONV_NO_ACCUMULATE, 1, _one_example, _words("its first image")),
    ),
    "maxpool2d": (
        Slip(Mistake.MAX_ROUTE, 0, lambda g, o, xs, k: _upsample(g, int(k)), _window_winners),
        Slip(
            Mistake.MAX_ROUTE,
            0,
            lambda g, o, xs, k: _upsample(g, int(k)) / int(k) ** 2,
            _window_winners,
        ),
    ),
    "where": (
        Slip(Mistake.MASKED_GRAD, 1, lambda g, o, xs, arg: g),
        Slip(Mistake.MASKED_GRAD, 2, lambda g, o, xs, arg: g),
    ),
    "/": (
        Slip(Mistake.BESSEL, 0, _bessel(1), _divisor),
        Slip(Mistake.BESSEL, 0, _bessel(-1), _divisor),
    ),
    "tanh": (
        Slip(Mistake.ACT_AT_INPUT, 0, lambda g, o, xs, arg: g * (1.0 - xs[0] ** 2)),
        Slip(Mistake.FUNC_NOT_DERIV, 0, lambda g, o, xs, arg: g * o),
        _misremembered(lambda g, o, xs, arg: g * (1.0 - o), "1 - {c}", "1 - {c}**2"),
        _misremembered(lambda g, o, xs, arg: g * o**2, "{c}**2", "1 - {c}**2"),
    ),
    "sigmoid": (
        Slip(Mistake.ACT_AT_INPUT, 0, lambda g, o, xs, arg: g * xs[0] * (1.0 - xs[0])),
        Slip(Mistake.FUNC_NOT_DERIV, 0, lambda g, o, xs, arg: g * o),
        _misremembered(lambda g, o, xs, arg: g * o**2, "{c}**2", "{c} * (1 - {c})"),
        _misremembered(lambda g, o, xs, arg: g * (1.0 - o), "1 - {c}", "{c} * (1 - {c})"),
    ),
    "sin": (
        _misremembered(lambda g, o, xs, arg: -g * np.sin(xs[0]), "-sin({x})", "cos({x})"),
    ),
    "sqrt": (
        _misremembered(lambda g, o, xs, arg: g / o, "1/sqrt({x})", "1/(2*sqrt({x}))"),
    ),
    "softmax": (
        Slip(Mistake.SOFTMAX_DIAG, 0, _softmax_diagonal),
    ),
    "log_softmax": (
        Slip(Mistake.SOFTMAX_DIAG, 0, _log_softmax_diagonal),
    ),
    "pick": (
        Slip(Mistake.PICK_SPREAD, 0, _spread_pick),
    ),
    "exp": (
        Slip(Mistake.AT_OUTPUT, 0, lambda g, o, xs, arg: g * np.exp(o)),
    ),
    "log": (
        Slip(Mistake.FUNC_NOT_DERIV, 0, lambda g, o, xs, arg: g * o),
        _misremembered(lambda g, o, xs, arg: -g / xs[0] ** 2, "-1/{x}**2", "1/{x}"),
    ),
    "powc": (
        Slip(Mistake.POWER_FACTOR, 0, lambda g, o, xs, k: g * np.power(xs[0], k - 1)),
        Slip(Mistake.POWER_EXPONENT, 0, lambda g, o, xs, k: g * k * np.power(xs[0], k)),
    ),
    "relu": (
        Slip(Mistake.RELU_GATE, 0, lambda g, o, xs, arg: g),
    ),
    "erf": (
        Slip(Mistake.FUNC_NOT_DERIV, 0, lambda g, o, xs, arg: g * o),
    ),
    **{key: tuple(Slip(Mistake.BESSEL, 0, _stat_bessel(shift, key == "std"), _stat_divisor)
                  for shift in (1, -1)) for key in ("var", "std")},
}
# fmt: on

#: The count a reduction divides by, by op key.
FACTORS: dict[str, Callable[[tuple[int, ...], object], float]] = {"mean": _count}
