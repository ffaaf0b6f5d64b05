"""Shapes for the tensor engine: errors that name shapes and elements, and ``unbroadcast``.

``unbroadcast`` is the one place broadcasting is undone (a sum over the axes a broadcast
added or stretched); ``unbroadcast_text`` writes the same sum in symbols for the VJP of a
broadcast operand (``db += sum(dZ, axis=0)``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from tutor.notation import shape_text

Shape = tuple[int, ...]
#: Operand shapes, one per operand.
Shapes = tuple[Shape, ...]
#: Operand values, one per operand.
Arrays = tuple[np.ndarray, ...]
#: Operand names (or texts), one per operand.
Names = tuple[str, ...]
#: A row's parameter, whose type depends on the row: ``(axis, keepdims)`` for reductions,
#: an axis for softmax, the exponent for ``powc``, a class count for ``onehot``, a shape
#: for ``reshape``, None for the rest. Each row's functions unpack their own.
OpArg = Any
#: ``shape(shapes, ints, arg, names)``: ``ints`` says which operands hold integer labels.
ShapeFn = Callable[[Shapes, tuple[bool, ...], OpArg, Names], Shape]


class ShapeError(ValueError):
    """Operands whose shapes (or kinds) do not fit the operation; the message names both."""


class DomainError(ValueError):
    """An element outside the operation's domain; the message names the element."""


def element(name: str, index: tuple[int, ...]) -> str:
    """Name one element: ``X[2, 1]``; a 0-d tensor is just its name."""
    return f"{name}[{', '.join(str(i) for i in index)}]" if index else name


def first_index(mask: np.ndarray) -> tuple[int, ...]:
    """Index of the first true element (row-major), as a tuple of ints."""
    flat = int(np.flatnonzero(mask)[0]) if mask.ndim else 0
    return tuple(int(i) for i in np.unravel_index(flat, mask.shape)) if mask.ndim else ()


# -- unbroadcast: the one place broadcasting is undone ----------------------------------------


def broadcast_axes(big: Shape, small: Shape) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Axes of ``big`` to sum to get back ``small``: (leading axes, kept axes of size 1)."""
    extra = len(big) - len(small)
    lead = tuple(range(extra))
    kept = tuple(extra + i for i, n in enumerate(small) if n == 1 and big[extra + i] != 1)
    return lead, kept


def unbroadcast(g: np.ndarray, shape: Shape) -> np.ndarray:
    """Sum ``g`` over the axes a broadcast added or stretched, giving an array of ``shape``."""
    if g.shape == shape:
        return g
    lead, kept = broadcast_axes(g.shape, shape)
    if lead:
        g = g.sum(axis=lead)
    if kept:
        g = g.sum(axis=tuple(a - len(lead) for a in kept), keepdims=True)
    return g.reshape(shape)


def unbroadcast_text(text: str, big: Shape, small: Shape) -> str:
    """``unbroadcast`` in symbols: ``sum(dZ, axis=0)``, ``sum(dZ, axis=(0, 2, 3), keepdims=True)``.

    One sum over every axis the broadcast stretched or added, all at once (a tuple of axes
    when there are several): stretched axes alone are kept (``keepdims=True``), added
    leading axes alone are summed away. A broadcast that does both, (1, 5) against
    (4, 3, 5), is one sum over them all, reshaped to the operand's shape, as a person
    writes it: ``reshape(sum(dZ, axis=(0, 1)), [1, 5])`` (no single sum both drops and
    keeps axes).
    """
    if tuple(big) == tuple(small):
        return text
    if not small:
        return f"sum({text})"
    lead, kept = broadcast_axes(big, small)
    if lead and kept:
        sizes = ", ".join(str(n) for n in small)
        return f"reshape(sum({text}, axis={_axes(lead + kept)}), [{sizes}])"
    if kept:
        return f"sum({text}, axis={_axes(kept)}, keepdims=True)"
    return f"sum({text}, axis={_axes(lead)})"


def _axes(axes: tuple[int, ...]) -> str:
    """``0`` for one axis, ``(0, 2)`` for several."""
    return str(axes[0]) if len(axes) == 1 else "(" + ", ".join(str(a) for a in axes) + ")"


def broadcast_shape(shapes: tuple[Shape, ...], symbol: str) -> Shape:
    """NumPy's broadcast of two shapes, or a ``ShapeError`` naming both and the clash."""
    a, b = shapes
    if a == b or not b:
        return tuple(a)
    if not a:
        return tuple(b)
    try:
        return tuple(np.broadcast_shapes(a, b))
    except ValueError:
        pass
    n = max(len(a), len(b))
    pa, pb = (1,) * (n - len(a)) + tuple(a), (1,) * (n - len(b)) + tuple(b)
    clash = next(i for i in range(n) if pa[i] != pb[i] and 1 not in (pa[i], pb[i]))
    raise ShapeError(
        f"cannot broadcast {shape_text(a)} {symbol} {shape_text(b)}: "
        f"{pa[clash]} ≠ {pb[clash]} (axis {clash - n})"
    )


def wrap(name: str) -> str:
    """Parenthesise an operand unless it is a plain name or number."""
    return name if name.replace("_", "a").replace(".", "0").isalnum() else f"({name})"
