"""Reading a learner's answer for a scalar node: an expression in the scalar answer dialect.

Numbers, arithmetic, functions, node names (standing for their values), masks such as
``x > 0``, ``sign``, ``where``, and the gradients found so far: ``dX`` (when no node is
called ``dX``) and ``grad(X)``. A gradient not found yet is refused with a reason (it is
not a wrong try). Nothing is evaluated as Python.
"""

from __future__ import annotations

import math
import re
from collections.abc import Container, Mapping, Sequence

from tutor.grammar.advice import answer_slips
from tutor.grammar.errors import ParseError
from tutor.grammar.parse import parse
from tutor.grammar.tree import found_gradient, gradient_name, grads, names, resolve
from tutor.safe_text import quote
from tutor.scalar.dialects import ANSWERS, CONSTANTS
from tutor.scalar.evaluate import evaluate

__all__ = ["read_answer", "refs"]

#: An ``=`` that is not part of a comparison (``>=``, ``==``).
_ASSIGN = re.compile(r"(?<![<>=!])=(?!=)")


def read_answer(
    text: str,
    values: Mapping[str, float],
    known: Mapping[str, float],
    shown: Sequence[str] = (),
) -> float:
    """The value of an answer (already stripped, not empty).

    Args:
        text: what the learner typed (``-4``, ``12*cos(36)``, ``f``, ``du3 * cos(u2)``).
        values: node name -> value.
        known: node name -> the gradient the learner has found (usable as ``dX``).
        shown: the node names listed when a name is unknown (default: every one).

    Raises:
        ParseError: the answer cannot be read or computed, saying why in one line.

    """
    assign = _ASSIGN.search(text)
    if assign is not None:
        raise ParseError("type only the value, without '=' (for example: -2)", assign.start())
    answer_slips(text)
    try:
        tree = parse(text, ANSWERS)
    except (OverflowError, ValueError, MemoryError, RecursionError):
        raise ParseError(f"cannot read {quote(text)}: a number is too large") from None
    tree = resolve(tree, lambda name: gradient_name(name, values))
    for ref in names(tree):
        if ref.name not in values and ref.name not in CONSTANTS:  # pi, e
            if ref.name in ANSWERS.functions:
                raise ParseError(f"{ref.name} is a function: write {ref.name}(x)", ref.col)
            listed = list(shown or [n for n in values if n.isidentifier()])
            more = ", ..." if len(listed) > 12 else ""
            nodes = f"(nodes here: {', '.join(listed[:12])}{more})"
            raise ParseError(f"unknown name {quote(ref.name)} {nodes}", ref.col)
    for g in grads(tree):
        found_gradient(g, values, known)
    try:
        value = evaluate(tree, values, lambda name, col: known[name])
    except ParseError as exc:
        raise ParseError(f"cannot compute {quote(text)}: {exc.message}", exc.col) from None
    except (OverflowError, ValueError, ZeroDivisionError, RecursionError):
        raise ParseError(f"cannot compute {quote(text)}: a number is too large") from None
    if not math.isfinite(value):
        raise ParseError(f"cannot compute {quote(text)}: the number is too large")
    return value


def refs(text: str, nodes: Container[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The nodes whose values and whose gradients a readable answer names."""
    tree = resolve(parse(text, ANSWERS), lambda name: gradient_name(name, nodes))
    return (
        frozenset(r.name for r in names(tree) if r.name in nodes),
        frozenset(g.name for g in grads(tree)),
    )
