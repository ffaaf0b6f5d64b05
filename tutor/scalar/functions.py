"""The real functions the scalar op table computes with: powers, sigmoid, softplus, sign.

Each follows PyTorch where it has a choice (a kink's derivative, softplus's threshold) and
refuses a complex or infinite result with the error Python's ``math`` would raise.
"""

from __future__ import annotations

import math


def real_pow(x: float, n: float) -> float:
    """Real power that refuses complex results instead of returning them."""
    if x < 0 and not float(n).is_integer():
        raise ValueError("math domain error: negative base with a fractional exponent")
    if x == 0 and n < 0:
        raise ZeroDivisionError("0.0 cannot be raised to a negative power")
    result: float = float(x) ** n
    return result


def pow_var(x: float, n: float) -> float:
    """Power with a Value exponent: defined for a positive base (or 0 to a positive power).

    d(x**n)/dn = x**n * log(x) has no real value for a negative base, so such a node
    is refused when built rather than failing later in ``backward``.
    """
    if x < 0:
        raise ValueError("a power with a variable exponent needs a positive base")
    return real_pow(x, n)


def power_rule(x: float, n: float) -> float:
    """Return d(x**n)/dx = n * x**(n-1); 0 for n = 0 and inf where it blows up at x = 0."""
    if n == 0:
        return 0.0
    if x == 0 and n < 1:
        return math.inf
    return n * real_pow(x, n - 1)


def exponent_rule(x: float, out: float) -> float:
    """Return d(x**n)/dn = x**n * log(x) (0 for 0**n with n > 0, -inf for 0**0)."""
    if x > 0:
        return out * math.log(x)
    return 0.0 if out == 0 else -math.inf


def sigmoid(x: float) -> float:
    """Numerically stable logistic function."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def sign(x: float) -> float:
    """The sign of ``x``: 1, -1, or 0 at 0 (PyTorch's derivative of abs at its kink)."""
    return 1.0 if x > 0 else -1.0 if x < 0 else 0.0


#: Above this input softplus is the identity, as in PyTorch (``threshold=20``, ``beta=1``).
SOFTPLUS_THRESHOLD = 20.0


def softplus(x: float) -> float:
    """log(1 + exp(x)) as PyTorch computes it: x itself above the threshold."""
    return x if x > SOFTPLUS_THRESHOLD else math.log1p(math.exp(x))


def softplus_grad(x: float) -> float:
    """PyTorch's softplus derivative: exp(x) / (exp(x) + 1), exactly 1 above the threshold."""
    if x > SOFTPLUS_THRESHOLD:
        return 1.0
    z = math.exp(x)
    return z / (z + 1.0)
