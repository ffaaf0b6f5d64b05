"""Fields of the tensor op table's elementwise rows: builders, domain checks, power VJPs.

The unary and broadcasting row builders, the domain checks (division by zero, log and sqrt
of bad values, powers) and the power rules' VJPs and texts.

Each function here builds or is one field of a ``tutor.tensor.ops.TensorOp`` row; only
``tutor.tensor.ops`` uses them, so they keep their private names.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from tutor.notation import literal
from tutor.skills import Skill
from tutor.tensor.op_row import DomainFn, TensorOp, texts
from tutor.tensor.op_row import first_bad as _first_bad
from tutor.tensor.op_row import same_shape as _same
from tutor.tensor.shapes import Arrays, Names, OpArg, Shape, Shapes, broadcast_shape

# -- elementwise ------------------------------------------------------------------------------


def _unary(
    key: str,
    forward: Callable[[np.ndarray], np.ndarray],
    vjp: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
    local: str,
    rule: str,
    domain: DomainFn | None = None,
    *,
    skill: Skill,
) -> TensorOp:
    """An elementwise function: ``local`` is its derivative, a template over ``a`` and ``out``."""
    return TensorOp(
        key,
        1,
        _same,
        lambda xs, arg: forward(xs[0]),
        (lambda g, o, xs, arg: vjp(g, o, xs[0]),),
        (),
        rule,
        lambda n, arg: f"{key}({n[0]})",
        domain,
        numeric_domain=domain is not None,
        skill=skill,
        vjp_texts=texts(f"{local} * dout"),
    )


def _binary(
    key: str,
    symbol: str,
    forward: Callable[[np.ndarray, np.ndarray], np.ndarray],
    vjps: tuple[
        Callable[[np.ndarray, np.ndarray, Arrays], np.ndarray],
        Callable[[np.ndarray, np.ndarray, Arrays], np.ndarray],
    ],
    vjp_texts: tuple[str, str],
    rule: str,
    domain: DomainFn | None = None,
    shape_advice: str = "",
    *,
    skill: Skill,
) -> TensorOp:
    """An elementwise, broadcasting operator; ``vjp_texts`` are each VJP before unbroadcast."""
    return TensorOp(
        key,
        2,
        lambda shapes, ints, arg, names: broadcast_shape(shapes, symbol),
        lambda xs, arg: forward(xs[0], xs[1]),
        (lambda g, o, xs, arg: vjps[0](g, o, xs), lambda g, o, xs, arg: vjps[1](g, o, xs)),
        (),
        rule,
        lambda n, arg: f"{n[0]} {symbol} {n[1]}",
        domain,
        numeric_domain=domain is not None,
        shape_advice=shape_advice,
        skill=skill,
        vjp_texts=texts(*vjp_texts),
        broadcasts=True,
    )


def _div_domain(xs: Arrays, arg: OpArg, names: Names) -> str | None:
    return _first_bad(xs[1] == 0, names, 1, "division by zero")


def _pow_domain(xs: Arrays, arg: OpArg, names: Names) -> str | None:
    a, b = np.broadcast_arrays(xs[0], xs[1])
    bad = _first_bad(a < 0, names, 0, "a power with a variable exponent needs a non-negative base")
    return bad or _first_bad((a == 0) & (b <= 0), names, 0, "0 to a non-positive power")


def _pow_exponent_vjp(g: np.ndarray, o: np.ndarray, xs: Arrays) -> np.ndarray:
    """d(a**b)/db = a**b * log(a); 0 where a**b is 0 (as the scalar engine does)."""
    a = xs[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        local = np.where(o == 0, 0.0, o * np.log(np.where(a > 0, a, 1.0)))
    return g * local


def _powc_domain(xs: Arrays, k: OpArg, names: Names) -> str | None:
    a = xs[0]
    if not float(k).is_integer():
        bad = _first_bad(a < 0, names, 0, "a negative base with a fractional exponent")
        if bad:
            return bad
    if k < 0:
        return _first_bad(a == 0, names, 0, "0 to a negative power (division by zero)")
    return None


def _powc_vjp(g: np.ndarray, o: np.ndarray, xs: Arrays, k: OpArg) -> np.ndarray:
    a = xs[0]
    if k == 0:
        return np.zeros_like(g * a)
    with np.errstate(divide="ignore", invalid="ignore"):
        result: np.ndarray = g * (k * np.power(a, k - 1))
        return result


def _powc_texts(s: Shapes, so: Shape, k: OpArg) -> tuple[str | None, ...]:
    """d(x**k)/dx times the upstream gradient: ``2 * a * dout``, ``3 * a**2 * dout``."""
    if k == 1:
        return ("dout",)
    if k == 2:
        return ("2 * a * dout",)
    return (f"{literal(float(k))} * a**{literal(float(k) - 1)} * dout",)


def _log_domain(xs: Arrays, arg: OpArg, names: Names) -> str | None:
    return _first_bad(xs[0] <= 0, names, 0, "log of a non-positive value")


def _sqrt_domain(xs: Arrays, arg: OpArg, names: Names) -> str | None:
    return _first_bad(xs[0] < 0, names, 0, "sqrt of a negative value")


def _sqrt_vjp(g: np.ndarray, o: np.ndarray, x: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return g * (0.5 / o)
