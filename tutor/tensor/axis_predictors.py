"""Tensor predictors of the catalogue about the axes a broadcast operand's gradient sums.

A sum over other axes than the broadcast stretched (``wrong_axis``), and a sum over the
right ones with ``keepdims`` dropped or added (``keepdims``: the right numbers in another
shape). Like ``tutor.tensor.scale_predictors`` they read the built graph and its terms
only: a broadcast is a term whose VJP had to be summed back to the operand's shape.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from tutor.mistakes import Prediction
from tutor.notation import shape_text
from tutor.tensor.predictors import TTerm, term_fill, with_term

if TYPE_CHECKING:
    from tutor.graph.model import Graph

__all__ = ["keepdims", "wrong_axis"]

#: Tensors with more dimensions than this get no wrong-axis predictions (subsets grow fast).
MAX_AXIS_DIMS = 4


def wrong_axis(graph: Graph[np.ndarray], name: str, ts: list[TTerm]) -> Iterator[Prediction[Any]]:
    """A broadcast operand's VJP summed over other axes (``keepdims`` right or not)."""
    for p, _ in _axis_sums(graph, name, ts, same=False):
        yield p


def keepdims(graph: Graph[np.ndarray], name: str, ts: list[TTerm]) -> Iterator[Prediction[Any]]:
    """A broadcast operand's VJP summed over the right axes, ``keepdims`` dropped or added."""
    for p, keep in _axis_sums(graph, name, ts, same=True):
        drop = "but drops keepdims" if not keep else "but keeps the summed axes (keepdims=True)"
        yield Prediction(p.value, {**p.fill, "keep": drop})


def _axis_sums(
    graph: Graph[np.ndarray], name: str, ts: list[TTerm], same: bool
) -> Iterator[tuple[Prediction[Any], bool]]:
    """Each wrong sum of a broadcast term over some axes, and its ``keepdims``.

    ``same``: only the sums that hold the right numbers in another shape (the right axes,
    ``keepdims`` wrong); else only the others.
    """
    right = np.asarray(graph.nodes[name].grad)
    for t in ts:
        raw = t.raw
        if raw.shape == t.value.shape or not 0 < raw.ndim <= MAX_AXIS_DIMS:
            continue
        fill = term_fill(graph, name, t)
        for r in range(1, raw.ndim + 1):
            for axes in itertools.combinations(range(raw.ndim), r):
                for keep in (False, True):
                    s = raw.sum(axis=axes, keepdims=keep)
                    if s.shape == t.value.shape and np.array_equal(s, t.value):
                        continue
                    numbers = s.size == t.value.size and np.array_equal(s.ravel(), t.value.ravel())
                    p = with_term(right, ts, t, s) if numbers == same else None
                    if p is not None:
                        yield Prediction(p, {**fill, "got": shape_text(s.shape)}), keep
