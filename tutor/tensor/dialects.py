"""The two tensor dialects, built from the op table: graph lines and answers.

Built from ``tutor.tensor.writing`` (the op table's spellings), so reading a tensor
lesson does not load NumPy. ``GRAPH_LINES`` reads a tensor lesson's statements and
``expected`` values: the scalar arithmetic plus ``@``, ``.T``, the tensor functions and
their ``axis=``/``keepdims=`` keywords, and a shape list only as ``reshape``'s.
``ANSWERS`` adds the answers-only rows (``ones_like``, ``scatter_add``, comparisons,
``where``, ``x[:, None]`` ...), literal lists of numbers and the gradients found so far
(``dX``, ``grad(X)``).
"""

from __future__ import annotations

from tutor.grammar.dialect import CONSTANTS, Dialect, OpWriting, make_dialect
from tutor.grammar.parse import parse as _parse
from tutor.grammar.printer import to_text as _to_text
from tutor.grammar.tree import Expr
from tutor.tensor.writing import ANSWERS_ONLY, WRITING

__all__ = ["ANSWERS", "EXPECTED", "GRAPH_LINES", "parse", "to_text"]


def _rows(answers: bool) -> list[OpWriting]:
    return [w for w in WRITING.values() if answers or w.key not in ANSWERS_ONLY]


#: Tensor lessons' graph lines and ``expected`` values.
GRAPH_LINES: Dialect = make_dialect("tensor graph lines", _rows(False), constants=CONSTANTS)
#: A tensor lesson's ``expected`` values: graph lines plus literal tensors
#: (``[[0.5, -1], [0, 2]]``, ``2 * [1, 0, 3]``).
EXPECTED: Dialect = make_dialect(
    "tensor expected values", _rows(False), constants=CONSTANTS, lists=True
)
#: Tensor answers: graph lines plus the answers' functions, literal lists and gradients.
ANSWERS: Dialect = make_dialect(
    "tensor answers", _rows(True), constants=CONSTANTS, lists=True, gradients=True
)


def parse(text: str, dialect: Dialect = GRAPH_LINES) -> Expr:
    """Parse a tensor expression (a graph line's right-hand side by default)."""
    return _parse(text, dialect)


def to_text(expr: Expr, dialect: Dialect = ANSWERS) -> str:
    """Write a tensor expression back as text."""
    return _to_text(expr, dialect)
