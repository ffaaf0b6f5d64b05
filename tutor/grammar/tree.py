"""The one expression tree: ``Num``, ``Ref``, ``Call``, ``Grad`` and ``Lit``.

Every node carries its column in the text it was read from, for error messages.
``Call.key`` is a key of an op table (``tutor.scalar.ops.OPS`` or ``tutor.tensor.ops.TOPS``);
the grammar itself knows no op.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, replace
from typing import TypeVar

from tutor.grammar.errors import ParseError

#: A gradient's value: a float (scalar answers) or an array (tensor answers).
V = TypeVar("V")

#: A literal list: nested tuples of floats.
Nested = tuple["float | Nested", ...]


@dataclass(frozen=True, slots=True)
class Num:
    """A numeric literal."""

    value: float
    """The number."""
    text: str
    """How it was written."""
    col: int
    """Column (0-based) in the expression text."""


@dataclass(frozen=True, slots=True)
class Ref:
    """A name: a lesson node (its value), a named constant, or ``dX`` (a gradient)."""

    name: str
    """The identifier."""
    col: int
    """Column (0-based) in the expression text."""


@dataclass(frozen=True, slots=True)
class Grad:
    """The gradient of node ``name``: ``grad(X)``, or ``dX`` once resolved (``resolve``)."""

    name: str
    """The node whose gradient is meant."""
    col: int
    """Column (0-based) in the expression text."""
    text: str = ""
    """How it was written (``dW`` or ``grad(W)``), for messages; "" when made, not read."""


@dataclass(frozen=True, slots=True)
class Lit:
    """A literal list of numbers: ``[[1, 0], [0, 1]]``."""

    value: Nested
    """The nested tuples of numbers."""
    col: int
    """Column (0-based) in the expression text."""


@dataclass(frozen=True, slots=True)
class Call:
    """An operation applied to operands: ``key`` is an op table's key."""

    key: str
    """The operation (``"+"``, ``"powc"``, ``"tanh"``, ``"matmul"`` ...)."""
    args: tuple[Expr, ...]
    """The operands, in order."""
    col: int
    """Column (0-based) of the operation in the expression text."""
    arg: object = None
    """The row's constant parameter(s): None without one, the value with one, a tuple in
    the row's order with several (``(axis, keepdims)`` of a reduction)."""


Expr = Num | Ref | Call | Grad | Lit


def names(expr: Expr) -> list[Ref]:
    """Every name the expression uses, in reading order, one per use."""
    out: list[Ref] = []
    stack: list[Expr] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Ref):
            out.append(node)
        elif isinstance(node, Call):
            stack.extend(reversed(node.args))
    return out


def grads(expr: Expr) -> list[Grad]:
    """Every gradient the expression uses, in reading order."""
    out: list[Grad] = []
    stack: list[Expr] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Grad):
            out.append(node)
        elif isinstance(node, Call):
            stack.extend(reversed(node.args))
    return out


def substitute(expr: Expr, leaf: Callable[[Ref], Expr | None]) -> Expr:
    """The tree with each name ``r`` replaced by ``leaf(r)`` (None: kept)."""
    if isinstance(expr, Ref):
        new = leaf(expr)
        return expr if new is None else new
    if isinstance(expr, Call):
        args = tuple(substitute(a, leaf) for a in expr.args)
        return expr if args == expr.args else replace(expr, args=args)
    return expr


def resolve(expr: Expr, gradient_of: Callable[[str], str | None]) -> Expr:
    """Names that mean a gradient (``dX``: ``gradient_of("dX") == "X"``) become ``Grad``."""

    def leaf(ref: Ref) -> Expr | None:
        base = gradient_of(ref.name)
        return None if base is None else Grad(base, ref.col, ref.name)

    return substitute(expr, leaf)


def gradient_name(name: str, nodes: Container[str]) -> str | None:
    """The node whose gradient ``name`` means (``dW`` -> ``W``), or None.

    ``nodes``: the node names (a mapping works). A node's own name wins: in a lesson
    with nodes ``W`` and ``dW``, ``dW`` is the node (``check`` warns about such lessons;
    ``grad(W)`` always means the gradient).
    """
    if not name.startswith("d") or name in nodes:
        return None
    rest = name[1:]
    return rest if rest in nodes else None


def found_gradient(
    g: Grad,
    nodes: Container[str],
    known: Mapping[str, V] | None,
    labels: Container[str] = frozenset(),
) -> V:
    """The gradient ``g`` stands for in an answer, found by the learner (both kinds' answers).

    ``nodes``: the node names; ``known``: the gradients the learner has found, by node
    (None: no gradient may be used here); ``labels``: nodes that have no gradient.

    Raises:
        ParseError: no such node, a node of labels, no gradients here, or not found yet.

    """
    typed = g.text or f"grad({g.name})"
    if g.name not in nodes:
        raise ParseError(f"grad({g.name}): no node {g.name!r}", g.col)
    if g.name in labels:
        raise ParseError(f"{g.name} holds labels: it has no gradient", g.col)
    if known is None:
        raise ParseError(f"{typed}: gradients cannot be used here", g.col)
    if g.name not in known:
        raise ParseError(
            f"{typed} is not found yet: answer it first (or write the expression it stands for)",
            g.col,
        )
    return known[g.name]
