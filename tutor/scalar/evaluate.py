"""Evaluating a scalar expression with floats, by the op table's forward values.

Names are looked up in an environment (a lesson's node values; the named constants ``pi``
and ``e`` come after it, so a lesson's own names shadow them); gradients (``dX``,
``grad(X)``) through a callback that raises ``ParseError`` when one is not found yet.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from tutor.grammar.errors import ParseError
from tutor.grammar.tree import Call, Expr, Grad, Lit, Num, Ref
from tutor.scalar.dialects import CONSTANTS
from tutor.scalar.ops import OPS

__all__ = ["Env", "evaluate"]

#: Node values by name: a mapping, or a function returning None for an unknown name.
Env = Mapping[str, float] | Callable[[str], float | None]
#: ``gradient(name, col)`` -> the gradient of node ``name`` (``ParseError`` if not usable).
GradientFn = Callable[[str, int], float]


def _no_gradients(name: str, col: int) -> float:
    raise ParseError(f"grad({name}): gradients cannot be used here", col)


def evaluate(expr: Expr, env: Env, gradient: GradientFn = _no_gradients) -> float:
    """Evaluate with floats.

    Raises:
        ParseError: unknown name, or a math error (division by zero, log of a negative,
            overflow), with its column.

    """
    lookup = env if callable(env) else env.get
    return _Evaluator(lookup, gradient).value(expr)


class _Evaluator:
    def __init__(self, lookup: Callable[[str], float | None], gradient: GradientFn) -> None:
        self.lookup = lookup
        self.gradient = gradient

    def value(self, expr: Expr) -> float:
        if isinstance(expr, Num):
            return expr.value
        if isinstance(expr, Ref):
            found = self.lookup(expr.name)
            if found is None:
                found = CONSTANTS.get(expr.name)  # the env's own names shadow pi and e
            if found is None:
                raise ParseError(f"unknown name {expr.name!r}", expr.col)
            return float(found)
        if isinstance(expr, Grad):
            return float(self.gradient(expr.name, expr.col))
        if isinstance(expr, Lit):
            raise ParseError("a list is not a number", expr.col)
        return self.call(expr)

    def call(self, expr: Call) -> float:
        values = [self.value(a) for a in expr.args]
        try:
            result = OPS[expr.key].forward(*values, expr.arg)
        except ZeroDivisionError:
            raise ParseError("division by zero", expr.col) from None
        except OverflowError:
            raise ParseError("number too large", expr.col) from None
        except ValueError as exc:
            raise ParseError(OPS[expr.key].domain_text(exc), expr.col) from None
        if not math.isfinite(result):
            raise ParseError("number too large", expr.col)
        return float(result)
