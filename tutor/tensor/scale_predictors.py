"""Tensor predictors of the catalogue about counts and scales.

A mean where a broadcast needs a sum (``mean_not_sum``) and a constant scale of the
forward pass dropped (``dropped_scale``).

Like ``tutor.tensor.predictors`` (whose terms and helpers they use), they read the built
graph and its terms only, never the op's key: a broadcast is a term whose VJP had to be
summed back to the operand's shape, and a constant scale is a term whose VJP is its
upstream gradient times one number while every other operand of the gate is a constant.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from tutor.mistakes import Prediction
from tutor.notation import compact as fmt
from tutor.tensor.ops import unbroadcast
from tutor.tensor.predictors import TTerm, term_fill, with_term

if TYPE_CHECKING:
    from tutor.graph.model import Graph

__all__ = ["dropped_scale", "mean_not_sum"]


def mean_not_sum(graph: Graph[np.ndarray], name: str, ts: list[TTerm]) -> Iterator[Prediction[Any]]:
    """A broadcast operand's VJP averaged over the broadcast axes instead of summed."""
    right = np.asarray(graph.nodes[name].grad)
    for t in ts:
        if t.raw.shape == t.value.shape or not t.value.size:
            continue
        n = t.raw.size / t.value.size
        p = with_term(right, ts, t, t.value / n)
        if p is not None:
            yield Prediction(p, {**term_fill(graph, name, t), "n": fmt(n)})


def _constant(graph: Graph[np.ndarray], operand: str) -> bool:
    """Whether an operand is a number written in the graph (no inputs, not a lesson input)."""
    node = graph.nodes[operand]
    return not node.inputs and operand not in graph.lesson.inputs


def _scale(t: TTerm) -> float | None:
    """The one number the term's VJP multiplies its upstream gradient by (None: no such)."""
    g, raw = np.asarray(t.upstream), np.asarray(t.raw)
    if raw.shape != g.shape or not g.size:
        return None
    j = int(np.argmax(np.abs(g)))
    if g.flat[j] == 0:
        return None
    k = float(raw.flat[j] / g.flat[j])
    if abs(k) in (0.0, 1.0) or not np.allclose(raw, k * g, rtol=1e-12, atol=0.0):
        return None
    return k


def dropped_scale(
    graph: Graph[np.ndarray], name: str, ts: list[TTerm]
) -> Iterator[Prediction[Any]]:
    """A constant scale of the forward pass (1/sqrt(d), 1/(1 - p)) left out of one term."""
    right = np.asarray(graph.nodes[name].grad)
    for t in ts:
        c = graph.nodes[t.consumer]
        others = [n for i, n in enumerate(c.inputs) if i != t.index]
        if not others or not all(_constant(graph, n) for n in others):
            continue
        k = _scale(t)
        if k is None:
            continue
        fill = {**term_fill(graph, name, t), "k": fmt(k)}
        unscaled = unbroadcast(np.array(t.upstream), t.value.shape)
        p = with_term(right, ts, t, unscaled)
        if p is not None:
            yield Prediction(p, fill, "tensor")
        # the scale the wrong way round: divided by k where the forward pass multiplies
        p = with_term(right, ts, t, unscaled / k)
        if p is not None:
            yield Prediction(p, fill, "inverted")
