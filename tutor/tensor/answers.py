"""Answers for tensor nodes: an expression in the tensor answer dialect, evaluated with NumPy.

A learner answers a tensor node with an expression such as ``dZ @ W.T``, ``X.T @ dZ``,
``sum(dZ, axis=0)`` or ``(softmax(logits, axis=1) - onehot(Yb, 27)) / 32``:

- a node's name stands for its value;
- ``d`` + name (``dY``, ``dlogits``) stands for that node's gradient, once the learner has
  found it; ``grad(name)`` is the same, for names that start with ``d``;
- besides the graph lines' functions: ``ones_like``, ``zeros_like``, ``ones(8, 5)``,
  ``argmax``, ``first_max_mask``, ``scatter_add(D, idx, rows)`` (the inverse of ``take``),
  ``scatter`` (the same with ``=``), comparisons as 0/1 masks, ``sign``, ``where``,
  ``outer``, ``x[:, None]`` or ``unsqueeze(x, 1)``, and small literals ``[[1, 0], [0, 1]]``.

Nothing is evaluated as Python: ``tutor.grammar`` reads the text and
``tutor.tensor.evaluate`` computes it, each shape worked out and size-checked first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping

import numpy as np

from tutor.grammar.advice import answer_slips
from tutor.grammar.errors import ParseError
from tutor.grammar.limits import MAX_LENGTH
from tutor.grammar.parse import parse
from tutor.grammar.tree import gradient_name, grads, names, resolve
from tutor.messages import did_you_mean
from tutor.notation import grad_name
from tutor.tensor.dialects import ANSWERS
from tutor.tensor.evaluate import TensorEnv, as_float, evaluate

__all__ = ["read_answer", "refs"]

_ASSIGN = re.compile(r"\s*[A-Za-z_]\w*\s*\+?=[^=]")


def read_answer(
    text: str,
    values: Mapping[str, np.ndarray],
    known: Mapping[str, np.ndarray],
    labels: Container[str] = frozenset(),
) -> np.ndarray:
    """The answer's value as a float64 array.

    Args:
        text: what the learner typed (stripped, not empty).
        values: node name -> value (arrays; labels hold integers).
        known: node name -> gradient the learner has found (anything else is not usable).
        labels: names of nodes with no gradient (``dYb`` is refused with a reason).

    Raises:
        ParseError: unreadable; an unknown name; a gradient not found yet; shapes that do
            not fit; a result too large or not finite.

    """
    if len(text) > MAX_LENGTH:
        raise ParseError(f"answer too long ({len(text)} characters)")
    if _ASSIGN.match(text):
        raise ParseError("type only the expression, without '=' (for example: dZ @ W.T)")
    answer_slips(text)
    tree = resolve(parse(text, ANSWERS), lambda name: gradient_name(name, values))
    env = TensorEnv(values, known, labels, strict=False, unknown=_unknown(values))
    return as_float(evaluate(tree, env))


def _unknown(values: Mapping[str, np.ndarray]) -> Callable[[str], str]:
    def message(name: str) -> str:
        names = [n for n in values if n.isidentifier()]
        hint = did_you_mean(name, names + [grad_name(n) for n in names])
        if hint:
            return f"unknown name {name!r}{hint}"
        listed = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
        return f"unknown name {name!r} (nodes here: {listed}; dX is X's gradient)"

    return message


def refs(text: str, nodes: Container[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The nodes whose values and whose gradients a readable answer names."""
    tree = resolve(parse(text, ANSWERS), lambda name: gradient_name(name, nodes))
    return (
        frozenset(r.name for r in names(tree) if r.name in nodes),
        frozenset(g.name for g in grads(tree)),
    )
