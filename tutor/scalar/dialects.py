"""The two scalar dialects (built from the op table in ``tutor.scalar.ops``) and their use.

``GRAPH_LINES`` reads a scalar lesson's statements (``d = e + c``) and ``expected``
values; ``ANSWERS`` reads what a learner types: the same, plus the answers-only rows
(comparisons as 0/1 masks, ``sign``, ``where``) and the gradients found so far (``dX``,
``grad(X)``). No NumPy here.
"""

from __future__ import annotations

from tutor.grammar.dialect import CONSTANTS, Dialect
from tutor.grammar.parse import parse as _parse
from tutor.grammar.printer import to_text as _to_text
from tutor.grammar.tree import Expr
from tutor.scalar.ops import ANSWERS, GRAPH_LINES, derivative_texts

#: A scalar lesson's ``expected`` values: its graph lines' expressions.
EXPECTED: Dialect = GRAPH_LINES

__all__ = [
    "ANSWERS",
    "CONSTANTS",
    "EXPECTED",
    "GRAPH_LINES",
    "derivative_texts",
    "parse",
    "to_text",
]


def parse(text: str, dialect: Dialect = GRAPH_LINES) -> Expr:
    """Parse a scalar expression (a graph line's right-hand side by default)."""
    return _parse(text, dialect)


def to_text(expr: Expr, dialect: Dialect = ANSWERS) -> str:
    """Write a scalar expression back as text."""
    return _to_text(expr, dialect)
