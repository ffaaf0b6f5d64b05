"""Number literals in the ``ast`` tree: their values, refused when too large for a float."""

from __future__ import annotations

import ast
import math
from typing import TypeGuard

from tutor.grammar.errors import ParseError


def is_number(value: object) -> TypeGuard[int | float]:
    """An int or float literal (``type`` is exact: ``True`` is not a number here)."""
    return type(value) in (int, float)


def number_literal(node: ast.expr) -> float | None:
    """The value of a numeric literal, possibly negated (``2``, ``-0.5``), else None."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = number_literal(node.operand)
        if inner is None:
            return None
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.Constant) and is_number(node.value):
        try:
            return float(node.value)
        except OverflowError:
            return math.inf
    return None


def finite(value: float, col: int) -> float:
    """``value`` as a float, refusing literals too large for a float (``1e999``)."""
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ParseError("number too large", col)
    return number
